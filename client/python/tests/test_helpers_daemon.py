"""The module helpers through the real daemon, and what happens when the daemon dies."""

import os
import threading
import unittest

from daemon_harness import PROMPT, Daemon, DaemonTestCase, within

import cached_client
from cached_client import CachedUnavailable, Client


class HelpersViaDaemonTest(DaemonTestCase):
    def test_replaceHelper_goesThroughDaemon(self):
        src = os.path.join(self.root, ".x.tmp")
        dst = os.path.join(self.root, "x.json")
        with open(src, "wb") as f:
            f.write(b"via daemon")
        cached_client.replace(src, dst)
        self.assertEqual(b"via daemon", self.read("x.json"))
        self.assertFalse(os.path.exists(src))
        self.assertIn(os.path.abspath(self.root), cached_client._helpers.pool.roots())

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
        self.assertNotIn(os.path.abspath(self.root), cached_client._helpers.pool.roots())

    def test_writeFileHelper_goesThroughDaemon(self):
        cached_client.write_file(os.path.join(self.root, "w.json"), b"written by helper")
        self.assertEqual(b"written by helper", self.read("w.json"))
        self.assertIn(os.path.abspath(self.root), cached_client._helpers.pool.roots())
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
        self.daemon.kill()
        writer.join(PROMPT)
        waiter.join(PROMPT)
        self.assertFalse(writer.is_alive(), "pipelined writer hung after the daemon died")
        self.assertFalse(waiter.is_alive(), "durable wait hung after the daemon died")
        self.assertIsInstance(outcome["writer"], CachedUnavailable)
        self.assertIsInstance(outcome["durable"], CachedUnavailable)
        # A flush without timeout on the lost connection must fail, not wait for ever.
        self.assertIsInstance(within(PROMPT, c.flush), CachedUnavailable)
        self.assertIsInstance(within(PROMPT, lambda: c.write("next", b"1")), CachedUnavailable)

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
        self.assertIn(os.path.abspath(self.root), cached_client._helpers.pool.roots())
        self.daemon.kill()
        with open(src, "wb") as f:
            f.write(b"second")
        self.assertIsNone(within(PROMPT, lambda: cached_client.replace(src, dst)))
        self.assertEqual([], cached_client._helpers.pool.roots(), "the lost client is dropped")
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
