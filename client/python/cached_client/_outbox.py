"""Sending: the frames of pipelined requests gathered into few ``sendall`` calls, off the
caller's thread.

A pipelined request's frame goes into the :class:`Outbox`'s buffer and the call
returns; the thread ``cached-client-flusher`` sends the buffer (many frames per
``sendall``) while the caller goes on filling a new one. So the caller is not held
by the daemon's intake unless it runs ``MAX_BUFFERED`` bytes ahead of it (then it
sends itself: backpressure). The buffer goes to the socket

* at once, by the caller, when a frame is one somebody waits for (durable, flush,
  status, ``submit``), and before the client waits for room under ``maxPendingRequests``;
* by the flusher, as soon as it holds ``BATCH_BYTES``, else within ``LINGER``
  seconds of its first frame, so a request never waits long for the next one;
* on close, at interpreter exit (``atexit``), when the process ends with ``os._exit``
  (mypy does; ``os._exit`` is wrapped once per process, at the first outbox), and
  before ``fork`` (so a child's copy of the buffer is empty).

Concurrency: ``lock`` guards the buffer; the client allocates request ids under it,
so ids grow in buffer order. ``_wire`` is held by whoever is in ``sendall``; it is
taken while ``lock`` is held (never the other way round), so buffers reach the
socket in the order they were filled.
"""

import atexit
import os
import socket as _socket
import threading
import weakref
from typing import Any, Callable, Optional

#: The flusher sends at once when the buffer holds this much.
BATCH_BYTES = 64 * 1024
#: The caller sends itself when this much waits in the buffer (the daemon is behind).
MAX_BUFFERED = 128 * 1024 * 1024  # a burst of 20,000 x 4 KiB fits; the daemon holds up to 256 MiB by default
#: Seconds a small buffer may wait for more frames to join it.
LINGER = 0.002
# A payload this large is sent from the caller's buffer, without a copy.
_DIRECT_BYTES = 1024 * 1024
# How long an exit waits for the buffer's lock, and for the socket to take the buffer.
_EXIT_WAIT = 10.0
#: Seconds to wait, at close and exit over TCP, for the daemon to have read everything.
_HAND_OVER_WAIT = 5.0
_TCP_FAMILIES = (_socket.AF_INET, _socket.AF_INET6)


