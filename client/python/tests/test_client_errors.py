"""Error answers, refusals and limits of the Python client against the real daemon."""

import os
import unittest
from unittest import mock

from daemon_harness import PROMPT, DaemonTestCase

import cached_client
from cached_client import CachedError, CachedUnavailable, Client


class ErrorsTest(DaemonTestCase):
    def test_dotDotPath_isOutsideRoot_reportedByFlush(self):
        c = self.client()
        c.write("ok1", b"1")
        c.write("a/../../escape", b"x")
        c.write("ok2", b"2")
        failures = c.flush(timeout=PROMPT)
        self.assertEqual(1, len(failures), failures)
        self.assertEqual(("a/../../escape", "write", "OUTSIDE_ROOT"), failures[0][:3])
        self.assertTrue(failures[0].message)
        self.assertEqual(b"2", self.read("ok2"))
        self.assertFalse(os.path.exists(os.path.join(os.path.dirname(self.root), "escape")))
        self.assertEqual([], c.flush(timeout=PROMPT), "a failure is reported once")

    def test_dotDotPath_isOutsideRoot_raisedByDurable(self):
        c = self.client()
        with self.assertRaises(CachedError) as cm:
            c.write("../escape", b"x", durable=True)
        self.assertEqual("OUTSIDE_ROOT", cm.exception.code)
        with self.assertRaises(CachedError) as cm:
            c.delete("../escape", durable=True)
        self.assertEqual("OUTSIDE_ROOT", cm.exception.code)
        self.assertEqual("written", c.write("still-usable", b"y", durable=True))

    def test_durableDiskFailure_raisedOnce_notRepeatedByFlush(self):
        c = self.client()
        c.write("file", b"x", durable=True)
        with self.assertRaises(CachedError) as cm:
            c.write("file/under", b"y", durable=True)  # parent is a file
        self.assertEqual("IO_ERROR", cm.exception.code)
        self.assertIn("file", cm.exception.message)
        self.assertEqual([], c.flush(timeout=PROMPT))

    def test_flush_listsDiskFailureOfEarlierQueuedWrite(self):
        """Contract 4: flush lists the failures of every write sent before it.

        Regression: Connection.flush waited on WriteOp.done, whose dependents run
        last-registered-first, so the flush answer was built before the failure was
        recorded and the failure turned up in the next flush, about half the time
        (fixed in f6e3141).
        """
        c = self.client()
        for i in range(50):
            c.write("f%d" % i, b"x", durable=True)
            c.write("f%d/under" % i, b"y")  # parent is a file: IO_ERROR on disk
            failures = c.flush(timeout=PROMPT)
            self.assertEqual([("f%d/under" % i, "write", "IO_ERROR")], [f[:3] for f in failures], "round %d" % i)

    def test_badPath_tempFileName(self):
        c = self.client()
        with self.assertRaises(CachedError) as cm:
            c.write(".x.0123456789abcdef.cached-tmp", b"x", durable=True)
        self.assertEqual("BAD_PATH", cm.exception.code)

    def test_payloadAboveMaxPayload_isTooLargeBeforeSending(self):
        c = self.client()
        self.assertIsInstance(c.limits.get("maxPayload"), int)
        c._max_payload = 10  # as if the daemon said so in its hello
        with self.assertRaises(CachedError) as cm:
            c.write("big", b"x" * 11)
        self.assertEqual("TOO_LARGE", cm.exception.code)
        self.assertEqual("written", c.write("small", b"x" * 10, durable=True))

    def test_protocolMismatch_saysHowToFix(self):
        with mock.patch.object(cached_client._wire, "PROTOCOL", 99):
            with self.assertRaises(CachedError) as cm:
                Client(self.root, socket=self.daemon.socket)
        self.assertEqual("PROTOCOL_VERSION", cm.exception.code)
        self.assertIn("cached stop", str(cm.exception))

    def test_noDaemonAtSocket_isCachedUnavailable(self):
        with self.assertRaises(CachedUnavailable) as cm:
            Client(self.root, socket=os.path.join(self.root, "nope.sock"))
        self.assertIn("nope.sock", str(cm.exception))

    def test_status_returnsDictWithPid(self):
        c = self.client()
        c.write("s", b"1")
        st = c.status()
        self.assertIsInstance(st, dict)
        self.assertEqual(self.daemon.proc.pid, st.get("pid"), st)
        self.assertEqual([], c.flush(timeout=PROMPT))

    def test_close_isIdempotent_andLaterCallsFailPromptly(self):
        c = self.client()
        c.close()
        c.close()
        self.assertTrue(c.closed)
        with self.assertRaises(CachedUnavailable):
            c.write("after-close", b"1")

    def test_contextManager_closes(self):
        with Client(self.root, socket=self.daemon.socket) as c:
            c.write("cm", b"1")
            self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertTrue(c.closed)


if __name__ == "__main__":
    unittest.main()
