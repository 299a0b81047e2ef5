"""The Python client against the real daemon (see daemon_harness for how it starts)."""

import os
import threading
import time
import unittest

from daemon_harness import DaemonTestCase, Daemon

import cached_client
from cached_client import CachedError, CachedUnavailable, Client

# Every wait on the daemon in these tests must end within this; a hang is a failure.
PROMPT = 10.0


class WriteDeleteReplaceTest(DaemonTestCase):
    def test_writeThenFlush_filesHoldExactBytes(self):
        c = self.client()
        blobs = {"a.json": b"{}", "deep/er/b.bin": bytes(range(256)) * 17, "empty": b""}
        for path, data in blobs.items():
            self.assertIsNone(c.write(path, data))
        self.assertEqual([], c.flush(timeout=PROMPT))
        for path, data in blobs.items():
            self.assertEqual(data, self.read(path), path)
        self.assertEqual([], self.temps())

    def test_write_acceptsBytearrayAndMemoryview(self):
        c = self.client()
        c.write("ba", bytearray(b"xyz"))
        c.write("mv", memoryview(b"0123456789")[2:5])
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertEqual(b"xyz", self.read("ba"))
        self.assertEqual(b"234", self.read("mv"))

    def test_write_str_isTypeError(self):
        with self.assertRaises(TypeError):
            self.client().write("a", "text")

    def test_durableWrite_returnsWrittenWithFileInPlace(self):
        c = self.client()
        self.assertEqual("written", c.write("d/x.json", b"durable!", durable=True))
        self.assertEqual(b"durable!", self.read("d/x.json"))

    def test_absolutePathInsideRoot_isMadeRelative(self):
        c = self.client()
        self.assertEqual("written", c.write(os.path.join(self.root, "abs", "f"), b"1", durable=True))
        self.assertEqual(b"1", self.read("abs/f"))

    def test_absolutePathOutsideRoot_isValueErrorBeforeSending(self):
        c = self.client()
        with self.assertRaisesRegex(ValueError, "outside the root"):
            c.write(os.path.join(os.path.dirname(self.root), "elsewhere"), b"1")
        with self.assertRaisesRegex(ValueError, "outside the root"):
            c.write(self.root, b"1")
        self.assertEqual([], c.flush(timeout=PROMPT))

    def test_delete_queuedAndDurable(self):
        c = self.client()
        c.write("gone1", b"a")
        c.write("gone2", b"b")
        self.assertEqual([], c.flush(timeout=PROMPT))
        c.delete("gone1")
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertFalse(os.path.exists(os.path.join(self.root, "gone1")))
        self.assertEqual("deleted", c.delete("gone2", durable=True))
        self.assertFalse(os.path.exists(os.path.join(self.root, "gone2")))
        self.assertEqual("deleted", c.delete("never-existed", durable=True))

    def test_deleteAfterWrite_leavesNoFile(self):
        c = self.client()
        c.write("wd", b"soon gone")
        c.delete("wd")
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertFalse(os.path.exists(os.path.join(self.root, "wd")))

    def test_replace_movesExistingTempOntoTarget(self):
        c = self.client()
        os.makedirs(os.path.join(self.root, "r"))
        tmp = os.path.join(self.root, "r", ".t.json.tmp1")
        with open(tmp, "wb") as f:
            f.write(b"from temp")
        c.write("r/t.json", b"old")
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertEqual("written", c.replace("r/.t.json.tmp1", "r/t.json", durable=True))
        self.assertEqual(b"from temp", self.read("r/t.json"))
        self.assertFalse(os.path.exists(tmp))

    def test_replace_queuedWithAbsolutePaths(self):
        c = self.client()
        tmp = os.path.join(self.root, ".q.tmp")
        with open(tmp, "wb") as f:
            f.write(b"queued replace")
        c.replace(tmp, os.path.join(self.root, "q"))
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertEqual(b"queued replace", self.read("q"))

    def test_replace_fromOtherDirectory_isBadPath(self):
        c = self.client()
        os.makedirs(os.path.join(self.root, "one"))
        os.makedirs(os.path.join(self.root, "two"))
        with open(os.path.join(self.root, "one", "src"), "wb") as f:
            f.write(b"x")
        with self.assertRaises(CachedError) as cm:
            c.replace("one/src", "two/dst", durable=True)
        self.assertEqual("BAD_PATH", cm.exception.code)
        self.assertFalse(os.path.exists(os.path.join(self.root, "two", "dst")))
        # queued: the same refusal comes back from flush
        c.replace("one/src", "two/dst")
        failures = c.flush(timeout=PROMPT)
        self.assertEqual(["BAD_PATH"], [f.code for f in failures])
        self.assertEqual("replace", failures[0].op)
        self.assertEqual("two/dst", failures[0].path)


