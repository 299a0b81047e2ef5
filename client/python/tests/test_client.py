"""The Python client against the real daemon (see daemon_harness for how it starts)."""

import os
import threading
import unittest

from daemon_harness import PROMPT, DaemonTestCase

import cached_client
from cached_client import CachedError

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


class HoldTest(DaemonTestCase):
    def test_heldWrites_acknowledgedNotWritten_untilTheHoldEnds(self):
        admin = cached_client.Client(None, socket=self.daemon.socket, client_name="pytest-admin")
        self.addCleanup(admin.close)
        held = admin.hold(60)
        self.assertTrue(50 < held <= 60, held)
        c = self.client()
        for i in range(5):
            c.write("h/%d" % i, b"v%d" % i)
        with self.assertRaises(CachedError) as e:
            c.flush(timeout=0.3)
        self.assertEqual("TIMEOUT", e.exception.code)
        self.assertGreater(admin.status()["queue"]["heldMillis"], 0)
        self.assertFalse(os.path.exists(os.path.join(self.root, "h", "0")), "nothing written while held")
        self.assertEqual(0.0, admin.hold(0))
        self.assertEqual([], c.flush(timeout=PROMPT))
        for i in range(5):
            self.assertEqual(b"v%d" % i, self.read("h/%d" % i))

    def test_hold_outOfRange_isValueErrorBeforeSending(self):
        for bad in (-1, 60.5):
            with self.assertRaises(ValueError):
                self.client().hold(bad)


class PipelineAndThreadsTest(DaemonTestCase):
    def test_pipelined2000Writes_thenFlush_allOnDisk(self):
        c = self.client()
        for i in range(2000):
            c.write("p/%d.json" % (i % 50) + "/f%d" % i, b"%d" % i * 10)
        failures = c.flush(timeout=60)
        self.assertEqual([], failures)
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


if __name__ == "__main__":
    unittest.main()
