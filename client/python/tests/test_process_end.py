"""A process that writes and ends at once (mypy ends with ``os._exit``) loses nothing, on the real
daemon: over the Unix socket, and over TCP in the run that hides ``AF_UNIX``, where closing a socket
with answers unread would reset the connection and drop what the kernel had not sent yet."""

import os
import subprocess
import sys
import time
import unittest

import daemon_harness
from daemon_harness import PROMPT, DaemonTestCase

# A child that writes through a Client, without flush or close, and ends as told.
CHILD = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
from cached_client import Client
c = Client(sys.argv[2], socket=sys.argv[3])
body = b"x" * 2048
for i in range(int(sys.argv[4])):
    c.write("f%04d" % i, b"%d:" % i + body)
if sys.argv[5] == "os._exit":
    os._exit(0)
"""


class ProcessEndOnTheRealDaemonTest(DaemonTestCase):
    def child(self, how: str, n: int = 3000) -> None:
        env = dict(os.environ, PYTHONPATH=daemon_harness.pythonpath())
        subprocess.run([sys.executable, "-c", CHILD, os.path.dirname(daemon_harness.HERE), self.root,
                        self.daemon.socket, str(n), how], env=env, check=True, timeout=PROMPT * 3)
        deadline = time.monotonic() + PROMPT * 2
        missing = n
        while time.monotonic() < deadline:
            missing = sum(1 for i in range(n) if not os.path.exists(os.path.join(self.root, "f%04d" % i)))
            if missing == 0:
                break
            time.sleep(0.05)  # polling the disk for the daemon's writes, with a deadline
        self.assertEqual(0, missing, "the child ended by %s: %d of %d writes never landed" % (how, missing, n))
        last = self.read("f%04d" % (n - 1))
        self.assertTrue(last.startswith(b"%d:" % (n - 1)), last[:20])

    def test_osExit_everyWriteLands(self):
        self.child("os._exit")

    def test_normalEnd_withoutClose_everyWriteLands(self):
        self.child("return")


if __name__ == "__main__":
    unittest.main()
