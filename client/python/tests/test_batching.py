"""Batched acknowledgements (PROTOCOL.md, ``"acks": "batch"``) and client-side batching of
frames, against a stand-in daemon that speaks the option, one that does not (as an older
daemon), and the real daemon; and that nothing stays in a buffer when a process ends."""

import json
import os
import subprocess
import sys
import time
import unittest

import daemon_harness
from daemon_harness import PROMPT
from fake_daemon import FakeDaemon

from cached_client import Client, _wire
from cached_client._ledger import Ledger
from cached_client._reply import Reply

HELLO = {"ok": True, "server": "cached/fake", "protocol": 1, "limits": {"maxPayload": 1 << 20}}


def eventually(test, condition, what):
    """Wait for ``condition`` (polled); fail with ``what`` (text, or a function giving it) after PROMPT."""
    deadline = time.monotonic() + PROMPT
    while not condition():
        if time.monotonic() > deadline:
            test.fail("not within %.0f s: %s" % (PROMPT, what() if callable(what) else what))
        time.sleep(0.005)


class StandInTest(unittest.TestCase):
    def daemon(self, **kw):
        d = FakeDaemon(HELLO, refuse=lambda h: "BAD_PATH" if "bad" in h.get("path", "") else None, **kw)
        self.addCleanup(d.close)
        return d

    def run_writes(self, d, n=2000):
        with Client("/tmp/root", socket=d.path) as c:
            for i in range(n):
                c.write("bad%d" % i if i % 500 == 7 else "f%d.json" % i, b"x" * 100)
            failures = c.flush(timeout=PROMPT)
            self.assertEqual([], c.flush(timeout=PROMPT), "each failure is reported once")
            unanswered = c._ledger.unanswered()
        self.assertEqual(["bad%d" % i for i in range(7, n, 500)], [f.path for f in failures])
        self.assertEqual({"BAD_PATH"}, {f.code for f in failures})
        self.assertEqual(0, unanswered)
        return c

    def test_batchDaemon_acksThrough_refusalsByTheirId(self):
        d = self.daemon(batch_acks=True)
        c = self.run_writes(d)
        self.assertTrue(c.batch_acks)
        self.assertEqual("batch", d.received[0][0]["acks"])
        throughs = [a for a in d.sent if a.get("through")]
        self.assertTrue(throughs)
        self.assertLess(len(d.sent), 200, "one answer per read, not per write: %d answers" % len(d.sent))

    def test_olderDaemon_answersEach_andTheClientStillWorks(self):
        d = self.daemon(batch_acks=False)
        c = self.run_writes(d)
        self.assertFalse(c.batch_acks)
        self.assertEqual(2000 + 3, len(d.sent))  # hello, each write, two flushes
        self.assertFalse([a for a in d.sent if a.get("through")])

    def test_manyFramesPerSend(self):
        d = self.daemon(batch_acks=True)
        self.run_writes(d)
        self.assertLess(d.reads, 2000 // 10, "%d reads for 2000 writes" % d.reads)

    def test_aLoneWrite_isSentWithoutAFlush(self):
        d = self.daemon(batch_acks=True)
        c = Client("/tmp/root", socket=d.path)
        self.addCleanup(c.close)
        c.write("alone.json", b"1")
        eventually(self, lambda: any(h.get("path") == "alone.json" for h, _ in d.received), "the write was sent")
        eventually(self, lambda: c._ledger.unanswered() == 0, "the through answer was taken")

    def test_forkWithBufferedWrites_sendsThemOnce(self):
        if not hasattr(os, "fork"):
            self.skipTest("no fork")
        d = self.daemon(batch_acks=True)
        with Client("/tmp/root", socket=d.path) as c:
            for i in range(50):
                c.write("f%d" % i, b"x")
            pid = os.fork()
            if pid == 0:
                os._exit(0)  # the child's copy of the buffer must not reach the parent's connection
            os.waitpid(pid, 0)
            self.assertEqual([], c.flush(timeout=PROMPT))
        ids = [h["id"] for h, _ in d.received]
        self.assertEqual(len(ids), len(set(ids)), "a frame was sent twice")
        self.assertEqual(52, len(ids))  # hello, 50 writes, flush


class LedgerTest(unittest.TestCase):
    def test_through_completesUpToItsId_only(self):
        ledger = Ledger("test")
        for rid in range(1, 7):
            ledger.queued[rid] = ("write", "p%d" % rid)
        ledger.dispatch({"id": 3, "ok": False, "error": {"code": "BAD_PATH", "message": "m"}})
        ledger.dispatch({"id": 5, "ok": True, "ack": "queued", "through": True})
        self.assertEqual([6], list(ledger.queued))
        self.assertEqual([(3, "p3", "BAD_PATH")], [(i, f.path, f.code) for i, f in ledger.refused])

    def test_flushAnswer_settlesEveryEarlierQueuedRequest(self):
        ledger = Ledger("test")
        for rid in range(1, 4):
            ledger.queued[rid] = ("write", "p")
        reply = Reply()
        ledger.waiters[4] = reply
        ledger.dispatch({"id": 4, "ok": True, "done": 3, "failed": []})
        self.assertEqual([], ledger.settled_before(4))
        self.assertEqual(0, ledger.unanswered())
        self.assertTrue(reply.event.is_set())


class FramingTest(unittest.TestCase):
    def test_queuedWriteFrame_meansWhatEncodeMeans(self):
        for path in ("a.json", "3.11/enum.data.json", 'q"uote', "back\\slash", "caf\u00e9", "tab\there", "x" * 300):
            with self.subTest(path):
                want = {"op": "write", "path": path, "size": 4096, "ack": "queued", "id": 77}
                got = _wire.queued_write_frame(77, path, 4096)
                self.assertEqual(want, json.loads(got[4:].decode("utf-8")))
                self.assertEqual(len(got) - 4, int.from_bytes(got[:4], "big"))

    def test_queuedWriteFrame_overTheHeaderLimit_isAValueError(self):
        with self.assertRaises(ValueError):
            _wire.queued_write_frame(1, "x" * 200, 1, max_header=100)

    def test_frameReader_manyAnswersInOneChunk_andOneSplitAcrossChunks(self):
        frames = b"".join(_wire.encode({"id": i, "ok": True}) for i in range(5))
        chunks = [frames[:3], frames[3:40], frames[40:], b""]
        reader = _wire.FrameReader(lambda n: chunks.pop(0))
        self.assertEqual(list(range(5)), [reader.read()["id"] for _ in range(5)])
        self.assertIsNone(reader.read())


# A child that writes through a Client and ends without flush or close.
CHILD = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
from cached_client import Client
c = Client(sys.argv[2], socket=sys.argv[3])
for i in range(int(sys.argv[4])):
    c.write("f%04d" % i, b"%d" % i)
if sys.argv[5] == "os._exit":
    os._exit(0)
"""


class ProcessEndTest(unittest.TestCase):
    """What a child sent before it ended reaches the daemon (here the stand-in, which reads a
    dead peer's connection to its end; the real daemon of this commit stops decoding a
    connection once an answer to it fails, so it can drop such requests: see the report)."""

    def child(self, how, n=300):
        d = FakeDaemon(HELLO, batch_acks=True)
        self.addCleanup(d.close)
        env = dict(os.environ, PYTHONPATH=daemon_harness.pythonpath())
        subprocess.run([sys.executable, "-c", CHILD, os.path.dirname(daemon_harness.HERE), "/tmp/root",
                        d.path, str(n), how], env=env, check=True, timeout=PROMPT * 3)

        def written():
            return [h["path"] for h, _ in d.received if h.get("op") == "write"]

        eventually(self, lambda: len(written()) >= n, lambda: "the child ended by %s: %d of %d writes reached "
                                                              "the daemon" % (how, len(written()), n))
        self.assertEqual(["f%04d" % i for i in range(n)], written())

    def test_childEndingWithOsExit_losesNoWrite(self):
        self.child("os._exit")

    def test_childEndingNormally_withoutClose_losesNoWrite(self):
        self.child("return")


if __name__ == "__main__":
    unittest.main()
