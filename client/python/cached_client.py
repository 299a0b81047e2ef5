"""Python client for ``cached``, the daemon that owns cache-file writes.

Standard library only; Python 3.8+. Speaks wire protocol v1 (``protocol/PROTOCOL.md``).

Two layers:

* :class:`Client` -- one connection bound to a root directory. ``write`` / ``delete`` /
  ``replace`` are pipelined (they return once the request is sent; the daemon's
  acknowledgements are read by a background thread), ``flush`` is the barrier that
  reports what failed. ``durable=True`` waits for the request's own final answer.

* :func:`replace` and :func:`write_file` -- drop-in helpers for code that today calls
  ``os.replace``. They go through the daemon when it is reachable and otherwise do
  the same atomic replace in-process, retrying briefly while another process holds
  the target (the Windows ``PermissionError`` case). An analyzer never fails
  because the daemon is not running.

Concurrency: a :class:`Client` may be shared by threads. Sends are serialised by
one lock (request ids are allocated under it, so ids grow in send order); one
daemon thread per client (``cached-client-reader``) reads answers and hands them
to the waiting caller by id. The module-level helpers share a small cache of
clients guarded by a module lock; after ``fork`` the child drops the parent's
clients and connects afresh.
"""

import errno
import itertools
import json
import os
import random
import socket as _socket
import struct
import sys
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple, Union

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

__version__ = "0.1.0"

#: The wire protocol version this client speaks.
PROTOCOL = 1

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

_HEADER_LEN = struct.Struct(">I")
_MAX_HEADER = 65536
_CONNECT_TIMEOUT = 10.0  # connect + hello
# A flush with a timeout is answered TIMEOUT by the daemon; this is how much longer
# the client waits for that answer before it gives up on its own.
_FLUSH_GRACE = 5.0
# Payloads below this are sent in one sendall with their header.
_COALESCE_BYTES = 64 * 1024


