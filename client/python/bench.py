#!/usr/bin/env python3
"""The Python client against the plain temp-write + ``os.replace`` loop, in one run.

Writes N x SIZE bytes to distinct paths through the daemon (pipelined, not durable,
then one flush) and with the in-process loop, alternating the two for ``--rounds``
rounds, over each transport asked for (``--transport unix,tcp``). Reports per
transport the median round: the caller's time (until the last ``write`` returned),
the time until everything is visible (the flush answered), writes/s, and both
against the loop (caller: how many times sooner the caller is free; visible: the
time against the loop's).

Without ``--socket`` it starts a private daemon listening on ``unix,tcp``
(``CACHED_TEST_DAEMON_CMD`` or ``scripts/cached daemon``) and stops it afterwards.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from typing import Dict, List, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "tests"))

import cached_client  # noqa: E402
from cached_client import _fallback  # noqa: E402


def via_daemon(root: str, sock: str, transport: str, n: int, payload: bytes) -> Tuple[float, float]:
    """(seconds until the caller was free, seconds until flush said all is visible)."""
    c = cached_client.Client(root, socket=sock, client_name="bench.py", transport=transport)
    try:
        t0 = time.perf_counter()
        for i in range(n):
            c.write("d%02d/f%05d.json" % (i % 64, i), payload)
        sent = time.perf_counter() - t0
        failures = c.flush()
        visible = time.perf_counter() - t0
    finally:
        c.close()
    if failures:
        raise SystemExit("daemon reported %d failures, first: %s" % (len(failures), failures[0]))
    return sent, visible


def via_daemon_held(root: str, sock: str, transport: str, n: int, payload: bytes) -> Tuple[float, float]:
    """The same with the daemon's writers held until it accepted every write (a ``hold`` request).

    Returns (seconds until the caller was free, seconds from the hold's end until flush said all
    is visible): the hand-over with no writer on the CPU, then the daemon's writer alone.
    """
    admin = cached_client.Client(None, socket=sock, client_name="bench.py-hold", transport=transport)
    c = cached_client.Client(root, socket=sock, client_name="bench.py", transport=transport)
    try:
        admin.hold(60)
        t0 = time.perf_counter()
        for i in range(n):
            c.write("d%02d/f%05d.json" % (i % 64, i), payload)
        sent = time.perf_counter() - t0
        c.status()  # answered once the daemon read and accepted every write before it
        admin.hold(0)
        released = time.perf_counter()
        failures = c.flush()
        drain = time.perf_counter() - released
    finally:
        c.close()
        admin.close()
    if failures:
        raise SystemExit("daemon reported %d failures, first: %s" % (len(failures), failures[0]))
    return sent, drain


def in_process(root: str, n: int, payload: bytes) -> float:
    t0 = time.perf_counter()
    made = set()
    for i in range(n):
        d = os.path.join(root, "d%02d" % (i % 64))
        if d not in made:
            os.makedirs(d, exist_ok=True)
            made.add(d)
        name = "f%05d.json" % i
        tmp = os.path.join(d, _fallback.temp_name(name))
        with open(tmp, "wb") as f:
            f.write(payload)
        os.replace(tmp, os.path.join(d, name))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--rounds", type=int, default=3, help="alternated rounds of each (the median is shown)")
    ap.add_argument("--transport", default="unix,tcp", help="comma-separated: unix, tcp")
    ap.add_argument("--dir", default=None, help="parent of the target trees (default: a temp dir)")
    ap.add_argument("--socket", default=None, help="use a running daemon instead of starting one")
    ap.add_argument("--warmup", type=int, default=1, help="untimed rounds through the daemon first (JIT warm-up)")
    ap.add_argument("--no-held", dest="held", action="store_false",
                    help="leave out the round with the daemon's writers held (a 'hold' request) until it accepted"
                         " every write: the hand-over alone, then the writer alone")
    args = ap.parse_args()
    transports = [t.strip() for t in args.transport.split(",") if t.strip()]

    base = tempfile.mkdtemp(prefix="cached-bench-", dir=args.dir)
    daemon = None
    try:
        sock = args.socket
        if sock is None:
            from daemon_harness import Daemon
            daemon = Daemon(listen="unix,tcp").start()
            sock = daemon.socket
        payload = os.urandom(args.size)
        for w in range(args.warmup):
            via_daemon(os.path.join(base, "warmup%d" % w), sock, transports[0], args.count, payload)
        loop = []  # type: List[float]
        runs = {t: [] for t in transports}  # type: Dict[str, List[Tuple[float, float]]]
        held = []  # type: List[Tuple[float, float]]
        for r in range(args.rounds):
            # Alternate which goes first, so neither always meets the other's leftovers.
            order = ["loop"] + transports if r % 2 == 0 else transports + ["loop"]
            if args.held:
                order.append("held")
            for what in order:
                root = os.path.join(base, "%s%d" % (what, r))
                if what == "loop":
                    loop.append(in_process(root, args.count, payload))
                elif what == "held":
                    held.append(via_daemon_held(root, sock, transports[0], args.count, payload))
                else:
                    runs[what].append(via_daemon(root, sock, what, args.count, payload))
                shutil.rmtree(root, ignore_errors=True)
        direct = statistics.median(loop)
        print("%d x %d B to distinct paths, %d alternated rounds (medians), %d warm-up" %
              (args.count, args.size, args.rounds, args.warmup))
        print("%-28s %9s %11s %9s %11s %9s" % ("", "caller s", "writes/s", "visible s", "writes/s", "vs loop"))
        print("%-28s %9.3f %11.0f %9.3f %11.0f %9s" % ("temp + os.replace loop", direct, args.count / direct,
                                                      direct, args.count / direct, "1.00x"))
        for t in transports:
            sent = statistics.median(s for s, _ in runs[t])
            vis = statistics.median(v for _, v in runs[t])
            print("%-28s %9.3f %11.0f %9.3f %11.0f   caller %.1fx sooner, visible %.2fx the loop's time" %
                  ("cached_client over " + t, sent, args.count / sent, vis, args.count / vis, direct / sent,
                   vis / direct))
        if held:
            sent = statistics.median(s for s, _ in held)
            drain = statistics.median(d for _, d in held)
            print("%-28s %9.3f %11.0f   caller %.1fx sooner; once the hold ended, the writer alone took %.3f s, %.2fx"
                  " the loop's time" % ("writers held, over " + transports[0], sent, args.count / sent, direct / sent,
                                        drain, drain / direct))
    finally:
        if daemon is not None:
            daemon.cleanup()
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
