"""Starts and stops a real ``cached`` daemon for the tests.

The daemon command is the JSON argv array in ``CACHED_TEST_DAEMON_CMD``, or
``[<repo>/scripts/cached, "daemon"]``; the harness appends
``--socket <tmp>/s/cached.sock --state-dir <tmp>/state`` and runs it in the
foreground. Readiness is a connect() that succeeds, polled up to a deadline.

The Windows path: with ``CACHED_TEST_HIDE_AF_UNIX=1`` and ``tests/no_af_unix`` on
``PYTHONPATH`` (see :func:`pythonpath`), this Python and every Python the tests start
have no ``socket.AF_UNIX``; the daemons then listen on ``unix,tcp`` and the client's
``auto`` transport goes over loopback TCP.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from typing import List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # client/python, when not pip-installed

import cached_client  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
# Every wait on the daemon in the tests must end within this; a hang is a failure.
PROMPT = 10.0
NO_AF_UNIX_DIR = os.path.join(HERE, "no_af_unix")
#: This run hides AF_UNIX (the Windows path): every client goes over TCP.
HIDE_AF_UNIX = os.environ.get("CACHED_TEST_HIDE_AF_UNIX") == "1"
if HIDE_AF_UNIX and hasattr(socket, "AF_UNIX"):
    raise RuntimeError("CACHED_TEST_HIDE_AF_UNIX=1 but socket.AF_UNIX is there: put %s on PYTHONPATH" % NO_AF_UNIX_DIR)
#: ``CACHED_TEST_TOOLS=0`` leaves out the tests that run real mypy and black (minutes each):
#: PythonClientTest's TCP run does, the Unix run covers them.
TOOLS = os.environ.get("CACHED_TEST_TOOLS", "1") != "0"
needs_tools = unittest.skipUnless(TOOLS, "CACHED_TEST_TOOLS=0: the mypy/black runs are left out of this run")
START_DEADLINE = float(os.environ.get("CACHED_TEST_START_TIMEOUT", "60"))
STOP_DEADLINE = 20.0


def daemon_command() -> List[str]:
    raw = os.environ.get("CACHED_TEST_DAEMON_CMD")
    if raw:
        argv = json.loads(raw)
        if not isinstance(argv, list) or not argv or not all(isinstance(a, str) for a in argv):
            raise ValueError("CACHED_TEST_DAEMON_CMD : %r (expected: a JSON array of strings)" % raw)
        return argv
    return [os.path.join(REPO, "scripts", "cached"), "daemon"]


def pythonpath(*dirs: str) -> str:
    """A ``PYTHONPATH`` for a child Python: ``dirs``, and the shim that hides AF_UNIX in this run."""
    return os.pathsep.join(list(dirs) + ([NO_AF_UNIX_DIR] if HIDE_AF_UNIX else []))


def within(seconds: float, fn):
    """Run ``fn`` on a thread; its result or exception, or fail if it is not done in ``seconds``."""
    out = {}

    def run():
        try:
            out["v"] = fn()
        except BaseException as e:  # handed to the caller
            out["v"] = e

    t = threading.Thread(target=run, name="within", daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        raise AssertionError("%r did not finish within %.0f s" % (fn, seconds))
    return out["v"]


class Daemon:
    """One daemon process in its own temp directory."""

    def __init__(self, listen: Optional[str] = None) -> None:
        """:param listen: the daemon's ``--listen``; default ``unix,tcp`` when this Python has no AF_UNIX."""
        self.listen = listen or ("unix,tcp" if not hasattr(socket, "AF_UNIX") else None)
        self.dir = tempfile.mkdtemp(prefix="cached-pytest-")
        self.socket = os.path.join(self.dir, "s", "cached.sock")
        self.state = os.path.join(self.dir, "state")
        self.log_path = os.path.join(self.dir, "daemon.log")
        self.proc = None  # type: Optional[subprocess.Popen]

    def start(self) -> "Daemon":
        argv = daemon_command() + ["--socket", self.socket, "--state-dir", self.state]
        if self.listen:
            argv += ["--listen", self.listen]
        env = dict(os.environ)
        env["XDG_CONFIG_HOME"] = os.path.join(self.dir, "config")  # no user config leaks in
        env.pop("CACHED_CONFIG", None)
        env["CACHED_SOCKET"] = self.socket
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        deadline = time.monotonic() + START_DEADLINE
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("daemon exited with %s before listening: %s\n%s"
                                   % (self.proc.returncode, argv, self.log()))
            if self._connectable():
                return self
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("daemon not listening on %s after %.0f s: %s\n%s"
                                   % (self.socket, START_DEADLINE, argv, self.log()))
            time.sleep(0.02)

    @property
    def endpoint(self) -> str:
        """The endpoint file (there while the daemon listens on tcp)."""
        return self.socket + ".endpoint"

    def _connectable(self) -> bool:
        if self.listen and "tcp" in self.listen and not os.path.exists(self.endpoint):
            return False
        if not hasattr(socket, "AF_UNIX"):
            try:
                cached_client.Client(None, socket=self.socket, client_name="pytest (ready?)", connect_timeout=1.0).close()
                return True
            except cached_client.CachedError:
                return False
        if not os.path.exists(self.socket):
            return False
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.settimeout(1.0)
            s.connect(self.socket)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=STOP_DEADLINE)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=STOP_DEADLINE)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_DEADLINE)

    def log(self) -> str:
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-8000:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class DaemonTestCase(unittest.TestCase):
    """A test class with one daemon for all its tests, and a fresh root per test."""

    daemon = None  # type: Daemon

    @classmethod
    def setUpClass(cls) -> None:
        cls.daemon = Daemon().start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.daemon.cleanup()

    def setUp(self) -> None:
        self.root = tempfile.mkdtemp(prefix="root-", dir=self.daemon.dir)
        cached_client.configure(socket=self.daemon.socket)

    def tearDown(self) -> None:
        cached_client._reset_clients()

    def client(self, **kw) -> cached_client.Client:
        c = cached_client.Client(self.root, socket=self.daemon.socket, client_name="pytest", **kw)
        self.addCleanup(c.close)
        return c

    def read(self, rel: str) -> bytes:
        with open(os.path.join(self.root, rel), "rb") as f:
            return f.read()

    def temps(self) -> List[str]:
        found = []
        for d, _, files in os.walk(self.root):
            found += [os.path.join(d, f) for f in files if f.endswith(".cached-tmp")]
        return found
