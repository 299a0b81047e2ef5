"""One connection to the daemon, bound to a root: :class:`Client`.

Concurrency: a :class:`Client` may be shared by threads. Sends are serialised by
the outbox's lock (request ids are allocated under it, so ids grow in send order);
the unanswered requests live in a :class:`~cached_client._ledger.Ledger`. One daemon
thread per client (``cached-client-reader``) reads answers and hands them to the
waiting caller by id, or to the callback given to :meth:`Client.submit`; another
(``cached-client-flusher``, see ``_outbox``) sends frames that wait in the buffer.
"""

import itertools
import os
import socket as _socket
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional, Tuple

from . import _hello, _wire
from ._ledger import Ledger
from ._outbox import Outbox
from ._paths import PathLike, relative_to_root
from ._reply import Reply
from ._transport import default_socket_path, open_connection
from ._wire import CachedError, CachedUnavailable, Failure, error_of, failures_of

__version__ = "0.1.0"

_CONNECT_TIMEOUT = 10.0  # connect + hello
# A flush with a timeout is answered TIMEOUT by the daemon; this is how much longer
# the client waits for that answer before it gives up on its own.
_FLUSH_GRACE = 5.0


class Client:
    """A connection to the daemon, bound to one cache root.

    Example: ``with Client(".mypy_cache") as c: c.write("3.11/x.json", b"{}"); c.flush()``.

    Paths are relative to ``root`` (``/``- or ``os.sep``-separated), or absolute
    inside it; an absolute path outside the root raises :class:`ValueError` before
    anything is sent.

    Outcomes of ``write`` / ``delete`` / ``replace``:

    * ``durable=False`` (default): returns ``None`` once the request is on its way:
      in the client's send buffer, which reaches the socket within milliseconds, before
      any call that waits, on :meth:`close`, and when the process exits (``os._exit``
      included). If the daemon refuses it, or it fails later on disk, the next
      :meth:`flush` lists it.
    * ``durable=True``: returns the final outcome (``"written"``, ``"deleted"`` or
      ``"superseded"``), or raises :class:`CachedError` with the daemon's reason.
    * Any call raises :class:`CachedUnavailable` if the connection is, or becomes,
      lost; waits never outlive the connection.

    The client asks for batched acknowledgements (``"acks": "batch"``, PROTOCOL.md):
    a daemon that grants them confirms pipelined requests with one answer per read
    instead of one each; an older daemon answers each, and both work.

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
        #: The daemon confirms pipelined requests in batches (it said so in its hello answer).
        self.batch_acks = False
        self._ids = itertools.count(1)
        deadline = time.monotonic() + connect_timeout
        line = open_connection(self.socket_path, connect_timeout, transport)
        self._sock, self.where = line.sock, line.where
        self._ledger = Ledger(self.where)
        self._frames = _wire.FrameReader(self._sock.recv)
        try:
            self._hello(max(0.001, deadline - time.monotonic()), line.hello_extra)
        except BaseException:
            self._sock.close()
            raise
        self._max_pending = int(self.limits.get("maxPendingRequests") or 65536)
        self._max_payload = self.limits.get("maxPayload")
        self._max_header = int(self.limits.get("maxHeader") or _wire.MAX_HEADER)
        self._outbox = Outbox(self._sock, self._send_failed)
        self._reader = threading.Thread(target=self._read_loop, name="cached-client-reader", daemon=True)
        self._reader.start()

    def write(self, path: PathLike, data: Any, durable: bool = False, mode: Optional[int] = None) -> Optional[str]:
        """Write ``data`` (bytes-like) to ``path`` atomically.

        :param mode: POSIX mode of the new file (default: the target's previous mode).
        :returns: ``None``, or with ``durable`` the outcome ``"written"`` / ``"superseded"``.
        :raises CachedError: ``TOO_LARGE`` if ``data`` exceeds the daemon's ``maxPayload``
            (nothing is sent); with ``durable``, the daemon's error.
        """
        rel = self._relative(path, "path")
        if type(data) is bytes:
            payload = data  # type: Any
            size = len(data)
        else:
            payload = _bytes_view(data)
            size = payload.nbytes
        if self._max_payload is not None and size > self._max_payload:
            raise CachedError(
                "TOO_LARGE",
                "write %r: %d bytes (expected: <= maxPayload %d)" % (rel, size, self._max_payload),
            )
        if not durable and mode is None:
            self._send_queued_write(rel, size, payload)
            return None
        header = {"op": "write", "path": rel, "size": size}  # type: Dict[str, Any]
        if mode is not None:
            if not 0 <= mode <= 0o7777:
                raise ValueError("mode : %r (expected: 0..0o7777)" % (mode,))
            header["mode"] = mode
        return self._request(header, payload, durable, rel)

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
        return self._ledger.settled_before(flush_id) + failures_of(answer)

    def status(self) -> Dict[str, Any]:
        """The daemon's state, as ``cached status --json`` prints it."""
        return self._call({"op": "status"}, None)[1].get("status") or {}

    def hold(self, seconds: float) -> float:
        """Hold the daemon's writers for ``seconds`` (at most 60); 0 ends this connection's hold.

        Writes are still accepted and acknowledged, but none is written until every
        hold ended: at its time, on a hold of 0, or when its connection closes. For
        measuring the hand-over apart from the writing (``bench.py``); never needed
        to write. Returns how long the writers stay held from now, by any
        connection, in seconds.
        """
        if not 0 <= seconds <= 60:
            raise ValueError("seconds : %r (expected: 0..60)" % (seconds,))
        answer = self._call({"op": "hold", "millis": int(seconds * 1000)}, None)[1]
        return float(answer.get("heldMillis") or 0) / 1000.0

    def submit(self, header: Dict[str, Any], payload: Any = None,
               callback: Optional[Callable[[Reply], None]] = None) -> Reply:
        """Send a request built by the caller with ``ack: durable``; wait with the :class:`Reply`.

        For the helpers and the ``cached-run`` hook: ``submit(...).wait(1.0)``, or a
        ``callback`` run on the reader thread when the answer comes. The request is in
        the socket's kernel buffer when this returns.

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
        self._outbox.forget()
        self._ledger.reset_after_fork("the connection belongs to the parent process (fork)")
        self._sock.close()

    def close(self) -> None:
        """Close the connection. Does not flush: call :meth:`flush` first to learn outcomes.

        Requests already sent (buffered ones included) are still carried out by the
        daemon. Idempotent.
        """
        self._outbox.close()
        self._ledger.mark_closed("the client was closed")
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
        return self._ledger.closed_reason is not None

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
        self._sock.settimeout(timeout)
        try:
            self._sock.sendall(_wire.encode(_hello.request(self.client_name, self.root, self.ordered, extra)))
            answer = self._frames.read()
        except (OSError, ValueError) as e:
            raise CachedUnavailable("hello to %s failed: %s" % (self.where, e)) from e
        finally:
            self._sock.settimeout(None)
        answer = _hello.check(answer, self.where)
        self.server = answer.get("server")
        self.limits = dict(answer.get("limits") or {})
        self.batch_acks = answer.get("acks") == "batch"

    def _read_loop(self) -> None:
        reason = "the daemon closed the connection"
        try:
            while True:
                answer = self._frames.read()
                if answer is None:
                    break
                self._ledger.dispatch(answer)
        except (OSError, ValueError) as e:
            reason = "reading from the daemon failed: %s" % (e,)
        except Exception as e:  # a bug here must not leave callers hanging
            reason = "client reader failed: %r" % (e,)
        self._outbox.eof.set()
        self._ledger.mark_closed(reason)

    def _send_failed(self, error: OSError) -> None:
        self._ledger.mark_closed("sending to the daemon failed: %s" % (error,))

    def _room(self) -> None:
        """Wait until the daemon's ``maxPendingRequests`` allows one more; the caller holds the outbox lock.

        Stay under it instead of provoking BUSY. The buffer goes out first: its
        requests' answers are what frees room.
        """
        self._outbox.drain_locked()
        ledger = self._ledger
        with ledger.cond:
            while ledger.closed_reason is None and ledger.unanswered() >= self._max_pending:
                ledger.cond.wait()

    def _send_queued_write(self, rel: str, size: int, payload: Any) -> None:
        """The hot path: a pipelined write, its frame built without ``json.dumps``."""
        ledger = self._ledger
        with self._outbox.lock:
            try:
                if ledger.unanswered() >= self._max_pending:
                    self._room()
                with ledger.cond:
                    if ledger.closed_reason is not None:
                        raise ledger.unavailable()
                    rid = next(self._ids)
                    frame = _wire.queued_write_frame(rid, rel, size, self._max_header)
                    ledger.queued[rid] = ("write", rel)
                self._outbox.put(frame, payload)
            except OSError as e:
                ledger.mark_closed("sending to the daemon failed: %s" % (e,))
                raise ledger.unavailable() from e

    def _send(self, header: Dict[str, Any], payload: Any, reply: Optional[Reply],
              queued_as: Optional[Tuple[str, Optional[str]]]) -> int:
        """Allocate an id, register the reply (or the pipelined entry), send. Returns the id.

        A request with a ``reply`` (somebody waits for it) goes to the socket at once,
        with everything buffered before it.
        """
        ledger = self._ledger
        with self._outbox.lock:
            try:
                if ledger.unanswered() >= self._max_pending:
                    self._room()
                with ledger.cond:
                    if ledger.closed_reason is not None:
                        raise ledger.unavailable()
                    rid = next(self._ids)
                    header["id"] = rid
                    frame = _wire.encode(header, self._max_header)
                    if reply is not None:
                        ledger.waiters[rid] = reply
                    else:
                        ledger.queued[rid] = queued_as  # type: ignore[assignment]
                self._outbox.put(frame, payload, reply is not None)
            except OSError as e:
                ledger.mark_closed("sending to the daemon failed: %s" % (e,))
                raise ledger.unavailable() from e
            return rid

    def _call(self, header: Dict[str, Any], wait: Optional[float],
              payload: Any = None) -> Tuple[int, Dict[str, Any]]:
        """Send and wait for this request's own answer; raise on an error answer."""
        reply = Reply()
        rid = self._send(header, payload, reply, None)
        if not reply.event.wait(wait):
            with self._ledger.cond:
                if self._ledger.waiters.pop(rid, None) is not None and header.get("op") == "flush":
                    self._ledger.abandoned.add(rid)
            if not reply.event.is_set():  # else it was answered while we gave up: take it
                raise CachedError("TIMEOUT", "no answer to %s #%d within %.1f s" % (header.get("op"), rid, wait or 0))
        answer = reply.wait(0)
        if not answer.get("ok"):  # type: ignore[union-attr]
            raise CachedError(*error_of(answer))  # type: ignore[arg-type]
        return rid, answer  # type: ignore[return-value]

    def _request(self, header: Dict[str, Any], payload: Any, durable: bool,
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
