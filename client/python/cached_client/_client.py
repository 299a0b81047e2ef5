"""One connection to the daemon, bound to a root: :class:`Client`.

Concurrency: a :class:`Client` may be shared by threads. Sends are serialised by
one lock (request ids are allocated under it, so ids grow in send order); one
daemon thread per client (``cached-client-reader``) reads answers and hands them
to the waiting caller by id, or to the callback given to :meth:`Client.submit`.
"""

import itertools
import os
import socket as _socket
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _wire
from ._paths import PathLike, relative_to_root
from ._reply import Reply
from ._transport import default_socket_path, open_connection
from ._wire import CachedError, CachedUnavailable, Failure, error_of, failures_of, version_advice

__version__ = "0.1.0"

_CONNECT_TIMEOUT = 10.0  # connect + hello
# A flush with a timeout is answered TIMEOUT by the daemon; this is how much longer
# the client waits for that answer before it gives up on its own.
_FLUSH_GRACE = 5.0
# Payloads below this are sent in one sendall with their header.
_COALESCE_BYTES = 64 * 1024


class Client:
    """A connection to the daemon, bound to one cache root.

    Example: ``with Client(".mypy_cache") as c: c.write("3.11/x.json", b"{}"); c.flush()``.

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

    :param root: the cache directory this connection writes under (made absolute);
        ``None`` for an admin connection (``status``, and ``flush`` daemon-wide).
    :param socket: the daemon's socket path; default :func:`default_socket_path`.
    :param ordered: ask the daemon to make writes visible in send order across paths.
    :param client_name: shown by ``cached status``; default ``<argv0> (cached-client/<version> ...)``.
    :param connect_timeout: seconds allowed for connecting and the hello exchange.
    :param transport: ``auto`` (default: ``$CACHED_TRANSPORT``, else ``auto``: the Unix socket
        where ``socket.AF_UNIX`` exists, else TCP), ``unix`` or ``tcp`` (through the endpoint
        file ``<socket>.endpoint``, with its cookie).
    :raises CachedUnavailable: no daemon at the socket, it did not answer the hello in time, or
        it refused the endpoint file's cookie (``NOT_AUTHORIZED``: a stale file).
    :raises CachedError: the daemon refused the hello (``ROOT_NOT_ALLOWED``,
        ``PROTOCOL_VERSION`` with advice on how to fix it, ``BUSY`` ...).
    """

    def __init__(self, root: Optional[PathLike], socket: Optional[str] = None, ordered: bool = False,
                 client_name: Optional[str] = None, connect_timeout: float = _CONNECT_TIMEOUT,
                 transport: Optional[str] = None) -> None:
        # None: an admin connection (status and daemon-wide flush only).
        self.root = None if root is None else os.path.abspath(os.fsdecode(os.fspath(root)))
        self.socket_path = socket or default_socket_path()
        self.ordered = bool(ordered)
        self.client_name = client_name or _default_client_name()
        self.limits = {}  # type: Dict[str, Any]
        self.server = None  # type: Optional[str]
        self._send_lock = threading.Lock()
        # Guards everything below; the reader thread and callers both touch it.
        self._state = threading.Condition(threading.Lock())
        self._ids = itertools.count(1)
        self._waiters = {}  # type: Dict[int, Reply]
        # Unanswered pipelined requests: id -> (op, path), to name a refusal.
        self._queued = {}  # type: Dict[int, Tuple[str, Optional[str]]]
        # Refused pipelined requests not yet reported by a flush: (id, failure).
        self._refused = []  # type: List[Tuple[int, Failure]]
        # Flushes whose caller gave up waiting: their late answer's failures are kept.
        self._abandoned = set()  # type: set
        self._closed_reason = None  # type: Optional[str]
        deadline = time.monotonic() + connect_timeout
        line = open_connection(self.socket_path, connect_timeout, transport)
        self._sock, self.where = line.sock, line.where
        try:
            self._hello(max(0.001, deadline - time.monotonic()), line.hello_extra)
        except BaseException:
            self._sock.close()
            raise
        self._max_pending = int(self.limits.get("maxPendingRequests") or 65536)
        self._max_payload = self.limits.get("maxPayload")
        self._max_header = int(self.limits.get("maxHeader") or _wire.MAX_HEADER)
        self._reader = threading.Thread(
            target=self._read_loop, name="cached-client-reader", daemon=True
        )
        self._reader.start()


    def write(self, path: PathLike, data: Any, durable: bool = False, mode: Optional[int] = None) -> Optional[str]:
        """Write ``data`` (bytes-like) to ``path`` atomically.

        :param mode: POSIX mode of the new file (default: the target's previous mode).
        :returns: ``None``, or with ``durable`` the outcome ``"written"`` / ``"superseded"``.
        :raises CachedError: ``TOO_LARGE`` if ``data`` exceeds the daemon's ``maxPayload``
            (nothing is sent); with ``durable``, the daemon's error.
        """
        rel = self._relative(path, "path")
        view = _bytes_view(data)
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
        return mine + failures_of(answer)

    def status(self) -> Dict[str, Any]:
        """The daemon's state, as ``cached status --json`` prints it."""
        return self._call({"op": "status"}, None)[1].get("status") or {}

    def submit(self, header: Dict[str, Any], payload: Any = None,
               callback: Optional[Callable[[Reply], None]] = None) -> Reply:
        """Send a request built by the caller with ``ack: durable``; wait with the :class:`Reply`.

        For the helpers and the ``cached-run`` hook: ``submit(...).wait(1.0)``, or a
        ``callback`` run on the reader thread when the answer comes.

        :param header: ``op`` and its fields, paths relative to the root; ``id``,
            ``ack`` and ``size`` are set here.
        :raises CachedUnavailable: the connection is lost.
        :raises ValueError: the header is too long or not UTF-8.
        """
        view = None if payload is None else _bytes_view(payload)
        if view is not None:
            header["size"] = view.nbytes
        header["ack"] = "durable"
        reply = Reply(callback)
        self._send(header, view, reply, None)
        return reply

    @property
    def max_payload(self) -> Optional[int]:
        """The daemon's ``maxPayload`` from the hello, or ``None`` if it gave none."""
        return self._max_payload

    def detach(self) -> None:
        """Forget the connection without touching it, in a child after ``fork``.

        The socket is closed but not shut down, so the parent's connection lives
        on; no reader thread exists in the child to join.
        """
        # No lock: a thread that held it at the fork does not exist here.
        self._state = threading.Condition(threading.Lock())
        self._send_lock = threading.Lock()
        self._closed_reason = "the connection belongs to the parent process (fork)"
        self._waiters.clear()
        self._queued.clear()
        self._sock.close()

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
        return "Client(root=%r, %s%s)" % (self.root, self.where, ", closed" if self.closed else "")


    def _relative(self, path: PathLike, what: str) -> str:
        if self.root is None:
            raise ValueError("%s : %r on an admin connection (expected: a Client bound to a root)" % (what, path))
        return relative_to_root(self.root, path, what)

    def _hello(self, timeout: float, extra: Dict[str, Any]) -> None:
        hello = {
            "op": "hello",
            "id": 0,
            "protocol": _wire.PROTOCOL,
            "client": self.client_name,
            "pid": os.getpid(),
            "root": self.root,
            "ordered": self.ordered,
        }  # type: Dict[str, Any]
        if self.root is None:
            del hello["root"]
        hello.update(extra)
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(_wire.encode(hello))
            answer = _wire.read_frame(self._sock.recv)
        except (OSError, ValueError) as e:
            raise CachedUnavailable("hello to %s failed: %s" % (self.where, e)) from e
        finally:
            self._sock.settimeout(None)
        if answer is None:
            raise CachedUnavailable("the daemon at %s closed the connection during hello" % self.where)
        if not answer.get("ok"):
            code, message = error_of(answer)
            if code == "NOT_AUTHORIZED":
                # The listener is not the daemon that wrote the file, or the file is an
                # earlier start's: nothing was served; a fresh start writes a new one.
                raise CachedUnavailable(
                    "the daemon at %s refused the cookie of its endpoint file (NOT_AUTHORIZED: the file is "
                    "stale, left by an earlier start?): %s" % (self.where, message))
            if code == "PROTOCOL_VERSION":
                raise CachedError(code, version_advice(message, None))
            raise CachedError(code, message)
        if answer.get("protocol") != _wire.PROTOCOL:
            raise CachedError(
                "PROTOCOL_VERSION", version_advice("the daemon answered protocol %r" % answer.get("protocol"),
                                                    answer.get("protocols"))
            )
        self.server = answer.get("server")
        self.limits = dict(answer.get("limits") or {})

    def _read_loop(self) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                answer = _wire.read_frame(self._sock.recv)
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
            reply = self._waiters.pop(rid, None) if isinstance(rid, int) else None
            if reply is not None:
                pass
            elif isinstance(rid, int) and rid in self._abandoned:
                self._abandoned.discard(rid)
                for f in failures_of(answer):
                    self._refused.append((-1, f))
            elif isinstance(rid, int) and rid in self._queued:
                op, path = self._queued.pop(rid)
                if not answer.get("ok"):
                    code, message = error_of(answer)
                    self._refused.append((rid, Failure(path, op, code, message)))
            elif not answer.get("ok"):
                # An error not tied to a request of ours (id null): remember it for the
                # next flush; a stream-level one is followed by a close anyway.
                code, message = error_of(answer)
                self._refused.append((-1, Failure(None, "?", code, message)))
            self._state.notify_all()
        if reply is not None:
            reply.complete(answer, None)  # outside the lock: its callback may take others

    def _mark_closed(self, reason: str) -> None:
        with self._state:
            if self._closed_reason is None:
                self._closed_reason = reason
            error = CachedUnavailable("%s (%s)" % (self._closed_reason, self.where))
            replies = list(self._waiters.values())
            self._waiters.clear()
            self._queued.clear()
            self._state.notify_all()
        for reply in replies:
            reply.complete(None, error)

    def _unavailable(self) -> CachedUnavailable:
        return CachedUnavailable("%s (%s)" % (self._closed_reason, self.where))

    def _send(self, header: Dict[str, Any], payload: Optional[memoryview], reply: Optional[Reply],
              queued_as: Optional[Tuple[str, Optional[str]]]) -> int:
        """Allocate an id, register the reply (or the pipelined entry), send. Returns the id."""
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
                frame = _wire.encode(header, self._max_header)
                if reply is not None:
                    self._waiters[rid] = reply
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
        reply = Reply()
        rid = self._send(header, payload, reply, None)
        if not reply.event.wait(wait):
            with self._state:
                if self._waiters.pop(rid, None) is not None and header.get("op") == "flush":
                    self._abandoned.add(rid)
            if not reply.event.is_set():  # else it was answered while we gave up: take it
                raise CachedError("TIMEOUT", "no answer to %s #%d within %.1f s" % (header.get("op"), rid, wait or 0))
        answer = reply.wait(0)
        if not answer.get("ok"):  # type: ignore[union-attr]
            raise CachedError(*error_of(answer))  # type: ignore[arg-type]
        return rid, answer  # type: ignore[return-value]

    def _request(self, header: Dict[str, Any], payload: Optional[memoryview], durable: bool,
                 path: Optional[str]) -> Optional[str]:
        if durable:
            header["ack"] = "durable"
            return self._call(header, None, payload)[1].get("outcome")
        header["ack"] = "queued"
        self._send(header, payload, None, (header["op"], path))
        return None


def _default_client_name() -> str:
    prog = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "python"
    return "%s (cached-client/%s python/%d.%d)" % (prog, __version__, sys.version_info[0], sys.version_info[1])


def _bytes_view(data: Any) -> memoryview:
    if isinstance(data, str):
        raise TypeError("data : str (expected: bytes-like; encode it first)")
    view = memoryview(data)
    return view if view.ndim == 1 and view.itemsize == 1 else view.cast("B")
