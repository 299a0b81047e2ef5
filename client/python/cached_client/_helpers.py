"""The drop-in helpers ``replace`` and ``write_file``: daemon first, in-process otherwise."""

import errno
import os
import time
from typing import Any, Callable, Optional

from . import _fallback
from ._client import Client
from ._paths import PathLike
from ._pool import Pool, Settings
from ._wire import CachedUnavailable, error_of

# Request-level refusals: the daemon did not take the request, so doing it
# in-process is safe (and gives the caller os.replace's own exception).
FALLBACK_CODES = frozenset(("BAD_PATH", "OUTSIDE_ROOT", "NOT_BOUND", "ROOT_NOT_ALLOWED", "BAD_REQUEST",
                            "TOO_LARGE", "BUSY", "SHUTTING_DOWN", "UNKNOWN_OP", "PROTOCOL_VERSION"))


def raise_result(code: str, message: str, path: str) -> None:
    """Turn a daemon write result into the OSError an ``os.replace`` caller expects."""
    if code == "RETRY_DEADLINE":
        raise PermissionError(errno.EACCES, "cached: %s: %s" % (code, message), path)
    raise OSError(errno.EIO, "cached: %s: %s" % (code, message), path)


class Helpers:
    """``replace`` / ``write_file`` over one :class:`Pool`; the module's functions use one of these.

    :param clock: seconds, monotonic: the pool's back-off and the fallback's deadline.
    :param sleep: how the fallback waits between attempts.
    """

    def __init__(self, settings: Optional[Settings] = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep, connect: Optional[Callable[..., Client]] = None) -> None:
        self.settings = settings or Settings()
        self.clock = clock
        self.sleep = sleep
        self.pool = Pool(self.settings, clock, connect)

    def configure(self, deadline: Optional[float] = None, daemon_wait: Optional[float] = None,
                  reconnect_interval: Optional[float] = None, socket: Optional[str] = None,
                  client_name: Optional[str] = None, use_daemon: Optional[bool] = None,
                  transport: Optional[str] = None) -> None:
        for name, value in (("deadline", deadline), ("daemon_wait", daemon_wait),
                            ("reconnect_interval", reconnect_interval)):
            if value is not None:
                if value < 0:
                    raise ValueError("%s : %r (expected: >= 0)" % (name, value))
                setattr(self.settings, name, float(value))
        if socket is not None or client_name is not None or transport is not None:
            self.pool.reset()
        if socket is not None:
            self.settings.socket = socket
        if client_name is not None:
            self.settings.client_name = client_name
        if transport is not None:
            self.settings.transport = transport
        if use_daemon is not None:
            self.settings.use_daemon = bool(use_daemon)

    def replace(self, src: PathLike, dst: PathLike, src_dir_fd: Optional[int] = None,
                dst_dir_fd: Optional[int] = None, deadline: Optional[float] = None) -> None:
        limit = self.settings.deadline if deadline is None else deadline
        if src_dir_fd is None and dst_dir_fd is None:
            s = os.path.abspath(os.fsdecode(os.fspath(src)))
            d = os.path.abspath(os.fsdecode(os.fspath(dst)))
            root = os.path.dirname(d)
            if os.path.normcase(os.path.dirname(s)) == os.path.normcase(root) and os.path.basename(d):
                client = self.pool.client_for(root)
                if client is not None and self._replace_via(client, s, d):
                    return
        _fallback.replace_with_retry(src, dst, limit, self.clock, self.sleep, None, src_dir_fd, dst_dir_fd)

    def _replace_via(self, client: Client, src: str, dst: str) -> bool:
        """Try the replace through ``client``; ``False`` means: do it in-process instead."""
        header = {"op": "replace", "from": os.path.basename(src), "path": os.path.basename(dst)}
        try:
            answer = client.submit(header).wait(self.settings.daemon_wait)
        except CachedUnavailable:
            self.pool.daemon_failed()
            # Lost mid-request: if src is still there the daemon did not move it.
            return not os.path.lexists(src)
        except ValueError:
            return False
        if answer is None or answer.get("ok"):
            return True  # None: still pending; the daemon owns it now and finishes it
        code, message = error_of(answer)
        if code in FALLBACK_CODES:
            return False
        raise_result(code, message, dst)
        return True  # not reached

    def write_file(self, path: PathLike, data: Any, deadline: Optional[float] = None) -> None:
        if isinstance(data, str):
            raise TypeError("data : str (expected: bytes-like; encode it first)")
        p = os.path.abspath(os.fsdecode(os.fspath(path)))
        root, name = os.path.split(p)
        if not name:
            raise ValueError("path : %r (expected: a file path)" % (path,))
        limit = self.settings.deadline if deadline is None else deadline
        client = self.pool.client_for(root)
        if client is not None:
            view = memoryview(data)
            if view.ndim != 1 or view.itemsize != 1:
                view = view.cast("B")
            if client.max_payload is None or view.nbytes <= client.max_payload:
                try:
                    answer = client.submit({"op": "write", "path": name}, view).wait(self.settings.daemon_wait)
                except CachedUnavailable:
                    self.pool.daemon_failed()
                    answer = {"ok": False, "error": {"code": "UNAVAILABLE"}}
                except ValueError:
                    answer = {"ok": False, "error": {"code": "BAD_PATH"}}
                if answer is None or answer.get("ok"):
                    return
                code, message = error_of(answer)
                if code not in FALLBACK_CODES and code != "UNAVAILABLE":
                    raise_result(code, message, p)
        _fallback.write_in_process(root, name, data, limit, self.clock, self.sleep)
