"""A stand-in daemon on a real socket, for tests of what the client sends and how it reads.

It listens on a Unix socket where this Python has ``AF_UNIX``, else (the Windows path) on
loopback TCP with an endpoint file beside the socket path and a cookie, as PROTOCOL.md
says; a TCP hello without that cookie gets ``NOT_AUTHORIZED`` and the connection closes.
It records every request and answers each at once, one connection at a time -- or, with
``batch_acks``, speaks the batched acknowledgements of PROTOCOL.md: queued writes get no
answer of their own, and one ``through`` frame per read from the socket covers them.
"""

import json
import os
import shutil
import socket
import struct
import tempfile
import threading
from typing import Any, Callable, Dict, List, Optional, Tuple

PROMPT = 10.0  # every wait on the stand-in ends within this
_QUEUED_OPS = ("write", "delete", "replace")


def frame(header: Dict[str, Any]) -> bytes:
    raw = json.dumps(header).encode("utf-8")
    return struct.pack(">I", len(raw)) + raw


class FakeDaemon:
    """Serves connections one after another until :meth:`close`.

    :param hello_answer: the hello answer's fields (``id`` is set per request).
    :param batch_acks: answer a hello that asks ``"acks": "batch"`` with it, and ack so.
    :param refuse: a request header -> an error code to refuse it with, or ``None``.
    :param tcp: listen on TCP (default: when this Python has no ``AF_UNIX``).
    """

    def __init__(self, hello_answer: Dict[str, Any], batch_acks: bool = False,
                 refuse: Optional[Callable[[Dict[str, Any]], Optional[str]]] = None,
                 tcp: Optional[bool] = None) -> None:
        self.dir = tempfile.mkdtemp(prefix="fake-daemon-")
        self.path = os.path.join(self.dir, "s.sock")
        self.received = []  # type: List[Tuple[Dict[str, Any], bytes]]
        self.sent = []  # type: List[Dict[str, Any]]
        self.reads = 0  # recv calls that brought bytes
        self.reads_with_queued = 0  # reads that delivered at least one accepted queued request
        self._hello_answer = hello_answer
        self._batch_acks = batch_acks
        self._refuse = refuse or (lambda header: None)
        self.tcp = (not hasattr(socket, "AF_UNIX")) if tcp is None else tcp
        self.cookie = os.urandom(32).hex()
        if self.tcp:
            self._server = socket.create_server(("127.0.0.1", 0))
            port = self._server.getsockname()[1]
            with open(self.path + ".endpoint", "w") as f:
                json.dump({"protocol": 1, "pid": os.getpid(), "version": "fake",
                           "tcp": {"host": "127.0.0.1", "port": port}, "cookie": self.cookie}, f)
        else:
            self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self._server.bind(self.path)
            self._server.listen(4)
        self._thread = threading.Thread(target=self._serve, name="fake-daemon", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._server.accept()
            except OSError:  # closed
                return
            with conn:
                try:
                    _Connection(self, conn).run()
                except OSError:
                    pass

    def close(self) -> None:
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close alone does not)
        except OSError:
            pass
        self._server.close()
        self._thread.join(timeout=PROMPT)
        shutil.rmtree(self.dir, ignore_errors=True)


class _Connection:
    def __init__(self, daemon: FakeDaemon, conn: socket.socket) -> None:
        self.d = daemon
        self.conn = conn
        self.buf = bytearray()
        self.batch = False
        self.hello_done = False
        self.peer_gone = False

    def run(self) -> None:
        while True:
            chunk = self.conn.recv(1 << 20)
            if not chunk:
                return
            self.d.reads += 1
            self.buf += chunk
            out = bytearray()
            last_queued = None
            while True:
                request = self._take()
                if request is None:
                    break
                header, payload = request
                self.d.received.append((header, payload))
                answer = self._answer(header)
                if answer is None:
                    last_queued = header["id"]
                    continue
                if header["op"] == "flush" and last_queued is not None:
                    out += self._through(last_queued)  # a flush answer comes after every earlier ack
                    last_queued = None
                out += self._send(answer)
                if answer.get("error", {}).get("code") == "NOT_AUTHORIZED":
                    self.conn.sendall(bytes(out))
                    return
            if last_queued is not None:
                out += self._through(last_queued)
            if out and not self.peer_gone:
                try:
                    self.conn.sendall(bytes(out))
                except OSError:
                    self.peer_gone = True  # a client that died: still read what it sent before

    def _take(self) -> Optional[Tuple[Dict[str, Any], bytes]]:
        if len(self.buf) < 4:
            return None
        (n,) = struct.unpack(">I", self.buf[:4])
        if len(self.buf) < 4 + n:
            return None
        header = json.loads(bytes(self.buf[4:4 + n]).decode("utf-8"))
        size = header.get("size") or 0
        if len(self.buf) < 4 + n + size:
            return None
        payload = bytes(self.buf[4 + n:4 + n + size])
        del self.buf[:4 + n + size]
        return header, payload

    def _through(self, rid: int) -> bytes:
        self.d.reads_with_queued += 1
        return self._send({"id": rid, "ok": True, "ack": "queued", "through": True})

    def _send(self, answer: Dict[str, Any]) -> bytes:
        self.d.sent.append(answer)
        return frame(answer)

    def _answer(self, header: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """The answer, or ``None`` for a queued request covered by the next ``through``."""
        rid = header.get("id")
        if not self.hello_done:
            if self.d.tcp and (header.get("op") != "hello" or header.get("cookie") != self.d.cookie):
                return {"id": rid, "ok": False, "error": {"code": "NOT_AUTHORIZED", "message": "no cookie, or not ours"}}
            self.hello_done = True
        if header["op"] == "hello":
            answer = dict(self.d._hello_answer, id=rid)
            if self.d._batch_acks and header.get("acks") == "batch":
                self.batch = True
                answer["acks"] = "batch"
                answer["capabilities"] = list(answer.get("capabilities") or []) + ["batchAcks"]
            return answer
        code = self.d._refuse(header)
        if code is not None:
            return {"id": rid, "ok": False, "error": {"code": code, "message": "refused by the stand-in"}}
        answer = {"id": rid, "ok": True}
        if header["op"] == "flush":
            answer.update(done=0, failed=[])
        elif header["op"] == "status":
            answer["status"] = {}
        elif header.get("ack") == "durable":
            answer["outcome"] = "deleted" if header["op"] == "delete" else "written"
        elif header["op"] in _QUEUED_OPS:
            if self.batch:
                return None
            answer["ack"] = "queued"
        return answer
