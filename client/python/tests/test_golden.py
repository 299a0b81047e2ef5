"""The Python client against the golden frames of protocol/wire/golden (no daemon needed).

Every frame there is exact bytes plus a JSON description (format: golden/README.md). The Java
tests decode and encode the same files, so drift between the daemon, the Java client and this
client fails a unit test. Standard library only.
"""

import io
import json
import os
import types
import unittest

import daemon_harness  # noqa: F401  (puts client/python on sys.path)
from fake_daemon import FakeDaemon

try:  # the package layout: framing in cached_client._wire
    from cached_client._wire import encode, error_of, failures_of, read_frame
except ImportError:  # the single-module layout: the same rules as methods of Client
    from cached_client import Client as _Client
    from cached_client import _error_of as error_of
    from cached_client import _failures_of as failures_of

    class _Framing:
        """Just enough of a Client for its framing methods."""

        _max_header = 65536
        _encode = _Client._encode
        _read_exact = _Client._read_exact
        _read_frame = _Client._read_frame

        def __init__(self, recv):
            self._sock = types.SimpleNamespace(recv=recv)

    def encode(header, max_header=65536):
        return _Framing(None)._encode(header)

    def read_frame(recv):
        return _Framing(recv)._read_frame()


from cached_client import PROTOCOL, Client  # noqa: E402

GOLDEN = os.path.join(daemon_harness.REPO, "protocol", "wire", "golden")

# Frames the daemon refuses but this client's answer reader, being lenient towards the daemon,
# reads: json.loads keeps the last of two equal keys, where the daemon's parser refuses them.
LENIENT_READER = {"invalid-duplicate-key"}


def _bytes(spec):
    """The bytes of a {"utf8": ...} or {"hex": ...} description; None is no bytes."""
    if not spec:
        return b""
    if "utf8" in spec:
        return spec["utf8"].encode("utf-8")
    return bytes.fromhex(spec["hex"])


def _load():
    out = []
    for name in sorted(os.listdir(GOLDEN)):
        if name.endswith(".json"):
            stem = name[: -len(".json")]
            with open(os.path.join(GOLDEN, name), encoding="utf-8") as f:
                description = json.load(f)
            with open(os.path.join(GOLDEN, stem + ".frame"), "rb") as f:
                out.append((stem, f.read(), description))
    return out


FRAMES = _load()


def _read(frame):
    """read_frame over the frame's bytes; returns (header, bytes left unread)."""
    stream = io.BytesIO(frame)
    header = read_frame(stream.read)
    return header, len(frame) - stream.tell()