class CachedError(Exception):
    """An error answer from the daemon, or a request the client refused to send.

    ``code`` is one of the protocol's error codes (``OUTSIDE_ROOT``, ``BAD_PATH``,
    ``IO_ERROR`` ...), or ``UNAVAILABLE`` for :class:`CachedUnavailable`. Match on
    ``code``; ``message`` is for people.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message


class CachedUnavailable(CachedError):
    """The daemon cannot be reached, or the connection to it was lost."""

    def __init__(self, message: str) -> None:
        super().__init__("UNAVAILABLE", message)


class Failure(NamedTuple):
    """One request that did not succeed, as reported by :meth:`Client.flush`."""

    path: Optional[str]
    op: str
    code: str
    message: str


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


class _Waiter:
    """One caller waiting for the answer to its request."""

    __slots__ = ("event", "answer", "error")

    def __init__(self) -> None:
        self.event = threading.Event()
        self.answer = None  # type: Optional[Dict[str, Any]]
        self.error = None  # type: Optional[BaseException]


class Client:
    """A connection to the daemon, bound to one cache root.

    Example::

        with Client("/home/u/proj/.mypy_cache") as c:
            c.write("3.11/enum.data.json", b"{}")
            failures = c.flush()

    Paths are relative to ``root`` (``/``- or ``os.sep``-separated), or absolute
    inside it; an absolute path outside the root raises :class:`ValueError` before
    anything is sent.

    Outcomes of ``write`` / ``delete`` / ``replace``:

    * ``durable=False`` (default): returns ``None`` once the request is sent. If the
      daemon refuses it, or it fails later on disk, the next :meth:`flush` lists it.
    * ``durable=True``: returns the final outcome (``"written"``, ``"deleted"`` or
      ``"superseded"``), or raises :class:`CachedError` with the daemon's reason.
    * Any call raises :class:`CachedUnavailable` if the connection is, or becomes,
      lost; waits never outlive the connection.

    :param root: the cache directory this connection writes under (made absolute).
    :param socket: the daemon's socket path; default :func:`default_socket_path`.
    :param ordered: ask the daemon to make writes visible in send order across paths.
    :param client_name: shown by ``cached status``; default ``<argv0> (cached-client/<version> ...)``.
    :param connect_timeout: seconds allowed for connecting and the hello exchange.
    :raises CachedUnavailable: no daemon at the socket, or it did not answer the hello in time.
    :raises CachedError: the daemon refused the hello (``ROOT_NOT_ALLOWED``,
        ``PROTOCOL_VERSION`` with advice on how to fix it, ``BUSY`` ...).
    """

    def __init__(
        self,
        root: PathLike,
        socket: Optional[str] = None,
        ordered: bool = False,
        client_name: Optional[str] = None,
        connect_timeout: float = _CONNECT_TIMEOUT,
    ) -> None:
        self.root = os.path.abspath(os.fsdecode(os.fspath(root)))
        self.socket_path = socket or default_socket_path()
        self.ordered = bool(ordered)
        self.client_name = client_name or _default_client_name()
        self.limits = {}  # type: Dict[str, Any]
        self.server = None  # type: Optional[str]
        self._send_lock = threading.Lock()
        # Guards everything below; the reader thread and callers both touch it.
        self._state = threading.Condition(threading.Lock())
        self._ids = itertools.count(1)
        self._waiters = {}  # type: Dict[int, _Waiter]
        # Unanswered pipelined requests: id -> (op, path), to name a refusal.
        self._queued = {}  # type: Dict[int, Tuple[str, Optional[str]]]
        # Refused pipelined requests not yet reported by a flush: (id, failure).
        self._refused = []  # type: List[Tuple[int, Failure]]
        # Flushes whose caller gave up waiting: their late answer's failures are kept.
        self._abandoned = set()  # type: set
        self._closed_reason = None  # type: Optional[str]
        deadline = time.monotonic() + connect_timeout
        self._sock = self._connect(connect_timeout)
        try:
            self._hello(max(0.001, deadline - time.monotonic()))
        except BaseException:
            self._sock.close()
            raise
        self._max_pending = int(self.limits.get("maxPendingRequests") or 65536)
        self._max_payload = self.limits.get("maxPayload")
        self._max_header = int(self.limits.get("maxHeader") or _MAX_HEADER)
        self._reader = threading.Thread(
            target=self._read_loop, name="cached-client-reader", daemon=True
        )
        self._reader.start()

    # ----------------------------------------------------------------- public API

    def write(self, path: PathLike, data: Any, durable: bool = False, mode: Optional[int] = None) -> Optional[str]:
        """Write ``data`` (bytes-like) to ``path`` atomically.

        :param mode: POSIX mode of the new file (default: the target's previous mode).
        :returns: ``None``, or with ``durable`` the outcome ``"written"`` / ``"superseded"``.
        :raises CachedError: ``TOO_LARGE`` if ``data`` exceeds the daemon's ``maxPayload``
            (nothing is sent); with ``durable``, the daemon's error.
        """
        rel = self._relative(path, "path")
        if isinstance(data, str):
            raise TypeError("data : str (expected: bytes-like; encode it first)")
        view = memoryview(data)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast("B")
        size = view.nbytes
        if self._max_payload is not None and size > self._max_payload:
            raise CachedError(
                "TOO_LARGE",
                "write %r: %d bytes (expected: <= maxPayload %d)" % (rel, size, self._max_payload),
            )
        header = {"op": "write", "path": rel, "size": size}  # type: Dict[str, Any]
        if mode is not None:
            if not 0 <= mode <= 0o7777:
                raise ValueError("mode : %r (expected: 0..0o7777)" % (mode,))
            header["mode"] = mode
        return self._request(header, view, durable, rel)

    def replace(self, src: PathLike, dst: PathLike, durable: bool = False) -> Optional[str]:
        """Move ``src`` (a file this process wrote, beside ``dst``) onto ``dst``.

        From the moment the daemon accepts it, the daemon owns ``src``: it is moved,
        or deleted if superseded or failed.

        :returns: ``None``, or with ``durable`` ``"written"`` / ``"superseded"``.
        """
        header = {"op": "replace", "from": self._relative(src, "src"), "path": self._relative(dst, "dst")}
        return self._request(header, None, durable, header["path"])

    def delete(self, path: PathLike, durable: bool = False) -> Optional[str]:
        """Delete ``path`` (a missing file is success), ordered with writes to it.

        :returns: ``None``, or with ``durable`` ``"deleted"`` / ``"superseded"``.
        """
        rel = self._relative(path, "path")
        return self._request({"op": "delete", "path": rel}, None, durable, rel)

    def flush(self, timeout: Optional[float] = None) -> List[Failure]:
        """Wait until every request sent before it is final; return what failed.

        The list holds the pipelined requests the daemon refused outright (a bad
        path, say) followed by the failures the flush answer reports (disk errors,
        retry deadlines), each once.

        :param timeout: seconds; if the daemon is not done by then it answers
            ``TIMEOUT`` (raised as :class:`CachedError`) and the writes go on.
        """
        header = {"op": "flush"}  # type: Dict[str, Any]
        wait = None  # type: Optional[float]
        if timeout is not None:
            if timeout < 0:
                raise ValueError("timeout : %r (expected: >= 0)" % (timeout,))
            header["timeoutMs"] = int(timeout * 1000)
            wait = timeout + _FLUSH_GRACE
        flush_id, answer = self._call(header, wait)
        with self._state:
            mine = [f for i, f in self._refused if i < flush_id]
            self._refused = [(i, f) for i, f in self._refused if i >= flush_id]
        return mine + _failures_of(answer)

    def status(self) -> Dict[str, Any]:
        """The daemon's state, as ``cached status --json`` prints it."""
        return self._call({"op": "status"}, None)[1].get("status") or {}

    def close(self) -> None:
        """Close the connection. Does not flush: call :meth:`flush` first to learn outcomes.

        Requests already sent are still carried out by the daemon. Idempotent.
        """
        self._mark_closed("the client was closed")
        try:
            self._sock.shutdown(_socket.SHUT_RDWR)
        except OSError:
            pass
        self._sock.close()
        if self._reader is not threading.current_thread():
            self._reader.join(timeout=5.0)

    @property
    def closed(self) -> bool:
        """True once the connection is closed or lost."""
        with self._state:
            return self._closed_reason is not None

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return "Client(root=%r, socket=%r%s)" % (self.root, self.socket_path, ", closed" if self.closed else "")

    # ----------------------------------------------------------------- paths

    def _relative(self, path: PathLike, what: str) -> str:
        """``path`` as the protocol wants it: relative to the root, ``/``-separated.

        A relative path is passed on as given (the daemon judges ``..`` and the
        like, so its error codes reach the caller); an absolute one must lie inside
        the root.
        """
        p = os.fsdecode(os.fspath(path))
        if not p:
            raise ValueError("%s : '' (expected: a path inside the root %s)" % (what, self.root))
        if os.path.isabs(p) or (os.sep == "\\" and os.path.splitdrive(p)[0]):
            norm = os.path.normpath(p)
            try:
                inside = os.path.commonpath([os.path.normcase(norm), os.path.normcase(self.root)]) == os.path.normcase(
                    self.root
                )
            except ValueError:  # different drives on Windows
                inside = False
            if not inside or os.path.normcase(norm) == os.path.normcase(self.root):
                raise ValueError("%s : %r is outside the root %s (expected: a path inside it)" % (what, p, self.root))
            p = os.path.relpath(norm, self.root)
        if os.sep != "/":
            p = p.replace(os.sep, "/")
        return p

    # ----------------------------------------------------------------- wire

    def _connect(self, timeout: float) -> _socket.socket:
        if not hasattr(_socket, "AF_UNIX"):
            raise CachedUnavailable("this Python has no AF_UNIX sockets; cannot reach %s" % self.socket_path)
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(self.socket_path)
        except OSError as e:
            sock.close()
            raise CachedUnavailable(
                "cannot connect to the daemon at %s: %s (start it with `cached start`)" % (self.socket_path, e)
            ) from e
        return sock

    def _hello(self, timeout: float) -> None:
        hello = {
            "op": "hello",
            "id": 0,
            "protocol": PROTOCOL,
            "client": self.client_name,
            "pid": os.getpid(),
            "root": self.root,
            "ordered": self.ordered,
        }
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(self._encode(hello))
            answer = self._read_frame()
        except (OSError, ValueError) as e:
            raise CachedUnavailable("hello to %s failed: %s" % (self.socket_path, e)) from e
        finally:
            self._sock.settimeout(None)
        if answer is None:
            raise CachedUnavailable("the daemon at %s closed the connection during hello" % self.socket_path)
        if not answer.get("ok"):
            code, message = _error_of(answer)
            if code == "PROTOCOL_VERSION":
                raise CachedError(code, _version_advice(message, None))
            raise CachedError(code, message)
        if answer.get("protocol") != PROTOCOL:
            raise CachedError(
                "PROTOCOL_VERSION", _version_advice("the daemon answered protocol %r" % answer.get("protocol"),
                                                    answer.get("protocols"))
            )
        self.server = answer.get("server")
        self.limits = dict(answer.get("limits") or {})

    def _encode(self, header: Dict[str, Any]) -> bytes:
        try:
            raw = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        except UnicodeEncodeError as e:
            raise ValueError("path : not valid Unicode (%s); the protocol carries UTF-8 paths only" % e) from e
        limit = getattr(self, "_max_header", _MAX_HEADER)
        if len(raw) > limit:
            raise ValueError("header : %d bytes (expected: <= maxHeader %d); is the path that long?" % (len(raw), limit))
        return _HEADER_LEN.pack(len(raw)) + raw

    def _read_exact(self, n: int) -> Optional[bytes]:
        buf = bytearray()
        while len(buf) < n:
            chunk = self._sock.recv(min(n - len(buf), 1 << 20))
            if not chunk:
                return None
            buf += chunk
        return bytes(buf)

    def _read_frame(self) -> Optional[Dict[str, Any]]:
        """One answer frame, or ``None`` at a clean end of stream."""
        head = self._read_exact(4)
        if head is None:
            return None
        (n,) = _HEADER_LEN.unpack(head)
        if n == 0 or n > _MAX_HEADER:
            raise ValueError("answer header length %d (expected: 1..%d)" % (n, _MAX_HEADER))
        raw = self._read_exact(n)
        if raw is None:
            return None
        header = json.loads(raw.decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("answer header is not a JSON object: %r" % (raw[:200],))
        size = header.get("size") or 0
        if size:  # answers carry no payload; skip one defensively
            if not isinstance(size, int) or size < 0 or size > (64 << 20):
                raise ValueError("answer size %r (expected: 0)" % (size,))
            if self._read_exact(size) is None:
                return None
        return header

    def _read_loop(self) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                answer = self._read_frame()
                if answer is None:
                    break
                self._dispatch(answer)
        except (OSError, ValueError) as e:
            reason = "reading from the daemon failed: %s" % (e,)
        except Exception as e:  # a bug here must not leave callers hanging
            reason = "client reader failed: %r" % (e,)
        self._mark_closed(reason)

    def _dispatch(self, answer: Dict[str, Any]) -> None:
        rid = answer.get("id")
        with self._state:
            waiter = self._waiters.pop(rid, None) if isinstance(rid, int) else None
            if waiter is not None:
                waiter.answer = answer
                waiter.event.set()
            elif isinstance(rid, int) and rid in self._abandoned:
                self._abandoned.discard(rid)
                for f in _failures_of(answer):
                    self._refused.append((-1, f))
            elif isinstance(rid, int) and rid in self._queued:
                op, path = self._queued.pop(rid)
                if not answer.get("ok"):
                    code, message = _error_of(answer)
                    self._refused.append((rid, Failure(path, op, code, message)))
            elif not answer.get("ok"):
                # An error not tied to a request of ours (id null): remember it for the
                # next flush; a stream-level one is followed by a close anyway.
                code, message = _error_of(answer)
                self._refused.append((-1, Failure(None, "?", code, message)))
            self._state.notify_all()

    def _mark_closed(self, reason: str) -> None:
        with self._state:
            if self._closed_reason is None:
                self._closed_reason = reason
            error = CachedUnavailable("%s (socket %s)" % (self._closed_reason, self.socket_path))
            for waiter in self._waiters.values():
                waiter.error = error
                waiter.event.set()
            self._waiters.clear()
            self._queued.clear()
            self._state.notify_all()

    def _unavailable(self) -> CachedUnavailable:
        return CachedUnavailable("%s (socket %s)" % (self._closed_reason, self.socket_path))

    def _send(self, header: Dict[str, Any], payload: Optional[memoryview], waiter: Optional[_Waiter],
              queued_as: Optional[Tuple[str, Optional[str]]]) -> int:
        """Allocate an id, register the waiter (or the pipelined entry), send. Returns the id."""
        with self._send_lock:
            with self._state:
                # Stay under the daemon's limit of unanswered requests instead of
                # provoking BUSY: wait for the reader to drain acks.
                while self._closed_reason is None and len(self._waiters) + len(self._queued) >= self._max_pending:
                    self._state.wait()
                if self._closed_reason is not None:
                    raise self._unavailable()
                rid = next(self._ids)
                header["id"] = rid
                frame = self._encode(header)
                if waiter is not None:
                    self._waiters[rid] = waiter
                else:
                    self._queued[rid] = queued_as  # type: ignore[assignment]
            try:
                if payload is not None and 0 < payload.nbytes < _COALESCE_BYTES:
                    self._sock.sendall(frame + payload.tobytes())
                else:
                    self._sock.sendall(frame)
                    if payload is not None and payload.nbytes:
                        self._sock.sendall(payload)
            except OSError as e:
                self._mark_closed("sending to the daemon failed: %s" % (e,))
                raise self._unavailable() from e
            return rid

    def _call(self, header: Dict[str, Any], wait: Optional[float],
              payload: Optional[memoryview] = None) -> Tuple[int, Dict[str, Any]]:
        """Send and wait for this request's own answer; raise on an error answer."""
        waiter = _Waiter()
        rid = self._send(header, payload, waiter, None)
        if not waiter.event.wait(wait):
            with self._state:
                if self._waiters.pop(rid, None) is not None and header.get("op") == "flush":
                    self._abandoned.add(rid)
            if waiter.event.is_set():  # answered while we gave up: take it
                return self._result(rid, waiter)
            raise CachedError("TIMEOUT", "no answer to %s #%d within %.1f s" % (header.get("op"), rid, wait or 0))
        return self._result(rid, waiter)

    @staticmethod
    def _result(rid: int, waiter: _Waiter) -> Tuple[int, Dict[str, Any]]:
        if waiter.error is not None:
            raise waiter.error
        answer = waiter.answer or {}
        if not answer.get("ok"):
            raise CachedError(*_error_of(answer))
        return rid, answer

    def _request(self, header: Dict[str, Any], payload: Optional[memoryview], durable: bool,
                 path: Optional[str]) -> Optional[str]:
        if durable:
            header["ack"] = "durable"
            return self._call(header, None, payload)[1].get("outcome")
        header["ack"] = "queued"
        self._send(header, payload, None, (header["op"], path))
        return None


def _error_of(answer: Dict[str, Any]) -> Tuple[str, str]:
    err = answer.get("error") or {}
    if not isinstance(err, dict):
        return "INTERNAL", "malformed error answer: %r" % (answer,)
    return str(err.get("code") or "INTERNAL"), str(err.get("message") or "")


def _failures_of(answer: Dict[str, Any]) -> List[Failure]:
    out = []
    for item in answer.get("failed") or []:
        if isinstance(item, dict):
            out.append(Failure(item.get("path"), str(item.get("op", "")), str(item.get("code", "")),
                               str(item.get("message", ""))))
    return out


def _version_advice(detail: str, versions: Any) -> str:
    advice = "%s (this client speaks protocol %d)" % (detail, PROTOCOL)
    if versions:
        advice += "; the daemon supports %s" % (versions,)
    if "cached stop" not in detail:
        advice += (
            ". The running daemon is a different version: stop it with `cached stop`, then start "
            "the newer daemon (`cached start`), or install the client that matches it"
        )
    return advice


def _default_client_name() -> str:
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
    return "%s (cached-client/%s python/%d.%d)" % (prog, __version__, sys.version_info[0], sys.version_info[1])


# =============================================================================
# Drop-in helpers with in-process fallback
# =============================================================================

#: Errnos worth retrying in the fallback: another process holds the target.
_TRANSIENT_ERRNOS = frozenset(
    e for e in (errno.EACCES, errno.EBUSY, getattr(errno, "ETXTBSY", None), errno.EPERM) if e is not None
)
#: Windows ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
_TRANSIENT_WINERRORS = frozenset((5, 32, 33))
# Request-level refusals: the daemon did not take the request, so doing it
# in-process is safe (and gives the caller os.replace's own exception).
_FALLBACK_CODES = frozenset(("BAD_PATH", "OUTSIDE_ROOT", "NOT_BOUND", "ROOT_NOT_ALLOWED", "BAD_REQUEST",
                             "TOO_LARGE", "BUSY", "SHUTTING_DOWN", "UNKNOWN_OP", "PROTOCOL_VERSION"))
_MAX_CLIENTS = 32
# The helpers must not stall their caller on a daemon that accepts but does not answer.
_HELPER_CONNECT_TIMEOUT = 2.0


class _Settings:
    deadline = 1.0  # seconds the in-process fallback retries
    daemon_wait = 1.0  # seconds a helper waits for the daemon's durable answer
    reconnect_interval = 3.0  # seconds between connection attempts after a failure
    socket = None  # type: Optional[str]
    client_name = None  # type: Optional[str]
    use_daemon = True


_settings = _Settings()
_lock = threading.Lock()
_clients = OrderedDict()  # type: OrderedDict[str, Client]
_down_until = 0.0  # monotonic time before which the daemon is not tried
_root_refused_until = {}  # type: Dict[str, float]
_sleep = time.sleep  # seam for tests


def configure(
    deadline: Optional[float] = None,
    daemon_wait: Optional[float] = None,
    reconnect_interval: Optional[float] = None,
    socket: Optional[str] = None,
    client_name: Optional[str] = None,
    use_daemon: Optional[bool] = None,
) -> None:
    """Tune the module-level helpers. ``None`` leaves a setting as it is.

    :param deadline: how long the in-process fallback retries a held target (default 1 s).
    :param daemon_wait: how long a helper waits for the daemon to confirm (default 1 s);
        past it the helper returns and the daemon finishes the write on its own.
    :param reconnect_interval: after the daemon failed, helpers use the fallback
        directly and try the daemon again at most this often (default 3 s).
    :param socket: the daemon's socket (default: :func:`default_socket_path` per call).
    :param use_daemon: ``False`` makes the helpers always write in-process.
    """
    for name, value in (("deadline", deadline), ("daemon_wait", daemon_wait),
                        ("reconnect_interval", reconnect_interval)):
        if value is not None:
            if value < 0:
                raise ValueError("%s : %r (expected: >= 0)" % (name, value))
            setattr(_settings, name, float(value))
    if socket is not None or client_name is not None:
        _reset_clients()
    if socket is not None:
        _settings.socket = socket
    if client_name is not None:
        _settings.client_name = client_name
    if use_daemon is not None:
        _settings.use_daemon = bool(use_daemon)


def _reset_clients() -> None:
    """Close every helper client and forget past failures."""
    global _down_until
    with _lock:
        old = list(_clients.values())
        _clients.clear()
        _root_refused_until.clear()
        _down_until = 0.0
    for c in old:
        c.close()


def _after_fork_in_child() -> None:
    global _lock, _down_until
    _lock = threading.Lock()
    for c in _clients.values():
        c._sock.close()  # close, never shutdown: the parent's connection must live on
    _clients.clear()  # the parent's reader threads do not exist here
    _root_refused_until.clear()
    _down_until = 0.0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def _client_for(root: str) -> Optional[Client]:
    """The helper client bound to ``root``, or ``None`` when the daemon is not to be used now."""
    global _down_until
    if not _settings.use_daemon:
        return None
    with _lock:
        now = time.monotonic()
        c = _clients.get(root)
        if c is not None and not c.closed:
            _clients.move_to_end(root)
            return c
        if c is not None:
            del _clients[root]
            c.close()  # lost: release its socket
        if now < _down_until or now < _root_refused_until.get(root, 0.0):
            return None
        try:
            c = Client(root, socket=_settings.socket, client_name=_settings.client_name,
                       connect_timeout=_HELPER_CONNECT_TIMEOUT)
        except CachedUnavailable:
            _down_until = now + _settings.reconnect_interval
            return None
        except CachedError:
            # ROOT_NOT_ALLOWED, PROTOCOL_VERSION, BUSY ...: not for this root, for a while.
            _root_refused_until[root] = now + _settings.reconnect_interval
            return None
        _clients[root] = c
        evicted = []
        while len(_clients) > _MAX_CLIENTS:
            evicted.append(_clients.popitem(last=False)[1])
    for old in evicted:
        old.close()
    return c


def _daemon_failed() -> None:
    global _down_until
    with _lock:
        _down_until = time.monotonic() + _settings.reconnect_interval


def _wait_durable(client: Client, send: Callable[[_Waiter], int], wait: float) -> Optional[Dict[str, Any]]:
    """Send a durable request and wait up to ``wait`` s; ``None`` if still pending then."""
    waiter = _Waiter()
    send(waiter)
    if not waiter.event.wait(wait):
        return None  # the daemon owns it now and finishes it; the reader drops the late answer
    if waiter.error is not None:
        raise waiter.error
    return waiter.answer or {}


def _is_transient(error: OSError) -> bool:
    if getattr(error, "winerror", None) in _TRANSIENT_WINERRORS:
        return True
    return isinstance(error, PermissionError) or error.errno in _TRANSIENT_ERRNOS


def _replace_with_retry(src: Any, dst: Any, deadline: float, **dir_fds: Any) -> None:
    """``os.replace`` retried on transient errors with backoff and jitter.

    Waits about 2, 4, 8 ... ms (each jittered into [d/2, d]), capped at 250 ms; no
    attempt starts after ``deadline`` seconds from the first. The last transient
    error is re-raised when the deadline is spent; any other error at once.
    """
    start = time.monotonic()
    delay = 0.002
    while True:
        try:
            os.replace(src, dst, **dir_fds)
            return
        except OSError as e:
            if not _is_transient(e):
                raise
            pause = random.uniform(delay / 2, delay)
            if time.monotonic() - start + pause > deadline:
                raise
            _sleep(pause)
            delay = min(delay * 2, 0.25)


def _raise_result(code: str, message: str, path: str) -> None:
    """Turn a daemon write result into the OSError an ``os.replace`` caller expects."""
    if code == "RETRY_DEADLINE":
        raise PermissionError(errno.EACCES, "cached: %s: %s" % (code, message), path)
    raise OSError(errno.EIO, "cached: %s: %s" % (code, message), path)


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
    limit = _settings.deadline if deadline is None else deadline
    if src_dir_fd is None and dst_dir_fd is None:
        s = os.path.abspath(os.fsdecode(os.fspath(src)))
        d = os.path.abspath(os.fsdecode(os.fspath(dst)))
        root = os.path.dirname(d)
        if os.path.normcase(os.path.dirname(s)) == os.path.normcase(root) and os.path.basename(d):
            client = _client_for(root)
            if client is not None and _replace_via(client, s, d):
                return
    dir_fds = {}  # type: Dict[str, int]
    if src_dir_fd is not None:
        dir_fds["src_dir_fd"] = src_dir_fd
    if dst_dir_fd is not None:
        dir_fds["dst_dir_fd"] = dst_dir_fd
    _replace_with_retry(src, dst, limit, **dir_fds)


def _replace_via(client: Client, src: str, dst: str) -> bool:
    """Try the replace through ``client``; ``False`` means: do it in-process instead."""
    header = {"op": "replace", "from": os.path.basename(src), "path": os.path.basename(dst), "ack": "durable"}
    try:
        answer = _wait_durable(client, lambda w: client._send(header, None, w, None), _settings.daemon_wait)
    except CachedUnavailable:
        _daemon_failed()
        # Lost mid-request: if src is still there the daemon did not move it.
        return not os.path.lexists(src)
    except ValueError:
        return False
    if answer is None or answer.get("ok"):
        return True
    code, message = _error_of(answer)
    if code in _FALLBACK_CODES:
        return False
    _raise_result(code, message, dst)
    return True  # not reached


def write_file(path: PathLike, data: Any, *, deadline: Optional[float] = None) -> None:
    """Atomically replace the file at ``path`` with ``data`` (bytes-like).

    Through the daemon when reachable (waiting for it as :func:`replace` does);
    otherwise in-process: the bytes go to ``.<name>.<16 hex>.cached-tmp`` in the
    same directory, which then replaces ``path`` with the retry loop of
    :func:`replace`. The temp file is removed if anything fails.
    """
    if isinstance(data, str):
        raise TypeError("data : str (expected: bytes-like; encode it first)")
    p = os.path.abspath(os.fsdecode(os.fspath(path)))
    root, name = os.path.split(p)
    if not name:
        raise ValueError("path : %r (expected: a file path)" % (path,))
    client = _client_for(root)
    if client is not None:
        view = memoryview(data)
        if view.ndim != 1 or view.itemsize != 1:
            view = view.cast("B")
        limit = client._max_payload
        if limit is None or view.nbytes <= limit:
            header = {"op": "write", "path": name, "size": view.nbytes, "ack": "durable"}
            try:
                answer = _wait_durable(client, lambda w: client._send(header, view, w, None), _settings.daemon_wait)
            except CachedUnavailable:
                _daemon_failed()
                answer = {"ok": False, "error": {"code": "UNAVAILABLE"}}
            except ValueError:
                answer = {"ok": False, "error": {"code": "BAD_PATH"}}
            if answer is None or answer.get("ok"):
                return
            code, message = _error_of(answer)
            if code not in _FALLBACK_CODES and code != "UNAVAILABLE":
                _raise_result(code, message, p)
    _write_in_process(root, name, data, _settings.deadline if deadline is None else deadline)


def _temp_name(name: str) -> str:
    """``.<name>.<16 hex>.cached-tmp``, the name cut so the whole stays within 255 UTF-8 bytes."""
    fixed = 1 + 1 + 16 + len(".cached-tmp")
    stem = name
    while len(stem.encode("utf-8", "surrogateescape")) > 255 - fixed:
        stem = stem[:-1]
    return ".%s.%016x.cached-tmp" % (stem, random.getrandbits(64))


def _write_in_process(directory: str, name: str, data: Any, deadline: float) -> None:
    tmp = os.path.join(directory, _temp_name(name))
    try:
        with open(tmp, "xb") as f:
            f.write(data)
        _replace_with_retry(tmp, os.path.join(directory, name), deadline)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
