"""Opening the connection to the daemon.

One function per transport, chosen by :func:`open_connection`: ``unix`` (the
daemon's Unix domain socket) and ``tcp`` (loopback TCP, found through the
endpoint file beside the socket path, with the cookie from that file). A
transport returns the connected socket, the fields it adds to the ``hello``
(TCP: the cookie) and a name of the address for messages.

``auto`` takes the Unix socket where this Python's ``socket`` module has
``AF_UNIX`` and TCP otherwise (CPython on Windows), so a Windows user need not
choose.
"""

import json
import os
import socket as _socket
import sys
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from ._wire import CachedUnavailable

#: Transport choices; ``auto`` is the platform's default.
TRANSPORTS = ("auto", "unix", "tcp")
#: The endpoint file is the socket path plus this.
ENDPOINT_SUFFIX = ".endpoint"
_MAX_ENDPOINT_BYTES = 4096


class Line(NamedTuple):
    """A connected socket, what its hello must add, and where it leads (for messages)."""

    sock: _socket.socket
    hello_extra: Dict[str, Any]
    where: str


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


def has_af_unix() -> bool:
    """This Python can open Unix domain sockets (read at call time: tests hide it)."""
    return hasattr(_socket, "AF_UNIX")


def transport_choice(explicit: Optional[str] = None) -> str:
    """``explicit``, else ``$CACHED_TRANSPORT``, else ``auto``; checked against :data:`TRANSPORTS`."""
    choice = (explicit or os.environ.get("CACHED_TRANSPORT") or "auto").strip().lower()
    if choice not in TRANSPORTS:
        raise ValueError("transport : %r (expected: one of %s)" % (choice, ", ".join(TRANSPORTS)))
    return choice


def resolve(explicit: Optional[str] = None) -> str:
    """The concrete transport, ``unix`` or ``tcp``, that :func:`open_connection` would use."""
    choice = transport_choice(explicit)
    if choice == "auto":
        return "unix" if has_af_unix() else "tcp"
    return choice


def open_connection(socket_path: str, timeout: float, transport: Optional[str] = None) -> Line:
    """A socket connected to the daemon, with the ``hello`` fields its transport needs.

    :param socket_path: the daemon's socket (TCP finds its endpoint file beside it).
    :param timeout: seconds for the connect.
    :raises CachedUnavailable: nothing answers, or this Python cannot use the transport.
    """
    return _OPENERS[resolve(transport)](socket_path, timeout)


def endpoint_file(socket_path: str) -> str:
    """The endpoint file of the daemon on ``socket_path``."""
    return socket_path + ENDPOINT_SUFFIX


def read_endpoint(path: str) -> Tuple[str, int, str]:
    """``(host, port, cookie)`` from an endpoint file.

    :raises FileNotFoundError: there is none (no daemon listens on TCP for that socket).
    :raises ValueError: it is not what PROTOCOL.md describes; the message names the file
        and the field (never the cookie).
    """
    with open(path, "rb") as f:
        raw = f.read(_MAX_ENDPOINT_BYTES + 1)
    if len(raw) > _MAX_ENDPOINT_BYTES:
        raise ValueError("endpoint file %s: over %d bytes" % (path, _MAX_ENDPOINT_BYTES))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        raise ValueError("endpoint file %s: not valid JSON (%s)" % (path, e)) from e
    tcp = doc.get("tcp") if isinstance(doc, dict) else None
    if not isinstance(tcp, dict):
        raise ValueError('endpoint file %s: expected an object with a "tcp" object' % path)
    host, port, cookie = tcp.get("host"), tcp.get("port"), doc.get("cookie")
    if not isinstance(host, str) or not host or isinstance(port, bool) or not isinstance(port, int) \
            or not 1 <= port <= 65535:
        raise ValueError("endpoint file %s: tcp.host %r, tcp.port %r (expected: a host and a port 1..65535)"
                         % (path, host, port))
    if not isinstance(cookie, str) or len(cookie) != 64 or any(c not in "0123456789abcdef" for c in cookie):
        raise ValueError("endpoint file %s: cookie is not 64 lowercase hex digits" % path)
    return host, port, cookie


def _open_unix(socket_path: str, timeout: float) -> Line:
    if not has_af_unix():
        raise CachedUnavailable(
            "transport unix: this Python has no AF_UNIX sockets (CPython on Windows); cannot reach %s. "
            "Use transport 'auto' or 'tcp' (CACHED_TRANSPORT) with a daemon that listens on tcp" % socket_path)
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(socket_path)
    except OSError as e:
        sock.close()
        raise CachedUnavailable(
            "cannot connect to the daemon at %s: %s (start it with `cached start`)" % (socket_path, e)
        ) from e
    return Line(sock, {}, socket_path)


def _open_tcp(socket_path: str, timeout: float) -> Line:
    path = endpoint_file(socket_path)
    try:
        host, port, cookie = read_endpoint(path)
    except FileNotFoundError as e:
        raise CachedUnavailable(
            "cannot connect over tcp: no endpoint file %s (no daemon on %s, or it does not listen on tcp: "
            "start it with `cached start --listen unix,tcp`)" % (path, socket_path)) from e
    except (OSError, ValueError) as e:
        raise CachedUnavailable("cannot connect over tcp: %s" % (e,)) from e
    where = "tcp %s:%d (from %s)" % (host, port, path)
    try:
        sock = _socket.create_connection((host, port), timeout)
    except OSError as e:
        raise CachedUnavailable("cannot connect to the daemon at %s: %s (a stale endpoint file? start the "
                                "daemon with `cached start`)" % (where, e)) from e
    try:
        sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
    except OSError:
        pass  # only latency suffers
    return Line(sock, {"cookie": cookie}, where)


_OPENERS = {"unix": _open_unix, "tcp": _open_tcp}  # type: Dict[str, Callable[[str, float], Line]]
