"""The transports against a real daemon listening on ``unix,tcp``: ``auto`` takes TCP where
``socket.AF_UNIX`` is missing (CPython on Windows), ``tcp`` and ``unix`` on request, and a
stale endpoint file makes the daemon unavailable, so the helpers fall back in-process."""

import json
import os
import socket
import unittest
from unittest import mock

import daemon_harness
from daemon_harness import PROMPT, Daemon

import cached_client
from cached_client import CachedUnavailable, Client
from cached_client import _transport
from cached_client import run as cached_run


class _NoAfUnix:
    """``socket`` without ``AF_UNIX`` while active, as on Windows."""

    def __enter__(self) -> None:
        self._patch = mock.patch.dict(socket.__dict__)
        self._patch.__enter__()
        socket.__dict__.pop("AF_UNIX", None)

    def __exit__(self, *exc) -> None:
        self._patch.__exit__(*exc)


class TransportTest(unittest.TestCase):
    daemon = None  # type: Daemon

    @classmethod
    def setUpClass(cls) -> None:
        cls.daemon = Daemon(listen="unix,tcp").start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.daemon.cleanup()

    def setUp(self) -> None:
        self.root = os.path.join(self.daemon.dir, "root-%s" % self._testMethodName)
        os.makedirs(self.root)
        env = mock.patch.dict(os.environ)
        env.start()
        self.addCleanup(env.stop)
        os.environ.pop("CACHED_TRANSPORT", None)
        self.addCleanup(cached_client.configure, socket=self.daemon.socket, transport="auto")
        self.addCleanup(cached_client._reset_clients)

    def client(self, **kw) -> Client:
        c = Client(self.root, socket=self.daemon.socket, client_name="pytest", **kw)
        self.addCleanup(c.close)
        return c

    def written(self, c: Client, name: str) -> bytes:
        c.write(name, b"via " + c.where.encode())
        self.assertEqual([], c.flush(timeout=PROMPT))
        with open(os.path.join(self.root, name), "rb") as f:
            return f.read()

    def test_auto_withoutAfUnix_goesOverTcp(self):
        with _NoAfUnix():
            self.assertEqual("tcp", _transport.resolve())
            c = self.client()
        self.assertTrue(c.where.startswith("tcp 127.0.0.1:"), c.where)
        self.assertEqual(b"via " + c.where.encode(), self.written(c, "a"))
        self.assertNotEqual(0, c._sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    @unittest.skipIf(daemon_harness.HIDE_AF_UNIX, "this run has no AF_UNIX")
    def test_auto_withAfUnix_takesTheUnixSocket(self):
        self.assertEqual(self.daemon.socket, self.client().where)

    def test_tcp_explicit_andFromTheEnvironment(self):
        self.assertTrue(self.client(transport="tcp").where.startswith("tcp "))
        os.environ["CACHED_TRANSPORT"] = "TCP"
        c = self.client()
        self.assertTrue(c.where.startswith("tcp "))
        self.assertEqual(b"via " + c.where.encode(), self.written(c, "b"))

    def test_unix_withoutAfUnix_isAClearError(self):
        with _NoAfUnix(), self.assertRaises(CachedUnavailable) as cm:
            self.client(transport="unix")
        self.assertIn("no AF_UNIX", str(cm.exception))
        self.assertIn("'tcp'", str(cm.exception))

    def test_unknownTransport_isAValueError(self):
        with self.assertRaises(ValueError) as cm:
            self.client(transport="pipe")
        self.assertIn("auto, unix, tcp", str(cm.exception))

    def stale_socket(self, cookie: str) -> str:
        """A socket path whose endpoint file names the live listener with ``cookie``."""
        with open(self.daemon.endpoint) as f:
            doc = json.load(f)
        doc["cookie"] = cookie
        d = os.path.join(self.root, "stale")
        os.makedirs(d)
        with open(os.path.join(d, "cached.sock.endpoint"), "w") as f:
            json.dump(doc, f)
        return os.path.join(d, "cached.sock")

    def test_staleCookie_isUnavailable_namingNotAuthorized(self):
        with self.assertRaises(CachedUnavailable) as cm:
            Client(self.root, socket=self.stale_socket("0" * 64), transport="tcp", connect_timeout=PROMPT)
        self.assertIn("NOT_AUTHORIZED", str(cm.exception))
        self.assertIn("stale", str(cm.exception))
        c = self.client(transport="tcp")
        self.assertEqual(b"via " + c.where.encode(), self.written(c, "c"), "the daemon still serves")

    def test_staleCookie_helpersFallBackInProcess(self):
        cached_client.configure(socket=self.stale_socket("f" * 64), transport="tcp")
        src, dst = os.path.join(self.root, ".x.tmp"), os.path.join(self.root, "x.json")
        with open(src, "wb") as f:
            f.write(b"in-process")
        cached_client.replace(src, dst)
        cached_client.write_file(os.path.join(self.root, "y.json"), b"also")
        with open(dst, "rb") as f:
            self.assertEqual(b"in-process", f.read())
        with open(os.path.join(self.root, "y.json"), "rb") as f:
            self.assertEqual(b"also", f.read())
        self.assertEqual([], cached_client._helpers.pool.roots(), "no connection was kept")

    def test_noEndpointFile_isUnavailable_sayingHowToListenOnTcp(self):
        with self.assertRaises(CachedUnavailable) as cm:
            Client(self.root, socket=os.path.join(self.root, "none.sock"), transport="tcp")
        self.assertIn("no endpoint file", str(cm.exception))
        self.assertIn("--listen unix,tcp", str(cm.exception))

    def test_brokenEndpointFile_namesTheFile_notTheCookie(self):
        for doc in ('{"tcp": {"host": "127.0.0.1", "port": 0}, "cookie": "%s"}' % ("a" * 64),
                    '{"tcp": {"host": "127.0.0.1", "port": 1}, "cookie": "XYZ"}', "not json", "[]"):
            with self.subTest(doc):
                path = os.path.join(self.root, "broken.sock")
                with open(path + ".endpoint", "w") as f:
                    f.write(doc)
                with self.assertRaises(CachedUnavailable) as cm:
                    Client(self.root, socket=path, transport="tcp")
                self.assertIn(path + ".endpoint", str(cm.exception))
                self.assertNotIn("a" * 64, str(cm.exception))

    def test_autostart_withoutAfUnix_asksForATcpListener(self):
        with _NoAfUnix():
            self.assertEqual(["--listen", "unix,tcp"], cached_run.listen_args({}))
        self.assertEqual(["--listen", "unix,tcp"], cached_run.listen_args({"CACHED_TRANSPORT": "tcp"}))
        if not daemon_harness.HIDE_AF_UNIX:
            self.assertEqual([], cached_run.listen_args({}))
            self.assertEqual([], cached_run.listen_args({"CACHED_TRANSPORT": "unix"}))


if __name__ == "__main__":
    unittest.main()
