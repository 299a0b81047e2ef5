"""The pending view of ``cached-run`` against a scripted daemon client: nothing is confirmed
until a test answers, so every pending state can be looked at."""

import errno
import os
import shutil
import tempfile
import threading
import unittest
from unittest import mock

from daemon_harness import PROMPT, within

from cached_client._pending import PendingView, RealOs
from cached_client._pool import Settings
from cached_client._reply import Reply
from cached_client._wire import CachedUnavailable


class ScriptedClient:
    """Records what the view submits; answers only when the test says so."""

    def __init__(self):
        self.sent = []  # (header, reply)
        self.lost = False

    def submit(self, header, payload=None, callback=None):
        if self.lost:
            raise CachedUnavailable("scripted: connection lost")
        reply = Reply(callback)
        self.sent.append((dict(header), reply))
        return reply

    def answer(self, index, outcome="written"):
        self.sent[index][1].complete({"ok": True, "outcome": outcome}, None)

    def refuse(self, index, code):
        self.sent[index][1].complete({"ok": False, "error": {"code": code, "message": "scripted"}}, None)


class ScriptedPool:
    def __init__(self, client):
        self.settings = Settings()
        self.client = client
        self.failures = 0

    def client_for(self, root):
        return self.client

    def daemon_failed(self):
        self.failures += 1


class PendingViewTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cached-pending-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.root = os.path.join(self.dir, "cache")
        os.makedirs(os.path.join(self.root, "3.11"))
        self.client = ScriptedClient()
        self.pool = ScriptedPool(self.client)
        self.view = PendingView([self.root], self.pool, RealOs.current())
        self.dst = os.path.join(self.root, "3.11", "m.data.json")
        self.put(self.dst, b"old", mtime=1000)

    def put(self, path, data, mtime=None):
        with open(path, "wb") as f:
            f.write(data)
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        return path

    def temp(self, data, mtime=2000, name=".m.data.json.tmp1"):
        return self.put(os.path.join(self.root, "3.11", name), data, mtime)

    def read(self, path):
        with self.view.open(path, "rb") as f:
            return f.read()

    def test_replaceIntoRoot_isSentAsReplace_andReturnsBeforeTheDaemonAnswers(self):
        src = self.temp(b"new")
        self.view.replace(src, self.dst)
        self.assertEqual([{"op": "replace", "from": "3.11/.m.data.json.tmp1", "path": "3.11/m.data.json"}],
                         [h for h, _ in self.client.sent])
        with open(self.dst, "rb") as f:
            self.assertEqual(b"old", f.read(), "on disk nothing happened yet: the daemon does it")
        self.assertEqual({self.dst: src}, self.view.pending())

    def test_statAndGetmtime_ofPendingTarget_reportThePendingFile(self):
        src = self.temp(b"new", mtime=2000)
        self.view.replace(src, self.dst)
        self.assertEqual(2000, self.view.stat(self.dst).st_mtime)
        self.assertEqual(2000, self.view.lstat(self.dst).st_mtime)
        self.assertEqual(3, self.view.stat(self.dst).st_size)
        with mock.patch.object(os, "stat", self.view.stat):  # as the hook installs it
            self.assertEqual(2000, os.path.getmtime(self.dst))
            self.assertTrue(os.path.isfile(self.dst))

    def test_openForReading_ofPendingTarget_readsThePendingContent(self):
        self.view.replace(self.temp(b"new"), self.dst)
        self.assertEqual(b"new", self.read(self.dst))
        with self.view.open(self.dst, "r") as f:
            self.assertEqual("new", f.read())

    def test_utimeOfPendingTarget_setsThePendingFilesMtime(self):
        """mypy 2.x's metastore calls os.utime(target) right after os.replace when given an mtime."""
        src = self.temp(b"new", mtime=2000)
        self.view.replace(src, self.dst)
        self.view.utime(self.dst, times=(5000, 5000))
        self.assertEqual(5000, self.view.stat(self.dst).st_mtime)
        self.assertEqual(1000, os.stat(self.dst).st_mtime, "the old file is not touched")
        os.replace(src, self.dst)  # the daemon's rename keeps it
        self.assertEqual(5000, os.stat(self.dst).st_mtime)

    def test_daemonMovedTheFileBeforeAnswering_viewReadsTheTarget(self):
        src = self.temp(b"new", mtime=2000)
        self.view.replace(src, self.dst)
        os.replace(src, self.dst)  # what the daemon does; its answer is still on the way
        self.assertEqual(b"new", self.read(self.dst))
        self.assertEqual(2000, self.view.stat(self.dst).st_mtime)

    def test_answer_endsPending(self):
        src = self.temp(b"new")
        self.view.replace(src, self.dst)
        os.replace(src, self.dst)
        self.client.answer(0)
        self.assertEqual({}, self.view.pending())
        self.assertEqual(1, self.view.counts.confirmed)

    def test_secondReplace_supersedesTheFirst(self):
        first = self.temp(b"first", mtime=2000, name=".a.tmp")
        second = self.temp(b"second", mtime=3000, name=".b.tmp")
        self.view.replace(first, self.dst)
        self.view.replace(second, self.dst)
        self.assertEqual(0, self.view.counts.waits, "superseding a pending replace must not wait for it")
        self.assertEqual(b"second", self.read(self.dst))
        self.assertEqual(3000, self.view.stat(self.dst).st_mtime)
        self.client.answer(0, "superseded")  # the first one's answer does not end the second
        self.assertEqual({self.dst: second}, self.view.pending())
        self.client.answer(1)
        self.assertEqual({}, self.view.pending())

    def test_removeOfPendingTarget_isSentAsDelete_andTheTargetReadsMissing(self):
        self.view.replace(self.temp(b"new"), self.dst)
        self.view.remove(self.dst)
        self.assertEqual({"op": "delete", "path": "3.11/m.data.json"}, self.client.sent[1][0])
        self.assertTrue(os.path.exists(self.dst), "the daemon deletes it, in order after the replace")
        with self.assertRaises(FileNotFoundError):
            self.view.stat(self.dst)
        with self.assertRaises(FileNotFoundError):
            self.view.open(self.dst, "rb")
        with mock.patch.object(os, "stat", self.view.stat):
            self.assertFalse(os.path.exists(self.dst))

    def test_removeOfTargetNotPending_isThePlainRemove(self):
        self.view.unlink(self.dst)
        self.assertFalse(os.path.exists(self.dst))
        self.assertEqual([], self.client.sent)

    def test_replaceFromAnotherDirectory_passesThroughUnchanged(self):
        other = os.path.join(self.dir, "elsewhere")
        os.makedirs(other)
        src = self.put(os.path.join(other, "t"), b"cross")
        self.view.replace(src, self.dst)
        self.assertEqual([], self.client.sent)
        with open(self.dst, "rb") as f:
            self.assertEqual(b"cross", f.read())
        self.assertEqual(1, self.view.counts.passed)

    def test_replaceOutsideTheRoots_passesThroughUnchanged(self):
        src = self.put(os.path.join(self.dir, ".x.tmp"), b"x")
        self.view.rename(src, os.path.join(self.dir, "x"))
        self.assertEqual([], self.client.sent)
        self.assertTrue(os.path.exists(os.path.join(self.dir, "x")))

    def test_replaceOfMissingSource_raisesAsOsReplaceDoes(self):
        with self.assertRaises(FileNotFoundError):
            self.view.replace(os.path.join(self.root, "3.11", "nope"), self.dst)
        self.assertEqual([], self.client.sent)

    def test_noDaemon_replacesInProcess(self):
        self.pool.client_for = lambda root: None
        self.view.replace(self.temp(b"new"), self.dst)
        with open(self.dst, "rb") as f:
            self.assertEqual(b"new", f.read())
        self.assertEqual(1, self.view.counts.in_process)

    def test_connectionLostOnSend_replacesInProcess(self):
        self.client.lost = True
        self.view.replace(self.temp(b"new"), self.dst)
        with open(self.dst, "rb") as f:
            self.assertEqual(b"new", f.read())
        self.assertEqual({}, self.view.pending())
        self.assertEqual(1, self.pool.failures)

    def test_refusedByTheDaemon_isDoneInProcess(self):
        self.view.replace(self.temp(b"new"), self.dst)
        self.client.refuse(0, "BAD_PATH")
        with open(self.dst, "rb") as f:
            self.assertEqual(b"new", f.read())
        self.assertEqual({}, self.view.pending())

    def test_openForWriting_waitsForThePendingReplace(self):
        src = self.temp(b"new")
        self.view.replace(src, self.dst)
        opened = threading.Event()

        def writer():
            with self.view.open(self.dst, "ab") as f:
                opened.set()
                f.write(b"+appended")

        t = threading.Thread(target=writer)
        t.start()
        self.assertFalse(opened.wait(0.2), "a write-mode open went ahead of the pending replace")
        os.replace(src, self.dst)
        self.client.answer(0)
        t.join(PROMPT)
        self.assertFalse(t.is_alive())
        with open(self.dst, "rb") as f:
            self.assertEqual(b"new+appended", f.read())
        self.assertEqual(1, self.view.counts.waits)

    def test_settle_returnsFalseWhileSomethingIsPending(self):
        self.view.replace(self.temp(b"new"), self.dst)
        self.assertFalse(self.view.settle(timeout=0))
        self.assertIsNone(within(PROMPT, lambda: self.client.answer(0)))
        self.assertTrue(self.view.settle(timeout=0))

    def test_pathsNotPending_costNoDaemonCall(self):
        other = self.put(os.path.join(self.root, "3.11", "other.json"), b"o")
        self.assertEqual(1, self.view.stat(other).st_size)
        self.assertEqual(b"o", self.read(other))
        with self.assertRaises(FileNotFoundError) as cm:
            self.view.stat(os.path.join(self.root, "missing"))
        self.assertEqual(errno.ENOENT, cm.exception.errno)
        self.assertEqual([], self.client.sent)


if __name__ == "__main__":
    unittest.main()