class PipelineAndThreadsTest(DaemonTestCase):
    def test_pipelined2000Writes_thenFlush_allOnDisk(self):
        c = self.client()
        t0 = time.monotonic()
        for i in range(2000):
            c.write("p/%d.json" % (i % 50) + "/f%d" % i, b"%d" % i * 10)
        failures = c.flush(timeout=60)
        self.assertEqual([], failures)
        self.assertLess(time.monotonic() - t0, 60)
        for i in range(0, 2000, 97):
            self.assertEqual(b"%d" % i * 10, self.read("p/%d.json/f%d" % (i % 50, i)))
        self.assertEqual([], self.temps())

    def test_samePathRewritten_lastWriteWins(self):
        c = self.client()
        for i in range(500):
            c.write("same", b"v%d" % i)
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertEqual(b"v499", self.read("same"))

    def test_fourThreadsShareOneClient(self):
        c = self.client()
        errors = []

        def work(t):
            try:
                for i in range(300):
                    if i % 50 == 0:
                        self.assertEqual("written", c.write("t%d/d%d" % (t, i), b"D", durable=True))
                    else:
                        c.write("t%d/f%d" % (t, i), b"%d-%d" % (t, i))
            except BaseException as e:  # reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(PROMPT * 3)
            self.assertFalse(th.is_alive(), "writer thread hung")
        self.assertEqual([], errors)
        self.assertEqual([], c.flush(timeout=PROMPT))
        for t in range(4):
            for i in range(1, 300, 7):
                if i % 50:
                    self.assertEqual(b"%d-%d" % (t, i), self.read("t%d/f%d" % (t, i)))

    def test_orderedConnection_works(self):
        c = self.client(ordered=True)
        for i in range(100):
            c.write("o/%d" % i, b"x")
        self.assertEqual([], c.flush(timeout=PROMPT))
        self.assertEqual(100, len(os.listdir(os.path.join(self.root, "o"))))


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
        c._max_payload = 10
        with self.assertRaises(CachedError) as cm:
            c.write("big", b"x" * 11)
        self.assertEqual("TOO_LARGE", cm.exception.code)
        self.assertEqual("written", c.write("small", b"x" * 10, durable=True))

    def test_protocolMismatch_saysHowToFix(self):
        old = cached_client.PROTOCOL
        cached_client.PROTOCOL = 99
        try:
            with self.assertRaises(CachedError) as cm:
                Client(self.root, socket=self.daemon.socket)
        finally:
            cached_client.PROTOCOL = old
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


class HelpersViaDaemonTest(DaemonTestCase):
    def test_replaceHelper_goesThroughDaemon(self):
        src = os.path.join(self.root, ".x.tmp")
        dst = os.path.join(self.root, "x.json")
        with open(src, "wb") as f:
            f.write(b"via daemon")
        cached_client.replace(src, dst)
        self.assertEqual(b"via daemon", self.read("x.json"))
        self.assertFalse(os.path.exists(src))
        self.assertIn(os.path.abspath(self.root), cached_client._clients)

    def test_replaceHelper_missingSrc_raisesFileNotFoundLikeOsReplace(self):
        with self.assertRaises(FileNotFoundError):
            cached_client.replace(os.path.join(self.root, "missing"), os.path.join(self.root, "t"))

    def test_replaceHelper_srcInOtherDirectory_fallsBackInProcess(self):
        other = os.path.join(self.root, "sub")
        os.makedirs(other)
        src = os.path.join(other, "s")
        with open(src, "wb") as f:
            f.write(b"cross-dir")
        cached_client.replace(src, os.path.join(self.root, "t"))
        self.assertEqual(b"cross-dir", self.read("t"))
        self.assertNotIn(os.path.abspath(self.root), cached_client._clients)

    def test_writeFileHelper_goesThroughDaemon(self):
        cached_client.write_file(os.path.join(self.root, "w.json"), b"written by helper")
        self.assertEqual(b"written by helper", self.read("w.json"))
        self.assertIn(os.path.abspath(self.root), cached_client._clients)
        self.assertEqual([], self.temps())


