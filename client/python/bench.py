#!/usr/bin/env python3
"""Writes N x SIZE bytes through the daemon (pipelined, then flush) and with a plain
temp-write + os.replace loop in the same directory tree, and prints both rates.

Without ``--socket`` it starts a private daemon (``CACHED_TEST_DAEMON_CMD`` or
``scripts/cached daemon``) in a temp directory and stops it afterwards.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from typing import Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tests"))

import cached_client  # noqa: E402


def via_daemon(root: str, sock: str, n: int, payload: bytes) -> "Tuple[float, float]":
    """(seconds the caller spent sending, seconds until flush said all is on disk)."""
    t0 = time.perf_counter()
    with cached_client.Client(root, socket=sock, client_name="bench.py") as c:
        for i in range(n):
            c.write("d%02d/f%05d.json" % (i % 64, i), payload)
        sent = time.perf_counter() - t0
        failures = c.flush()
    elapsed = time.perf_counter() - t0
    if failures:
        raise SystemExit("daemon reported %d failures, first: %s" % (len(failures), failures[0]))
    return sent, elapsed


def in_process(root: str, n: int, payload: bytes) -> float:
    t0 = time.perf_counter()
    made = set()
    for i in range(n):
        d = os.path.join(root, "d%02d" % (i % 64))
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        target = os.path.join(d, "f%05d.json" % i)
        tmp = os.path.join(d, cached_client._fallback.temp_name("f%05d.json" % i))
        with open(tmp, "wb") as f:
            f.write(payload)
        os.replace(tmp, target)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--dir", default=None, help="parent of the two target trees (default: a temp dir)")
    ap.add_argument("--socket", default=None, help="use a running daemon instead of starting one")
    ap.add_argument("--warmup", type=int, default=0, help="rounds through the daemon first (JIT warm-up), not timed")
    args = ap.parse_args()

    base = tempfile.mkdtemp(prefix="cached-bench-", dir=args.dir)
    daemon = None
    try:
        sock = args.socket
        if sock is None:
            from daemon_harness import Daemon
            daemon = Daemon().start()
            sock = daemon.socket
        payload = os.urandom(args.size)
        mib = args.count * args.size / (1 << 20)
        for w in range(args.warmup):
            via_daemon(os.path.join(base, "warmup%d" % w), sock, args.count, payload)
        sent, d = via_daemon(os.path.join(base, "daemon"), sock, args.count, payload)
        p = in_process(os.path.join(base, "inproc"), args.count, payload)
        print("files: %d x %d B (%.1f MiB) under %s, %d warm-up rounds" % (args.count, args.size, mib, base, args.warmup))
        print("cached client, until flush done:   %8.3f s  %9.0f files/s  %7.1f MiB/s" % (d, args.count / d, mib / d))
        print("  of which the caller was sending: %8.3f s  %9.0f files/s" % (sent, args.count / sent))
        print("in-process temp + os.replace:      %8.3f s  %9.0f files/s  %7.1f MiB/s" % (p, args.count / p, mib / p))
    finally:
        if daemon is not None:
            daemon.cleanup()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