class Outbox:
    """The sending side of one connection.

    :param sock: the connected socket.
    :param on_error: called with the error when the flusher thread's send fails
        (the client marks itself closed); a caller's own send raises it instead.
    """

    def __init__(self, sock: _socket.socket, on_error: Callable[[OSError], None]) -> None:
        self.lock = threading.Lock()
        self._wire = threading.Lock()
        self._sock = sock
        self._on_error = on_error
        self._buf = bytearray()
        self._kick = threading.Event()
        self._stop = threading.Event()
        self._pid = os.getpid()
        #: Set by the connection's reader when the daemon has closed its side (end of stream).
        self.eof = threading.Event()
        _install_exit_hooks()
        _OUTBOXES.add(self)
        self._thread = threading.Thread(target=self._flush_loop, name="cached-client-flusher", daemon=True)
        self._thread.start()

    def put(self, frame: bytes, payload: Any = None, now: bool = False) -> None:
        """Add a frame (and its payload, bytes-like); the caller holds :attr:`lock`.

        :param now: send everything buffered, this frame included, before returning.
        :raises OSError: a send by this caller failed.
        """
        buf = self._buf
        if payload is not None and len(payload) >= _DIRECT_BYTES:
            with self._wire:
                self._send_buffer()
                self._sock.sendall(frame)
                self._sock.sendall(payload)
            return
        was_small = len(buf) < BATCH_BYTES
        buf += frame
        if payload is not None:
            buf += payload
        if now or len(buf) >= MAX_BUFFERED:
            self.drain_locked()
        elif was_small and (len(buf) >= BATCH_BYTES or len(buf) == len(frame) + len(payload or b"")):
            self._kick.set()  # the first frame (the flusher lingers) or a full batch (it sends now)

    def drain_locked(self) -> None:
        """Send what is buffered, after any send in progress; the caller holds :attr:`lock`.

        :raises OSError: the send failed.
        """
        with self._wire:
            self._send_buffer()

    def _send_buffer(self) -> None:
        if self._buf:
            data, self._buf = self._buf, bytearray()
            self._sock.sendall(data)

    def drain(self, wait: Optional[float] = None) -> bool:
        """Send what is buffered, from any thread; ``False`` if a lock was not had within ``wait``.

        Errors are reported to ``on_error``, not raised.
        """
        timeout = -1 if wait is None else wait
        if not self.lock.acquire(timeout=timeout):
            return False
        try:
            if not self._wire.acquire(timeout=timeout):
                return False
            try:
                self._send_buffer()
            finally:
                self._wire.release()
        except OSError as e:
            self._buf = bytearray()
            self._on_error(e)
        finally:
            self.lock.release()
        return True

    def close(self) -> None:
        """Send what is buffered (errors ignored), hand it over (TCP), and stop the flusher."""
        self.drain(_EXIT_WAIT)
        self._hand_over(_HAND_OVER_WAIT)
        self._stop.set()
        self._kick.set()
        _OUTBOXES.discard(self)

    def _hand_over(self, wait: float) -> None:
        """Over TCP, make sure the daemon gets every byte sent before the socket is closed.

        Closing a TCP socket with answers still unread makes the kernel reset the
        connection and throw away what it has not transmitted yet: requests the
        caller was told were sent. So: end our side (FIN after the queued bytes),
        and wait until the daemon, having read them all, closes its side. A Unix
        socket keeps what was sent, and needs none of this.
        """
        if self._sock.family not in _TCP_FAMILIES:
            return
        try:
            self._sock.shutdown(_socket.SHUT_WR)
        except OSError:
            return
        self.eof.wait(wait)

    def forget(self) -> None:
        """In a child after ``fork``: drop the buffer (it is the parent's) and never send."""
        self.lock = threading.Lock()
        self._wire = threading.Lock()
        self._buf = bytearray()
        self._pid = -1
        _OUTBOXES.discard(self)

    def _flush_loop(self) -> None:
        while not self._stop.is_set():
            self._kick.wait()
            if len(self._buf) < BATCH_BYTES:
                self._stop.wait(LINGER)  # let more frames join a small buffer
            self.lock.acquire()
            self._kick.clear()  # under the lock: a put after this kicks again
            if not self._buf:
                self.lock.release()
                continue
            data, self._buf = self._buf, bytearray()
            self._wire.acquire()  # before the buffer lock is let go: buffers go out in order
            self.lock.release()
            try:
                self._sock.sendall(data)  # the caller fills the next buffer meanwhile
            except OSError as e:
                self._on_error(e)
            finally:
                self._wire.release()

    def _drain_at_exit(self, exiting: bool) -> None:
        if self._pid == os.getpid():
            self.drain(_EXIT_WAIT)
            if exiting:
                self._hand_over(_HAND_OVER_WAIT)


_OUTBOXES = weakref.WeakSet()  # type: Any
_installed = False


def drain_all(exiting: bool = False) -> None:
    """Send every outbox's buffer of this process (at exit, before fork).

    :param exiting: the process ends next: over TCP, also hand the bytes over
        (:meth:`Outbox._hand_over`), since the exit closes the socket.
    """
    for box in list(_OUTBOXES):
        box._drain_at_exit(exiting)


def _drain_at_exit() -> None:
    drain_all(exiting=True)


def _install_exit_hooks() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    atexit.register(_drain_at_exit)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=drain_all)
    real_exit = os._exit

    def _exit(status: int) -> None:
        """``os._exit``, after the ``cached_client`` buffers are sent (the daemon still gets them)."""
        try:
            drain_all(exiting=True)
        finally:
            real_exit(status)

    _exit.__wrapped__ = real_exit  # type: ignore[attr-defined]
    os._exit = _exit  # type: ignore[assignment]