class DaemonDeathTest(unittest.TestCase):
    """SIGKILL of the daemon mid-stream: waits fail promptly, helpers fall back."""

    def setUp(self):
        self.daemon = Daemon().start()
        self.addCleanup(self.daemon.cleanup)
        self.root = os.path.join(self.daemon.dir, "root")
        os.makedirs(self.root)
        cached_client.configure(socket=self.daemon.socket)
        self.addCleanup(cached_client._reset_clients)

    def test_sigkillMidStream_pendingAndNextCallsFailPromptly(self):
        c = Client(self.root, socket=self.daemon.socket)
        self.addCleanup(c.close)
        outcome = {}
        started = threading.Event()

        def stream():
            try:
                for i in range(1000000):
                    c.write("k/%d" % (i % 1000), b"x" * 4096)
                    if i == 200:
                        started.set()
                outcome["writer"] = "finished"
            except CachedUnavailable as e:
                outcome["writer"] = e
            except BaseException as e:
                outcome["writer"] = e
            finally:
                started.set()

        def durable_waiter():
            try:
                while True:
                    c.write("dur", b"d", durable=True)
            except BaseException as e:
                outcome["durable"] = e

        writer = threading.Thread(target=stream)
        waiter = threading.Thread(target=durable_waiter)
        writer.start()
        waiter.start()
        self.assertTrue(started.wait(PROMPT))
        t0 = time.monotonic()
        self.daemon.kill()
        writer.join(PROMPT)
        waiter.join(PROMPT)
        self.assertFalse(writer.is_alive(), "pipelined writer hung after the daemon died")
        self.assertFalse(waiter.is_alive(), "durable wait hung after the daemon died")
        self.assertLess(time.monotonic() - t0, PROMPT)
        self.assertIsInstance(outcome["writer"], CachedUnavailable)
        self.assertIsInstance(outcome["durable"], CachedUnavailable)
        t1 = time.monotonic()
        with self.assertRaises(CachedUnavailable):
            c.flush()
        with self.assertRaises(CachedUnavailable):
            c.write("next", b"1")
        self.assertLess(time.monotonic() - t1, 1.0)

    def test_pendingFlush_failsWhenDaemonDies(self):
        c = Client(self.root, socket=self.daemon.socket)
        self.addCleanup(c.close)
        for i in range(3000):
            c.write("f/%d" % i, b"y" * 8192)
        result = {}

        def flush():
            try:
                result["v"] = c.flush()
            except BaseException as e:
                result["v"] = e

        t = threading.Thread(target=flush)
        t.start()
        self.daemon.kill()
        t.join(PROMPT)
        self.assertFalse(t.is_alive(), "flush hung after the daemon died")
        # The flush may have been answered before the kill; otherwise it must fail cleanly.
        self.assertTrue(isinstance(result["v"], (list, CachedUnavailable)), result)

    def test_replaceHelper_afterKill_fallsBackAndStillReplaces(self):
        src = os.path.join(self.root, ".a.tmp")
        dst = os.path.join(self.root, "a.json")
        with open(src, "wb") as f:
            f.write(b"first")
        cached_client.replace(src, dst)  # through the daemon; the client is cached
        self.assertIn(os.path.abspath(self.root), cached_client._clients)
        self.daemon.kill()
        with open(src, "wb") as f:
            f.write(b"second")
        t0 = time.monotonic()
        cached_client.replace(src, dst)
        self.assertLess(time.monotonic() - t0, 2.0)
        with open(dst, "rb") as f:
            self.assertEqual(b"second", f.read())
        self.assertFalse(os.path.exists(src))
        # the next call goes straight to the fallback
        cached_client.write_file(dst, b"third")
        with open(dst, "rb") as f:
            self.assertEqual(b"third", f.read())
        self.assertEqual([], [n for n in os.listdir(self.root) if n.endswith(".cached-tmp")])


if __name__ == "__main__":
    unittest.main()
