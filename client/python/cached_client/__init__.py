"""Python client for ``cached``, the daemon that owns cache-file writes.

Standard library only; Python 3.8+. Speaks wire protocol v1 (``protocol/PROTOCOL.md``).

Two layers:

* :class:`Client` -- one connection bound to a root directory. ``write`` / ``delete`` /
  ``replace`` are pipelined (they return once the request is in the send buffer, which
  a background thread sends many frames at a time; the daemon's acknowledgements are
  read by another), ``flush`` is the barrier that
  reports what failed. ``durable=True`` waits for the request's own final answer.

* :func:`replace` and :func:`write_file` -- drop-in helpers for code that today calls
  ``os.replace``. They go through the daemon when it is reachable and otherwise do
  the same atomic replace in-process, retrying briefly while another process holds
  the target (the Windows ``PermissionError`` case). An analyzer never fails
  because the daemon is not running.

And ``cached-run`` / ``cached-mypy`` (``cached_client.run``, ``cached_client.mypy``)
route the ``os.replace`` calls of unmodified Python tools through the daemon.

Inside: ``_wire`` (frames), ``_transport`` (opening the connection), ``_client``,
``_pool`` (the helpers' connections, fork handling), ``_fallback`` (the
in-process retry), ``_helpers``; ``_hook`` and ``_pending`` for ``cached-run``.
"""

from typing import Any, Optional

from ._client import Client, __version__
from ._helpers import Helpers
from ._paths import PathLike
from ._transport import default_socket_path
from ._wire import PROTOCOL, CachedError, CachedUnavailable, Failure

__all__ = [
    "Client",
    "CachedError",
    "CachedUnavailable",
    "Failure",
    "PROTOCOL",
    "configure",
    "default_socket_path",
    "replace",
    "write_file",
]

# The helpers of the module functions below; tests make their own with a fake clock.
_helpers = Helpers()


def configure(
    deadline: Optional[float] = None,
    daemon_wait: Optional[float] = None,
    reconnect_interval: Optional[float] = None,
    socket: Optional[str] = None,
    client_name: Optional[str] = None,
    use_daemon: Optional[bool] = None,
    transport: Optional[str] = None,
) -> None:
    """Tune the module-level helpers. ``None`` leaves a setting as it is.

    :param deadline: how long the in-process fallback retries a held target (default 1 s).
    :param daemon_wait: how long a helper waits for the daemon to confirm (default 1 s);
        past it the helper returns and the daemon finishes the write on its own.
    :param reconnect_interval: after the daemon failed, helpers use the fallback
        directly and try the daemon again at most this often (default 3 s).
    :param socket: the daemon's socket (default: :func:`default_socket_path` per call).
    :param use_daemon: ``False`` makes the helpers always write in-process.
    :param transport: ``auto``, ``unix`` or ``tcp`` (default ``$CACHED_TRANSPORT``, else ``auto``:
        the Unix socket where ``socket.AF_UNIX`` exists, else loopback TCP through the
        endpoint file beside the socket -- so on Windows the helpers reach the daemon too).
    """
    _helpers.configure(deadline, daemon_wait, reconnect_interval, socket, client_name, use_daemon, transport)


def replace(
    src: PathLike,
    dst: PathLike,
    *,
    src_dir_fd: Optional[int] = None,
    dst_dir_fd: Optional[int] = None,
    deadline: Optional[float] = None,
) -> None:
    """``os.replace(src, dst)``, through the daemon when it is reachable.

    The daemon is used when ``src`` and ``dst`` are in the same directory (the
    connection's root is that directory) and no ``*_dir_fd`` is given. The call
    waits for the daemon's confirmation up to ``daemon_wait`` (see :func:`configure`);
    if the target is still held by another process then, it returns and the daemon
    keeps retrying and finishes the replace on its own (a later write to ``dst``
    still wins).

    Otherwise -- daemon down, refused, or unsuitable -- it runs ``os.replace``
    in-process, retrying ``PermissionError`` / ``EACCES`` / ``EBUSY`` / ``ETXTBSY`` /
    ``EPERM`` / Windows errors 5, 32, 33 with exponential backoff and jitter
    (2 ms, x2, cap 250 ms) for up to ``deadline`` seconds (default 1 s), then
    re-raises. Other errors are raised as ``os.replace`` raises them.
    """
    _helpers.replace(src, dst, src_dir_fd, dst_dir_fd, deadline)


def write_file(path: PathLike, data: Any, *, deadline: Optional[float] = None) -> None:
    """Atomically replace the file at ``path`` with ``data`` (bytes-like).

    Through the daemon when reachable (waiting for it as :func:`replace` does);
    otherwise in-process: the bytes go to ``.<name>.<16 hex>.cached-tmp`` in the
    same directory, which then replaces ``path`` with the retry loop of
    :func:`replace`. The temp file is removed if anything fails.
    """
    _helpers.write_file(path, data, deadline)


def _reset_clients() -> None:
    """Close every helper client and forget past failures (tests)."""
    _helpers.pool.reset()
