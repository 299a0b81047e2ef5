"""The pending view: ``os.replace`` into a root becomes the daemon's ``replace``, and the
process sees the replaced file at once.

What an unmodified tool under ``cached-run`` gets (the ``_hook`` module puts the
methods of one :class:`PendingView` in place of the ``os`` functions):

* ``replace(src, dst)`` / ``rename(src, dst)`` with ``dst`` inside a root and ``src``
  a regular file in the same directory is sent as a ``replace`` request and returns
  at once; ``dst`` is *pending* until the daemon answers. Anything else -- another
  directory, ``dir_fd`` arguments, a path outside the roots -- runs the real
  function unchanged (after waiting, briefly, for a pending ``dst``).
* ``stat`` / ``lstat`` (and so ``os.path.getmtime``, ``exists``, ``isfile``) of a
  pending target report the pending file (a rename keeps its inode and mtime),
  ``open`` for reading reads it, and ``utime`` / ``chmod`` change it (mypy 2.x may
  set a cache file's mtime right after replacing it). A second replace of the same target supersedes
  the first; ``remove`` / ``unlink`` of a pending target is sent as a ``delete``,
  after which the target reads as missing until the daemon answers.
* Without a daemon (down, refused, lost mid-request) the replace is done in-process
  with the short retry of ``_fallback`` -- never worse than without cached.

Nothing waits in a client-side buffer: a request is in the kernel's socket buffer
when the call returns, so a tool that ends with ``os._exit`` loses nothing.

Concurrency: any thread may call; ``_pending`` (absolute target -> :class:`_Entry`)
is changed under ``_cond`` and read without it (one dict lookup). Answers arrive
on the client's reader thread, which drops the entry if it is still the current
one and wakes waiters. Two threads replacing the same target at once are ordered
by the daemon (last accepted wins); the view may show the other one's file until
both answers are in.
"""

import errno
import os
import stat as _stat
import threading
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

from . import _fallback
from ._helpers import FALLBACK_CODES
from ._paths import relative_to_root, root_of
from ._pool import Pool
from ._reply import Reply
from ._wire import CachedUnavailable, error_of

# How long a call that must see the final target (a write-mode open, a replace
# the daemon cannot take) waits for a pending one.
SETTLE_WAIT = 5.0


class RealOs(NamedTuple):
    """The functions the view wraps, as they were before: it calls only these."""

    replace: Callable[..., Any]
    rename: Callable[..., Any]
    stat: Callable[..., Any]
    lstat: Callable[..., Any]
    remove: Callable[..., Any]
    unlink: Callable[..., Any]
    open: Callable[..., Any]
    utime: Callable[..., Any]
    chmod: Callable[..., Any]

    @staticmethod
    def current() -> "RealOs":
        import builtins
        return RealOs(os.replace, os.rename, os.stat, os.lstat, os.remove, os.unlink, builtins.open, os.utime,
                      os.chmod)


class _Entry:
    """A target the daemon has not confirmed: its pending file ``src``, or ``None`` for a delete."""

    __slots__ = ("src",)

    def __init__(self, src: Optional[str]) -> None:
        self.src = src


class Counts:
    """What the view did, for ``CACHED_RUN_REPORT`` and tests."""

    def __init__(self) -> None:
        self.routed = 0  # replaces and deletes sent to the daemon
        self.confirmed = 0  # answered ok (written, deleted or superseded)
        self.failed = 0  # answered with an error
        self.in_process = 0  # replaces done in-process (no daemon, or refused)
        self.passed = 0  # replaces not into a root, or not from beside the target
        self.waits = 0  # calls that had to wait for a pending target (settle)
        self.waited_ms = 0  # and how long, in all
        self.replace_us = 0  # time the callers spent in replace/rename, in all
        self.slowest_replace_us = 0  # and in the slowest call

    def as_dict(self) -> Dict[str, int]:
        return dict(self.__dict__)


