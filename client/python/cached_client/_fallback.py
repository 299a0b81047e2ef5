"""The in-process fallback: ``os.replace`` retried while another process holds the target.

Used when the daemon is down, refuses a request, or cannot take it (a source in
another directory). Time is read from an injected ``clock`` and waited with an
injected ``sleep`` (both default to the ``time`` module), so tests drive the
backoff without sleeping.
"""

import errno
import os
import random
import time
from typing import Any, Callable, Dict, Optional

#: Errnos worth retrying: another process holds the target.
TRANSIENT_ERRNOS = frozenset(
    e for e in (errno.EACCES, errno.EBUSY, getattr(errno, "ETXTBSY", None), errno.EPERM) if e is not None
)
#: Windows ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
TRANSIENT_WINERRORS = frozenset((5, 32, 33))

Clock = Callable[[], float]
Sleep = Callable[[float], None]


def is_transient(error: OSError) -> bool:
    """``error`` says another process holds the file, so a later attempt may succeed."""
    if getattr(error, "winerror", None) in TRANSIENT_WINERRORS:
        return True
    return isinstance(error, PermissionError) or error.errno in TRANSIENT_ERRNOS


def replace_with_retry(src: Any, dst: Any, deadline: float, clock: Clock = time.monotonic,
                       sleep: Sleep = time.sleep, replace: Optional[Callable[..., None]] = None,
                       src_dir_fd: Optional[int] = None, dst_dir_fd: Optional[int] = None) -> None:
    """``os.replace`` retried on transient errors with backoff and jitter.

    Waits about 2, 4, 8 ... ms (each jittered into [d/2, d]), capped at 250 ms; no
    attempt starts after ``deadline`` seconds from the first. The last transient
    error is re-raised when the deadline is spent; any other error at once.

    :param replace: the replace to retry; default ``os.replace`` as it is at call time.
    """
    dir_fds = {}  # type: Dict[str, int]
    if src_dir_fd is not None:
        dir_fds["src_dir_fd"] = src_dir_fd
    if dst_dir_fd is not None:
        dir_fds["dst_dir_fd"] = dst_dir_fd
    start = clock()
    delay = 0.002
    while True:
        try:
            (replace or os.replace)(src, dst, **dir_fds)
            return
        except OSError as e:
            if not is_transient(e):
                raise
            pause = random.uniform(delay / 2, delay)
            if clock() - start + pause > deadline:
                raise
            sleep(pause)
            delay = min(delay * 2, 0.25)


def temp_name(name: str) -> str:
    """``.<name>.<16 hex>.cached-tmp``, the name cut so the whole stays within 255 UTF-8 bytes."""
    fixed = 1 + 1 + 16 + len(".cached-tmp")
    stem = name
    while len(stem.encode("utf-8", "surrogateescape")) > 255 - fixed:
        stem = stem[:-1]
    return ".%s.%016x.cached-tmp" % (stem, random.getrandbits(64))


def write_in_process(directory: str, name: str, data: Any, deadline: float, clock: Clock = time.monotonic,
                     sleep: Sleep = time.sleep) -> None:
    """Write ``data`` to a temp beside ``directory/name`` and replace the target with it.

    The temp is removed if anything fails; the replace error is raised.
    """
    tmp = os.path.join(directory, temp_name(name))
    try:
        with open(tmp, "xb") as f:
            f.write(data)
        replace_with_retry(tmp, os.path.join(directory, name), deadline, clock, sleep)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
