"""The in-process fallback of the module helpers; no daemon needed (it is made unreachable)."""

import errno
import os
import shutil
import tempfile
import unittest
from unittest import mock

import daemon_harness  # noqa: F401  (puts client/python on sys.path)

import cached_client
from cached_client import _fallback
from cached_client._client import Client
from cached_client._helpers import Helpers


class FakeClock:
    """Monotonic seconds that only move when the code under test sleeps."""

    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class _FlakyReplace:
    """Stands in for os.replace: raises ``error`` ``failures`` times, then does the real thing."""

    def __init__(self, failures, error):
        self.failures = failures
        self.error = error
        self.calls = 0
        self.real = os.replace

    def __call__(self, src, dst, **kw):
        self.calls += 1
        if self.failures is None or self.calls <= self.failures:
            raise self.error
        return self.real(src, dst, **kw)


def _winerror(code):
    e = OSError(errno.EINVAL, "Windows error %d" % code)
    e.winerror = code
    return e


class FallbackTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cached-fallback-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.clock = FakeClock()
        self.constructed = []
        self.helpers = Helpers(clock=self.clock, sleep=self.clock.sleep, connect=self._connect)
        self.helpers.configure(socket=os.path.join(self.dir, "no-daemon.sock"), deadline=1.0)
        self.addCleanup(self.helpers.pool.reset)
        self.src = os.path.join(self.dir, ".t.tmp")
        self.dst = os.path.join(self.dir, "t.json")
        with open(self.src, "wb") as f:
            f.write(b"new")
        with open(self.dst, "wb") as f:
            f.write(b"old")

    def _connect(self, *a, **kw):
        self.constructed.append(a)
        return Client(*a, **kw)

    def content(self):
        with open(self.dst, "rb") as f:
            return f.read()

    def test_permissionErrorNTimes_isRetriedThenSucceeds(self):
        flaky = _FlakyReplace(4, PermissionError(errno.EACCES, "Access is denied", self.dst))
        with mock.patch("os.replace", flaky):
            self.helpers.replace(self.src, self.dst)
        self.assertEqual(5, flaky.calls)
        self.assertEqual(b"new", self.content())
        self.assertFalse(os.path.exists(self.src))

    def test_transientErrnosAndWinerrors_areRetried(self):
        errors = [
            OSError(errno.EBUSY, "busy"),
            OSError(errno.ETXTBSY, "text file busy"),
            OSError(errno.EPERM, "not permitted"),
            _winerror(5),
            _winerror(32),
            _winerror(33),
        ]
        for e in errors:
            with self.subTest(error=e):
                with open(self.src, "wb") as f:
                    f.write(b"new")
                flaky = _FlakyReplace(2, e)
                with mock.patch("os.replace", flaky):
                    self.helpers.replace(self.src, self.dst)
                self.assertEqual(3, flaky.calls)

    def test_stillHeldAfterDeadline_givesUpWithTheLastError(self):
        flaky = _FlakyReplace(None, PermissionError(errno.EACCES, "Access is denied", self.dst))
        start = self.clock.now
        with mock.patch("os.replace", flaky):
            with self.assertRaises(PermissionError):
                self.helpers.replace(self.src, self.dst, deadline=0.3)
        waited = self.clock.now - start
        self.assertGreater(waited, 0.3 - 0.25)  # kept trying until the last backoff step no longer fit
        self.assertLessEqual(waited, 0.3)
        self.assertGreater(flaky.calls, 4)  # 2, 4, 8, 16 ... ms backoff, not one long sleep
        self.assertEqual(flaky.calls, len(self.clock.sleeps) + 1)
        self.assertEqual(b"old", self.content())

    def test_backoff_doublesWithJitterUpToCap(self):
        flaky = _FlakyReplace(None, PermissionError(errno.EACCES, "denied"))
        with mock.patch("os.replace", flaky):
            with self.assertRaises(PermissionError):
                self.helpers.replace(self.src, self.dst, deadline=2.0)
        sleeps = self.clock.sleeps
        nominal = 0.002
        for s in sleeps:
            self.assertGreaterEqual(s, nominal / 2 - 1e-12)
            self.assertLessEqual(s, nominal + 1e-12)
            nominal = min(nominal * 2, 0.25)
        self.assertLessEqual(sum(sleeps), 2.0)
        self.assertGreater(sum(sleeps), 2.0 - 0.25)

    def test_hardError_isNotRetried(self):
        flaky = _FlakyReplace(None, FileNotFoundError(errno.ENOENT, "No such file"))
        with mock.patch("os.replace", flaky):
            with self.assertRaises(FileNotFoundError):
                self.helpers.replace(self.src, self.dst)
        self.assertEqual(1, flaky.calls)

    def test_daemonDown_laterCallsSkipTheDaemonUntilReconnectInterval(self):
        self.helpers.replace(self.src, self.dst)
        for i in range(5):
            self.helpers.write_file(self.dst, b"%d" % i)
        self.assertEqual(1, len(self.constructed))
        self.assertEqual(b"4", self.content())
        self.assertEqual([], [n for n in os.listdir(self.dir) if n.endswith(".cached-tmp")])
        self.clock.now += 3.0  # reconnect_interval later the daemon is tried again
        self.helpers.write_file(self.dst, b"again")
        self.assertEqual(2, len(self.constructed))

    def test_writeFile_fallback_failureRemovesTemp(self):
        flaky = _FlakyReplace(None, PermissionError(errno.EACCES, "denied"))
        with mock.patch("os.replace", flaky):
            with self.assertRaises(PermissionError):
                self.helpers.write_file(self.dst, b"never", deadline=0.05)
        self.assertEqual(b"old", self.content())
        self.assertEqual([], [n for n in os.listdir(self.dir) if n.endswith(".cached-tmp")])

    def test_tempName_followsThePatternAndFitsIn255Bytes(self):
        import re
        name = _fallback.temp_name("é" * 200)
        self.assertRegex(name, r"^\..*\.[0-9a-f]{16}\.cached-tmp$")
        self.assertLessEqual(len(name.encode("utf-8")), 255)
        self.assertTrue(re.match(r"^\.x\.json\.[0-9a-f]{16}\.cached-tmp$", _fallback.temp_name("x.json")))

    def test_useDaemonFalse_neverConnects(self):
        self.helpers.configure(use_daemon=False)
        self.helpers.replace(self.src, self.dst)
        self.assertEqual(b"new", self.content())
        self.assertEqual([], self.constructed)

    def test_moduleHelpers_useTheirOwnHelpers(self):
        cached_client.configure(use_daemon=False)
        self.addCleanup(cached_client.configure, use_daemon=True)
        cached_client.replace(self.src, self.dst)
        self.assertEqual(b"new", self.content())


class SocketPathTest(unittest.TestCase):
    def test_envOverrides(self):
        with mock.patch.dict(os.environ, {"CACHED_SOCKET": "/x/y.sock"}):
            self.assertEqual("/x/y.sock", cached_client.default_socket_path())

    def test_linuxDefault_usesXdgRuntimeDir(self):
        with mock.patch.dict(os.environ, {"XDG_RUNTIME_DIR": "/run/user/7"}), \
                mock.patch.object(cached_client._transport.sys, "platform", "linux"):
            os.environ.pop("CACHED_SOCKET", None)
            self.assertEqual("/run/user/7/cached/cached.sock", cached_client.default_socket_path())


if __name__ == "__main__":
    unittest.main()
