"""Wire protocol v1: frames, the errors a client raises, and reading answers.

Every frame, both ways (``protocol/PROTOCOL.md``)::

    u32 big-endian header length | header: UTF-8 JSON object | payload: header.size bytes

Stateless functions only; the connection that uses them lives in ``_client``.
"""

import json
import struct
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple

#: The wire protocol version this client speaks.
PROTOCOL = 1

HEADER_LEN = struct.Struct(">I")
MAX_HEADER = 65536
# Answers carry no payload; one that claims more than this is a broken stream.
_MAX_ANSWER_PAYLOAD = 64 << 20


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
    """One request that did not succeed, as reported by ``Client.flush``."""

    path: Optional[str]
    op: str
    code: str
    message: str


def encode(header: Dict[str, Any], max_header: int = MAX_HEADER) -> bytes:
    """The length prefix and JSON of ``header``; the payload, if any, follows it on the wire.

    :raises ValueError: the header is not UTF-8 encodable or longer than ``max_header``.
    """
    try:
        raw = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError as e:
        raise ValueError("path : not valid Unicode (%s); the protocol carries UTF-8 paths only" % e) from e
    if len(raw) > max_header:
        raise ValueError("header : %d bytes (expected: <= maxHeader %d); is the path that long?" % (len(raw), max_header))
    return HEADER_LEN.pack(len(raw)) + raw


def read_frame(recv: Callable[[int], bytes]) -> Optional[Dict[str, Any]]:
    """One answer frame read with ``recv`` (``socket.recv``), or ``None`` at a clean end of stream.

    :raises ValueError: a length out of range, or a header that is not a JSON object.
    """
    head = _read_exact(recv, 4)
    if head is None:
        return None
    (n,) = HEADER_LEN.unpack(head)
    _check_header_length(n)
    raw = _read_exact(recv, n)
    if raw is None:
        return None
    header, size = _answer_header(raw)
    if size and _read_exact(recv, size) is None:  # answers carry no payload; skip one defensively
        return None
    return header


def _check_header_length(n: int) -> None:
    if n == 0 or n > MAX_HEADER:
        raise ValueError("answer header length %d (expected: 1..%d)" % (n, MAX_HEADER))


def _answer_header(raw: bytes) -> Tuple[Dict[str, Any], int]:
    """An answer's header, and the payload size it announces (0, or a bounded one to skip)."""
    header = json.loads(raw.decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("answer header is not a JSON object: %r" % (raw[:200],))
    size = header.get("size") or 0
    if size and (not isinstance(size, int) or size < 0 or size > _MAX_ANSWER_PAYLOAD):
        raise ValueError("answer size %r (expected: 0)" % (size,))
    return header, size


def _read_exact(recv: Callable[[int], bytes], n: int) -> Optional[bytes]:
    buf = bytearray()
    while len(buf) < n:
        chunk = recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def error_of(answer: Dict[str, Any]) -> Tuple[str, str]:
    """``(code, message)`` of an error answer."""
    err = answer.get("error") or {}
    if not isinstance(err, dict):
        return "INTERNAL", "malformed error answer: %r" % (answer,)
    return str(err.get("code") or "INTERNAL"), str(err.get("message") or "")


def failures_of(answer: Dict[str, Any]) -> List[Failure]:
    """The ``failed`` list of a flush answer."""
    out = []
    for item in answer.get("failed") or []:
        if isinstance(item, dict):
            out.append(Failure(item.get("path"), str(item.get("op", "")), str(item.get("code", "")),
                               str(item.get("message", ""))))
    return out


def version_advice(detail: str, versions: Any) -> str:
    """A protocol mismatch, with both versions and how to fix it."""
    advice = "%s (this client speaks protocol %d)" % (detail, PROTOCOL)
    if versions:
        advice += "; the daemon supports %s" % (versions,)
    if "cached stop" not in detail:
        advice += (
            ". The running daemon is a different version: stop it with `cached stop`, then start "
            "the newer daemon (`cached start`), or install the client that matches it"
        )
    return advice


def queued_write_frame(rid: int, path: str, size: int, max_header: int = MAX_HEADER) -> bytes:
    """The frame head of ``{"op":"write","path":path,"size":size,"ack":"queued","id":rid}``.

    The hot path of a pipelined write: a path of printable ASCII without ``"`` or ``\\``
    needs no escaping, so the JSON is formatted directly (about 4x cheaper than
    ``json.dumps``); any other path goes through :func:`encode`.
    """
    if path.isascii() and path.isprintable() and '"' not in path and "\\" not in path:
        raw = ('{"op":"write","path":"%s","size":%d,"ack":"queued","id":%d}' % (path, size, rid)).encode("ascii")
        if len(raw) <= max_header:
            return HEADER_LEN.pack(len(raw)) + raw
    return encode({"op": "write", "path": path, "size": size, "ack": "queued", "id": rid}, max_header)


class FrameReader:
    """Reads answer frames through a buffer: one ``recv`` brings many small answers.

    :param recv: ``socket.recv``.
    """

    def __init__(self, recv: Callable[[int], bytes]) -> None:
        self._recv = recv
        self._buf = bytearray()
        self._pos = 0

    def read(self) -> Optional[Dict[str, Any]]:
        """The next answer, or ``None`` at a clean end of stream (as :func:`read_frame`)."""
        if not self._fill(4):
            return None
        (n,) = HEADER_LEN.unpack_from(self._buf, self._pos)
        _check_header_length(n)
        if not self._fill(4 + n):
            return None
        start = self._pos + 4
        raw = bytes(self._buf[start:start + n])
        self._pos = start + n
        header, size = _answer_header(raw)
        if size:  # answers carry no payload; skip one defensively
            if not self._fill(size):
                return None
            self._pos += size
        return header

    def _fill(self, n: int) -> bool:
        """At least ``n`` unread bytes in the buffer; ``False`` at end of stream."""
        buf = self._buf
        if self._pos and self._pos >= len(buf) // 2:
            del buf[:self._pos]
            self._pos = 0
        while len(buf) - self._pos < n:
            chunk = self._recv(1 << 16)
            if not chunk:
                return False
            buf += chunk
        return True