class GoldenFramesTest(unittest.TestCase):
    def test_thereAreFramesOfEveryKind(self):
        self.assertGreater(len(FRAMES), 40)
        kinds = {(d["direction"], d["valid"]) for _, _, d in FRAMES}
        self.assertEqual({("request", True), ("answer", True), ("request", False)}, kinds)

    def test_everyValidFrame_decodesToItsDescription(self):
        for name, frame, d in FRAMES:
            if not d["valid"]:
                continue
            with self.subTest(name):
                header, left = _read(frame)
                self.assertEqual(d["header"], header)
                self.assertEqual(0, left, "read_frame consumes the whole frame, payload included")
                self.assertEqual(_bytes(d.get("payload")), frame[4 + d["length"]:])
                self.assertEqual(len(_bytes(d.get("payload"))), header.get("size", 0))

    def test_everyValidFrame_encodesBackToItsBytes(self):
        for name, frame, d in FRAMES:
            if not d["valid"]:
                continue
            with self.subTest(name):
                self.assertEqual(frame, encode(d["header"]) + _bytes(d.get("payload")))

    def test_everyInvalidFrame_isRefusedAsTheDaemonRefusesIt(self):
        for name, frame, d in FRAMES:
            if d["valid"]:
                continue
            with self.subTest(name):
                if d["stream"] == "closed":
                    # The stream cannot be read on: the reader gives up on it, as the daemon does.
                    if name in LENIENT_READER:
                        continue
                    with self.assertRaises(ValueError):
                        _read(frame)
                elif d["stream"] == "waits":
                    header, _ = _read(frame)
                    self.assertIsNone(header, "a frame cut short is the end of the stream, not a frame")
                else:
                    # A request-level refusal: the frame itself is whole and readable.
                    header, left = _read(frame)
                    self.assertEqual(d["header"], header)
                    self.assertEqual(0, left)

    def test_lenientReaderList_namesOnlyFramesTheDaemonCloses(self):
        closed = {name for name, _, d in FRAMES if not d["valid"] and d["stream"] == "closed"}
        self.assertLessEqual(LENIENT_READER, closed)

    def test_errorAnswers_readAsTheirCodeAndMessage(self):
        seen = set()
        for name, _, d in FRAMES:
            if d["direction"] == "answer" and not d["header"]["ok"]:
                with self.subTest(name):
                    err = d["header"]["error"]
                    self.assertEqual((err["code"], err["message"]), error_of(d["header"]))
                    seen.add(err["code"])
        codes = {d["error"] for _, _, d in FRAMES if not d["valid"] and d["error"]}
        self.assertLessEqual(codes, seen, "every code an invalid frame gets has an error answer")

    def test_flushAnswers_readAsTheirFailures(self):
        flushes = [(n, d["header"]) for n, _, d in FRAMES if d.get("answers") == "flush" and d["header"]["ok"]]
        self.assertTrue(any(h["failed"] for _, h in flushes), "a flush answer with failures")
        for name, h in flushes:
            with self.subTest(name):
                got = failures_of(h)
                self.assertEqual([(f["path"], f["op"], f["code"], f["message"]) for f in h["failed"]],
                                 [tuple(f) for f in got])

    def test_helloAnswer_speaksOurProtocol(self):
        hellos = [d["header"] for _, _, d in FRAMES if d.get("answers") == "hello" and d["header"]["ok"]]
        self.assertEqual(1, len(hellos))
        self.assertEqual(PROTOCOL, hellos[0]["protocol"])
        self.assertIn(PROTOCOL, hellos[0]["protocols"])
        self.assertIn("maxPayload", hellos[0]["limits"])



def _meaning(header):
    """What a request header means, whoever spelled it: no id, defaults filled in, per-process fields dropped."""
    m = {k: v for k, v in header.items() if k not in ("id", "client", "pid", "cookie", "acks")}  # cookie: TCP only; acks: test_batching
    if not m.get("size"):
        m.pop("size", None)
    if m["op"] in ("write", "delete", "replace"):
        m.setdefault("ack", "queued")
    if m["op"] == "hello":
        m.setdefault("ordered", False)
    return m


class ClientRequestsTest(unittest.TestCase):
    """The requests the public Client API sends mean what the golden requests mean."""

    def setUp(self):
        golden = {name: d for name, _, d in FRAMES}
        self.golden = golden
        self.daemon = FakeDaemon(golden["answer-hello"]["header"])
        self.addCleanup(self.daemon.close)

    def assertSent(self, names):
        sent = self.daemon.received
        self.assertEqual(len(names), len(sent), [h for h, _ in sent])
        for name, (header, payload) in zip(names, sent):
            with self.subTest(name):
                want = dict(self.golden[name]["header"])
                if name == "write-durable-mode-mtime":
                    del want["mtime"]  # reserved in v1; this client does not send it
                self.assertEqual(_meaning(want), _meaning(header))
                self.assertEqual(_bytes(self.golden[name].get("payload")), payload)

    def test_clientSendsTheGoldenRequests(self):
        root = self.golden["hello-ordered"]["header"]["root"]
        with Client(root, socket=self.daemon.path, ordered=True) as c:
            c.write("3.11/enum.data.json", b'{"a":1}')
            c.write("3.11/enum.meta.bin", bytes.fromhex("0001feff0a"), durable=True, mode=0o644)
            c.write("3.11/empty", b"")
            c.write("caf\u00e9/\u00fcber.json", b'{"a":1}')
            c.delete("3.11/enum.meta.json")
            c.delete("3.11/old.json", durable=True)
            c.replace("3.11/.enum.data.json.tmp1234", "3.11/enum.data.json")
            c.replace("3.11/.x.json.tmp1", "3.11/x.json", durable=True)
            c.flush(timeout=30)
            c.status()
            c.flush()
            c.hold(30)
            c.hold(0)
        self.assertSent(["hello-ordered", "write-queued", "write-durable-mode-mtime", "write-empty", "write-utf8-path",
                         "delete", "delete-durable", "replace", "replace-durable", "flush-timeout", "status", "flush",
                         "hold", "hold-end"])


if __name__ == "__main__":
    unittest.main()
