"""The Windows path on Linux: with ``CACHED_TEST_HIDE_AF_UNIX=1`` and this directory on
``PYTHONPATH``, every Python process of the test run starts without ``socket.AF_UNIX``,
as CPython on Windows does, so ``cached_client``'s ``auto`` transport takes loopback TCP.

Then it runs the next ``sitecustomize`` on ``sys.path`` after this one, if any (Debian
ships one); ``cached-run``'s boot directory, put before this one, runs this one.
"""

import os
import sys


def _shim() -> None:
    if os.environ.get("CACHED_TEST_HIDE_AF_UNIX") == "1":
        import socket

        if hasattr(socket, "AF_UNIX"):
            del socket.AF_UNIX
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = [os.path.abspath(d or ".") for d in sys.path]
    after = dirs[dirs.index(here) + 1:] if here in dirs else dirs
    for d in after:
        other = os.path.join(d, "sitecustomize.py")
        if d != here and os.path.isfile(other):
            with open(other, "rb") as f:
                exec(compile(f.read(), other, "exec"), {"__name__": "sitecustomize", "__file__": other})
            return


_shim()
del _shim
