"""Opening the connection to the daemon.

One function per transport, chosen by :func:`open_connection`: ``unix`` (the
daemon's Unix domain socket) today. A transport returns the connected socket and
the fields it adds to the ``hello`` -- which is how loopback TCP will fit in: an
``_open_tcp`` that reads the port and cookie from the endpoint file beside the
socket, connects to 127.0.0.1 and returns ``{"cookie": ...}``, plus its name in
``TRANSPORTS`` and in ``auto``'s choice.
"""

import os
import socket as _socket
import sys
from typing import Any, Callable, Dict, Optional, Tuple

from ._wire import CachedUnavailable

#: Transport choices; ``auto`` is the platform's default.
TRANSPORTS = ("auto", "unix")


def default_socket_path() -> str:
    """The daemon's socket: ``$CACHED_SOCKET``, else the platform default of PROTOCOL.md."""
    env = os.environ.get("CACHED_SOCKET")
    if env:
        return env
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "cached", "cached.sock")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "cached", "cached.sock")
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return os.path.join(runtime, "cached", "cached.sock")
    return os.path.join(home, ".cache", "cached", "cached.sock")


def transport_choice(explicit: Optional[str] = None) -> str:
    """``explicit``, else ``$CACHED_TRANSPORT``, else ``auto``; checked against :data:`TRANSPORTS`."""
    choice = (explicit or os.environ.get("CACHED_TRANSPORT") or "auto").strip().lower()
    if choice not in TRANSPORTS:
        raise ValueError("transport : %r (expected: one of %s)" % (choice, ", ".join(TRANSPORTS)))
    return choice


def open_connection(socket_path: str, timeout: float,
                    transport: Optional[str] = None) -> Tuple[_socket.socket, Dict[str, Any]]:
    """A socket connected to the daemon, and the extra ``hello`` fields its transport needs.

    :param socket_path: the daemon's socket (a TCP transport finds its endpoint file beside it).
    :param timeout: seconds for the connect.
    :raises CachedUnavailable: nothing answers, or this Python cannot use the transport.
    """
    choice = transport_choice(transport)
    if choice == "auto":
        choice = "unix"
    return _OPENERS[choice](socket_path, timeout)


def _open_unix(socket_path: str, timeout: float) -> Tuple[_socket.socket, Dict[str, Any]]:
    if not hasattr(_socket, "AF_UNIX"):
        raise CachedUnavailable("this Python has no AF_UNIX sockets; cannot reach %s" % socket_path)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(socket_path)
    except OSError as e:
        sock.close()
        raise CachedUnavailable(
            "cannot connect to the daemon at %s: %s (start it with `cached start`)" % (socket_path, e)
        ) from e
    return sock, {}


_OPENERS = {"unix": _open_unix}  # type: Dict[str, Callable[[str, float], Tuple[_socket.socket, Dict[str, Any]]]]
