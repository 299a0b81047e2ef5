"""``cached-run [--root DIR]... [--socket PATH] -- COMMAND [ARGS...]``

Runs COMMAND so that every Python process it starts, and their children, route
``os.replace`` / ``os.rename`` into the roots through the daemon (see ``_pending``).

Before COMMAND starts: the daemon is started if none answers (``CACHED_DAEMON_CMD``,
else ``cached`` on ``PATH``; ``--no-autostart`` or ``CACHED_AUTOSTART=0`` to skip),
and writes it still holds from an earlier run are waited for, up to ``--settle``
seconds, so the tool never reads half of the previous run's cache. Without a
daemon the tool runs with the in-process fallback. The exit status is COMMAND's.
"""

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from typing import List, Optional

from ._client import Client
from ._hook import settle_daemon
from ._transport import default_socket_path, resolve
from ._wire import CachedError

BOOT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_boot")
AUTOSTART_WAIT = 20.0


def parser(prog: str = "cached-run") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, usage="%(prog)s [--root DIR]... [--socket PATH] -- COMMAND [ARGS...]",
                                description="Run COMMAND with its Python processes' cache replaces going "
                                            "through the cached daemon.")
    p.add_argument("--root", action="append", default=[], metavar="DIR",
                   help="a cache directory (repeatable); added to CACHED_ROOTS")
    p.add_argument("--socket", help="the daemon's socket (default: CACHED_SOCKET, else the platform's)")
    p.add_argument("--settle", type=float, default=5.0, metavar="SECONDS",
                   help="how long to wait for the daemon's pending writes of an earlier run (default 5)")
    p.add_argument("--no-autostart", action="store_true", help="do not start a daemon when none answers")
    p.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    return p


def environment(roots: List[str], socket: Optional[str], base: Optional[dict] = None) -> dict:
    """COMMAND's environment: ``CACHED_ROOTS``, ``CACHED_SOCKET``, the boot directory on ``PYTHONPATH``."""
    env = dict(os.environ if base is None else base)
    old = [r for r in env.get("CACHED_ROOTS", "").split(os.pathsep) if r]
    new = [os.path.abspath(r) for r in roots]
    env["CACHED_ROOTS"] = os.pathsep.join(old + [r for r in new if r not in old])
    if socket:
        env["CACHED_SOCKET"] = socket
    path = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != BOOT_DIR]
    env["PYTHONPATH"] = os.pathsep.join([BOOT_DIR] + path)
    return env


def daemon_command(environ: dict) -> Optional[List[str]]:
    """The ``cached`` command to autostart: ``CACHED_DAEMON_CMD`` (JSON array or words), else ``cached`` on PATH."""
    raw = (environ.get("CACHED_DAEMON_CMD") or "").strip()
    if raw.startswith("["):
        argv = json.loads(raw)
        if isinstance(argv, list) and argv and all(isinstance(a, str) for a in argv):
            return argv
        raise ValueError("CACHED_DAEMON_CMD : %r (expected: a JSON array of strings)" % raw)
    if raw:
        return shlex.split(raw)
    found = shutil.which("cached")
    return [found] if found else None


def listen_args(environ: dict) -> List[str]:
    """``--listen unix,tcp`` when this process reaches the daemon over TCP (no ``AF_UNIX``, or
    ``CACHED_TRANSPORT=tcp``), so that the daemon it starts listens where it can connect; the Unix
    socket stays for the clients that have it. Else nothing: the daemon's default."""
    try:
        tcp = resolve(environ.get("CACHED_TRANSPORT") or "auto") == "tcp"
    except ValueError:
        return []  # the connect reports the bad value
    return ["--listen", "unix,tcp"] if tcp else []


def ensure_daemon(socket: str, environ: dict, wait: float = AUTOSTART_WAIT) -> str:
    """Connect, or start the daemon and wait for it; a one-line account of what happened."""
    try:
        Client(None, socket=socket, client_name="cached-run", connect_timeout=2.0,
               transport=environ.get("CACHED_TRANSPORT")).close()
        return "up"
    except CachedError:
        pass
    cmd = daemon_command(environ)
    if not cmd:
        return "no daemon, and none to start (set CACHED_DAEMON_CMD or put cached on PATH)"
    os.makedirs(os.path.dirname(socket) or ".", mode=0o700, exist_ok=True)
    argv = cmd + ["daemon", "--background", "--socket", socket] + listen_args(environ)
    with open(socket + ".autostart.out", "ab") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env=environ)
    t0 = time.monotonic()
    delay = 0.01
    while True:
        try:
            Client(None, socket=socket, client_name="cached-run", connect_timeout=2.0,
               transport=environ.get("CACHED_TRANSPORT")).close()
            return "started %s (pid %d) in %.0f ms" % (argv[0], proc.pid, (time.monotonic() - t0) * 1000)
        except CachedError:
            pass
        if time.monotonic() - t0 > wait:
            return "started %s, but nothing answered on %s within %.0f s" % (argv[0], socket, wait)
        try:
            proc.wait(delay)  # returns early when the child exits (say, it lost the start race)
        except subprocess.TimeoutExpired:
            pass
        if proc.poll() is not None:
            time.sleep(delay)  # the winner of the race is still binding its socket
        delay = min(delay * 2, 0.02)


def prepare(roots: List[str], socket: Optional[str], settle: float, autostart: bool, quiet: bool = False) -> dict:
    """Everything before COMMAND starts; returns its environment."""
    env = environment(roots, socket)
    sock = socket or env.get("CACHED_SOCKET") or default_socket_path()
    if autostart and env.get("CACHED_AUTOSTART", "1").lower() not in ("0", "false", "no"):
        note = ensure_daemon(sock, env)
        if note != "up" and not quiet:
            sys.stderr.write("cached-run: %s\n" % note)
    late = settle_daemon(sock, settle)
    if late and not quiet:
        sys.stderr.write(late + "\n")
    env["CACHED_SETTLED"] = "1"
    return env


def run(command: List[str], env: dict) -> int:
    try:
        return subprocess.call(command, env=env)
    except OSError as e:
        sys.stderr.write("cached-run: cannot run %s: %s\n" % (command[0], e))
        return 127
    except KeyboardInterrupt:
        return 130


def main(argv: Optional[List[str]] = None) -> int:
    args = parser().parse_args(sys.argv[1:] if argv is None else argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser().error("no COMMAND (expected: cached-run [--root DIR]... -- COMMAND [ARGS...])")
    if not args.root and not os.environ.get("CACHED_ROOTS"):
        parser().error("no --root and no CACHED_ROOTS: nothing would go through the daemon")
    env = prepare(args.root, args.socket, args.settle, not args.no_autostart)
    return run(command, env)


if __name__ == "__main__":
    sys.exit(main())