class PendingView:
    """Routes replaces into ``roots`` through the daemon and shows their targets meanwhile.

    :param roots: cache directories (made absolute); a target must be strictly inside one.
    :param pool: the connections, one per root.
    :param real: the unwrapped ``os`` functions.
    :param clock: monotonic seconds for the fallback's deadline.
    :param sleep: the fallback's wait between attempts.
    """

    def __init__(self, roots: List[str], pool: Pool, real: RealOs, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.roots = [os.path.abspath(r) for r in roots]
        self.pool = pool
        self.real = real
        self.clock = clock
        self.sleep = sleep
        self.counts = Counts()
        self._cond = threading.Condition(threading.Lock())
        self._pending = {}  # type: Dict[str, _Entry]

    # The wrappers. Signatures follow the os functions they stand for.

    def replace(self, src: Any, dst: Any, *, src_dir_fd: Optional[int] = None,
                dst_dir_fd: Optional[int] = None) -> None:
        self._timed_move(self.real.replace, src, dst, src_dir_fd, dst_dir_fd)

    def rename(self, src: Any, dst: Any, *, src_dir_fd: Optional[int] = None,
               dst_dir_fd: Optional[int] = None) -> None:
        self._timed_move(self.real.rename, src, dst, src_dir_fd, dst_dir_fd)

    def stat(self, path: Any, *, dir_fd: Optional[int] = None, follow_symlinks: bool = True) -> Any:
        return self._stat(self.real.stat, path, dir_fd, follow_symlinks)

    def lstat(self, path: Any, *, dir_fd: Optional[int] = None) -> Any:
        return self._stat(self.real.stat, path, dir_fd, False)

    def remove(self, path: Any, *, dir_fd: Optional[int] = None) -> None:
        self._delete(self.real.remove, path, dir_fd)

    def unlink(self, path: Any, *, dir_fd: Optional[int] = None) -> None:
        self._delete(self.real.unlink, path, dir_fd)

    def utime(self, path: Any, *args: Any, **kw: Any) -> None:
        self._on_file(self.real.utime, path, args, kw)

    def chmod(self, path: Any, *args: Any, **kw: Any) -> None:
        self._on_file(self.real.chmod, path, args, kw)

    def open(self, file: Any, mode: str = "r", *args: Any, **kw: Any) -> Any:
        if self._pending and not isinstance(file, int):
            key, entry = self._lookup(file)
            if entry is not None:
                if not any(c in mode for c in "wax+"):
                    if entry.src is None:
                        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), file)
                    try:
                        return self.real.open(entry.src, mode, *args, **kw)
                    except FileNotFoundError:
                        pass  # the daemon moved it meanwhile: the target is it
                else:
                    self.settle(key)
        return self.real.open(file, mode, *args, **kw)

    # State, for the hook and tests.

    def pending(self) -> Dict[str, Optional[str]]:
        """A copy of what is pending: target -> pending file (``None``: a delete)."""
        with self._cond:
            return {k: e.src for k, e in self._pending.items()}

    def settle(self, key: Optional[str] = None, timeout: float = SETTLE_WAIT) -> bool:
        """Wait until ``key`` (an absolute target), or every target, is no longer pending.

        :returns: ``False`` if something is still pending after ``timeout`` s.
        """
        def done() -> bool:
            return key not in self._pending if key is not None else not self._pending

        with self._cond:
            if done():
                return True
            t0 = self.clock()
            ok = self._cond.wait_for(done, timeout)
        self.counts.waits += 1
        self.counts.waited_ms += int((self.clock() - t0) * 1000)
        return ok

    def forget(self) -> None:
        """Drop every entry, in a child after ``fork`` (their answers go to the parent)."""
        self._cond = threading.Condition(threading.Lock())
        self._pending = {}

    # Inside.

    def _lookup(self, path: Any) -> Tuple[Optional[str], Optional[_Entry]]:
        try:
            key = os.path.abspath(os.fsdecode(os.fspath(path)))
        except (TypeError, ValueError):
            return None, None
        return key, self._pending.get(key)

    def _stat(self, real: Callable[..., Any], path: Any, dir_fd: Optional[int], follow: bool) -> Any:
        if self._pending and dir_fd is None and not isinstance(path, int):
            _, entry = self._lookup(path)
            if entry is not None:
                if entry.src is None:
                    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
                try:
                    return real(entry.src, follow_symlinks=follow)
                except FileNotFoundError:
                    pass  # the daemon moved it meanwhile: the target is it
        if follow:
            return real(path, dir_fd=dir_fd)
        return self.real.lstat(path, dir_fd=dir_fd)

    def _on_file(self, real: Callable[..., Any], path: Any, args: Any, kw: Dict[str, Any]) -> Any:
        """``utime`` / ``chmod`` of a pending target change the pending file (the rename keeps both)."""
        if self._pending and kw.get("dir_fd") is None and not isinstance(path, int):
            _, entry = self._lookup(path)
            if entry is not None:
                if entry.src is None:
                    raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
                try:
                    return real(entry.src, *args, **kw)
                except FileNotFoundError:
                    pass  # the daemon moved it meanwhile: the target is it
        return real(path, *args, **kw)

    def _plan(self, src: Any, dst: Any) -> Optional[Tuple[str, str, str]]:
        """``(root, src, dst)`` absolute, when the daemon can take this replace; else ``None``."""
        try:
            d = os.path.abspath(os.fsdecode(os.fspath(dst)))
            s = os.path.abspath(os.fsdecode(os.fspath(src)))
        except (TypeError, ValueError):
            return None
        root = root_of(self.roots, d)
        if root is None or os.path.dirname(s) != os.path.dirname(d) or s == d:
            return None
        try:
            if not _stat.S_ISREG(self.real.lstat(s).st_mode):
                return None
        except OSError:
            return None  # the real call raises the caller's error
        return root, s, d

    def _timed_move(self, real: Callable[..., Any], src: Any, dst: Any, src_dir_fd: Optional[int],
                    dst_dir_fd: Optional[int]) -> None:
        t0 = self.clock()
        try:
            self._move(real, src, dst, src_dir_fd, dst_dir_fd)
        finally:
            us = int((self.clock() - t0) * 1e6)
            self.counts.replace_us += us
            self.counts.slowest_replace_us = max(self.counts.slowest_replace_us, us)

    def _move(self, real: Callable[..., Any], src: Any, dst: Any, src_dir_fd: Optional[int],
              dst_dir_fd: Optional[int]) -> None:
        plan = self._plan(src, dst) if src_dir_fd is None and dst_dir_fd is None else None
        if plan is None:
            for p in (src, dst):
                key, entry = self._lookup(p) if self._pending and not isinstance(p, int) else (None, None)
                if entry is not None:
                    self.settle(key)
            self.counts.passed += 1
            real(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
            return
        root, s, d = plan
        header = {"op": "replace", "from": relative_to_root(root, s, "src"), "path": relative_to_root(root, d, "dst")}
        if not self._send(root, d, _Entry(s), header):
            self.settle(d)
            self.counts.in_process += 1
            _fallback.replace_with_retry(s, d, self.pool.settings.deadline, self.clock, self.sleep, real)

    def _delete(self, real: Callable[..., Any], path: Any, dir_fd: Optional[int]) -> None:
        if self._pending and dir_fd is None and not isinstance(path, int):
            key, entry = self._lookup(path)
            if entry is not None and key is not None:
                root = root_of(self.roots, key)
                if root is not None and self._send(root, key, _Entry(None),
                                                   {"op": "delete", "path": relative_to_root(root, key, "path")}):
                    return
                self.settle(key)
        real(path, dir_fd=dir_fd)

    def _send(self, root: str, key: str, entry: _Entry, header: Dict[str, Any]) -> bool:
        """Send ``header`` with ``entry`` as ``key``'s pending state; ``False``: do it in-process."""
        client = self.pool.client_for(root)
        if client is None:
            return False
        with self._cond:
            self._pending[key] = entry  # before the send: the answer may come first
        try:
            client.submit(header, callback=lambda reply: self._answered(key, entry, reply))
        except (CachedUnavailable, ValueError) as e:
            self._drop(key, entry)
            if isinstance(e, CachedUnavailable):
                self.pool.daemon_failed()
                # Lost mid-request: if the file is gone the daemon took it.
                if entry.src is not None and not _exists(self.real.lstat, entry.src):
                    self.counts.routed += 1
                    return True
            return False
        self.counts.routed += 1
        return True

    def _answered(self, key: str, entry: _Entry, reply: Reply) -> None:
        answer = reply.answer if reply.error is None else {"ok": False, "error": {"code": "UNAVAILABLE"}}
        ok = bool(answer and answer.get("ok"))
        if ok:
            self.counts.confirmed += 1
        else:
            self.counts.failed += 1
            code, _ = error_of(answer or {})
            # Refused, not attempted (the file is still there): do it here, unless superseded.
            if (code in FALLBACK_CODES or code == "UNAVAILABLE") and entry.src is not None \
                    and self._pending.get(key) is entry and _exists(self.real.lstat, entry.src):
                try:
                    self.real.replace(entry.src, key)
                    self.counts.in_process += 1
                except OSError:
                    pass
        self._drop(key, entry)

    def _drop(self, key: str, entry: _Entry) -> None:
        with self._cond:
            if self._pending.get(key) is entry:
                del self._pending[key]
            self._cond.notify_all()


def _exists(lstat: Callable[..., Any], path: str) -> bool:
    try:
        lstat(path)
        return True
    except OSError:
        return False
