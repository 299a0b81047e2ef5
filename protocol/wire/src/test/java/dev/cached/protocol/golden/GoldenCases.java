package dev.cached.protocol.golden;

import static dev.cached.protocol.golden.GoldenCase.answer;
import static dev.cached.protocol.golden.GoldenCase.invalid;
import static dev.cached.protocol.golden.GoldenCase.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Ack;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Request;
import dev.cached.protocol.Responses;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The golden frames, generated: every op, every answer kind, every error code, and the invalid
 * frames a daemon must refuse. A new op, field or error code gets its case here, then {@code
 * mvn -pl protocol/wire test -Dtest=GoldenFilesTest -Dcached.golden.write=true} rewrites the files.
 */
final class GoldenCases {
  private GoldenCases() {}

  static final String ROOT = "/home/u/proj/.mypy_cache";

  static List<GoldenCase> all() {
    List<GoldenCase> out = new ArrayList<>();
    out.addAll(requests());
    out.addAll(answers());
    out.addAll(errors());
    out.addAll(invalids());
    return out;
  }

  static List<GoldenCase> requests() {
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    byte[] binary = {0x00, 0x01, (byte) 0xfe, (byte) 0xff, 0x0a};
    return List.of(
        request("hello", "first frame: binds a root, per-path order only",
            new Request.Hello(0, Protocol.VERSION, "mypy/1.13", 4242, ROOT, false)),
        request("hello-ordered", "first frame: binds a root; writes become visible in send order across paths",
            new Request.Hello(0, Protocol.VERSION, "mypy/1.13", 4242, ROOT, true)),
        request("hello-admin", "first frame of an admin connection: no root (status, flush, shutdown only)",
            new Request.Hello(0, Protocol.VERSION, "cached-cli", 4243, null, false)),
        request("hello-batch-acks", "first frame: binds a root and asks for batched acknowledgements of queued requests",
            new Request.Hello(0, Protocol.VERSION, "mypy/1.13", 4242, ROOT, false).withBatchAcks(true)),
        request("hello-tcp-cookie", "first frame on the TCP listener: carries the endpoint file's cookie (64 hex digits)",
            new Request.Hello(0, Protocol.VERSION, "mypy/1.13", 4242, ROOT, false,
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")),
        request("write-queued", "a pipelined write, answered as soon as it is queued",
            new Request.Write(1, "3.11/enum.data.json", Ack.QUEUED, json)),
        request("write-durable-mode-mtime", "a write answered once final, with a POSIX mode (0644) and an mtime",
            new Request.Write(2, "3.11/enum.meta.bin", Ack.DURABLE, 0644, 1764201600000L, binary)),
        request("write-empty", "a write of an empty file: no size field, no payload",
            new Request.Write(3, "3.11/empty", Ack.QUEUED, new byte[0])),
        request("write-utf8-path", "a path with non-ASCII characters, carried as UTF-8",
            new Request.Write(4, "caf\u00e9/\u00fcber.json", Ack.QUEUED, json)),
        request("delete", "a pipelined delete", new Request.Delete(5, "3.11/enum.meta.json", Ack.QUEUED)),
        request("delete-durable", "a delete answered once final", new Request.Delete(6, "3.11/old.json", Ack.DURABLE)),
        request("replace", "hands over a file the client wrote beside the target",
            new Request.Replace(7, "3.11/.enum.data.json.tmp1234", "3.11/enum.data.json", Ack.QUEUED)),
        request("replace-durable", "a replace answered once final",
            new Request.Replace(8, "3.11/.x.json.tmp1", "3.11/x.json", Ack.DURABLE)),
        request("flush", "a barrier over every earlier request; waits as long as it takes", new Request.Flush(9, null)),
        request("flush-timeout", "a barrier answered TIMEOUT if not complete in 30 s", new Request.Flush(10, 30000L)),
        request("status", "the daemon's state", new Request.Status(11)),
        request("shutdown", "stop after finishing every accepted request", new Request.Shutdown(12, true)),
        request("shutdown-now", "stop without draining", new Request.Shutdown(13, false)),
        request("hold", "the writers take up no new write for 30 s or until this connection ends its hold or closes;"
            + " accepting goes on (for measuring the hand-over alone)", new Request.Hold(14, 30000)),
        request("hold-end", "ends this connection's hold", new Request.Hold(15, 0)));
  }

  static List<GoldenCase> answers() {
    // the one golden hello answer grants batched acknowledgements; a daemon leaves "acks" out when not asked
    ObjectNode hello = Responses.ok(0L).put("acks", "batch").put("server", "cached/0.1.0").put("protocol", Protocol.VERSION);
    hello.putArray("protocols").add(Protocol.VERSION);
    hello.putObject("limits").put("maxHeader", Protocol.MAX_HEADER).put("maxPayload", Protocol.DEFAULT_MAX_PAYLOAD)
        .put("maxPathBytes", 4096).put("maxPendingRequests", 65536);
    for (String c : List.of("write", "delete", "replace", "flush", "status", "shutdown", "durable", "ordered", "batchAcks", "hold")) {
      hello.withArray("capabilities").add(c);
    }
    ObjectNode flush = Responses.ok(9L).put("done", 3);
    flush.putArray("failed");
    ObjectNode failures = Responses.ok(9L).put("done", 1000);
    failures.putArray("failed")
        .add(failed("3.11/x.json", "write", ErrorCode.IO_ERROR,
            "temp-write " + ROOT + "/3.11/.x.json.3f2a9c0d1e4b5a67.cached-tmp: FileSystemException: No space left on device"))
        .add(failed("3.11/y.json", "delete", ErrorCode.RETRY_DEADLINE,
            "delete " + ROOT + "/3.11/y.json: AccessDeniedException after 41 attempts in 60012 ms"));
    ObjectNode status = Responses.ok(11L);
    status.putObject("status").put("version", "0.1.0").put("pid", 7807).put("uptimeMillis", 31700)
        .put("shuttingDown", false).putObject("queue").put("ops", 4).put("bytes", 428749);
    return List.of(
        answer("answer-hello", "hello accepted: versions, limits, capabilities; \"acks\":\"batch\" because the hello"
            + " asked for batched acknowledgements (absent otherwise)", "hello", hello),
        answer("answer-ack-queued", "a queued write, delete or replace was accepted", "write", Responses.ok(1L)),
        answer("answer-ack-through", "batched acknowledgement: every queued request up to and including id 7 not"
            + " answered by its own id was accepted", "write", Responses.through(7L)),
        answer("answer-written", "a durable write is final: the target holds the bytes", "write", outcome(2, "written")),
        answer("answer-deleted", "a durable delete is final: the target is gone", "delete", outcome(6, "deleted")),
        answer("answer-superseded", "a durable replace lost to a later request for the same path", "replace",
            outcome(8, "superseded")),
        answer("answer-flush", "every earlier request is final, none failed", "flush", flush),
        answer("answer-flush-failures", "every earlier request is final; two failed", "flush", failures),
        answer("answer-status", "the status object (fields in the README)", "status", status),
        answer("answer-shutdown", "the shutdown is under way", "shutdown", Responses.ok(12L)),
        answer("answer-hold", "the writers are held for 30,000 ms more (0: no connection holds them now)", "hold",
            Responses.ok(14L).put("heldMillis", 30000)));
  }

  /** One error answer per code, with the request it typically answers and a message as the daemon words it. */
  static List<GoldenCase> errors() {
    Map<ErrorCode, GoldenCase> byCode = new EnumMap<>(ErrorCode.class);
    error(byCode, ErrorCode.BAD_FRAME, null, "write", "header length : 0 (expected: 1..65536)");
    error(byCode, ErrorCode.TOO_LARGE, null, "write", "field 'size' : 67108865 (expected: 0..67108864)");
    error(byCode, ErrorCode.BAD_REQUEST, 21L, "write", "field 'path' : 42 (number) (expected: a string)");
    error(byCode, ErrorCode.UNKNOWN_OP, 22L, "rename",
        "op : 'rename' (expected: hello, write, delete, replace, flush, status, shutdown, hold)");
    error(byCode, ErrorCode.NOT_BOUND, 1L, "write", "write on an admin connection (hello bound no root)");
    error(byCode, ErrorCode.OUTSIDE_ROOT, 1L, "write", "path 'a/../../x': segment 2 is '..', which may leave the root");
    error(byCode, ErrorCode.BAD_PATH, 1L, "write", "path 'c:x': ':' at 1 (not portable: drive letters and Windows streams)");
    error(byCode, ErrorCode.ROOT_NOT_ALLOWED, 0L, "hello", "root '/': a file-system root (expected: a cache directory)");
    error(byCode, ErrorCode.PROTOCOL_VERSION, 0L, "hello",
        "protocol : 2 (this daemon, cached/0.1.0, speaks [1]); to use a newer client, run 'cached stop' and start the newer daemon");
    error(byCode, ErrorCode.NOT_AUTHORIZED, 0L, "hello",
        "a TCP connection must start with a hello that carries the cookie of the daemon's endpoint file");
    error(byCode, ErrorCode.SHUTTING_DOWN, 1L, "write", "the daemon is shutting down; request not accepted");
    error(byCode, ErrorCode.BUSY, null, "hello", "connections : 256 (expected: < maxConnections 256)");
    error(byCode, ErrorCode.TIMEOUT, 10L, "flush", "flush : not complete after 30000 ms; 3 requests still pending");
    error(byCode, ErrorCode.IO_ERROR, 2L, "write",
        "temp-write " + ROOT + "/3.11/.enum.meta.bin.0123456789abcdef.cached-tmp: FileSystemException: Read-only file system");
    error(byCode, ErrorCode.RETRY_DEADLINE, 8L, "replace",
        "replace " + ROOT + "/3.11/x.json: AccessDeniedException after 41 attempts in 60012 ms");
    error(byCode, ErrorCode.BREAKER_OPEN, 2L, "write",
        "write " + ROOT + "/3.11/enum.meta.bin: breaker open for " + ROOT + "/3.11 after 5 failures (No space left on device)");
    error(byCode, ErrorCode.INTERNAL, 2L, "write", "write " + ROOT + "/3.11/enum.meta.bin: java.lang.IllegalStateException: bug");
    for (ErrorCode c : ErrorCode.values()) {
      if (!byCode.containsKey(c)) {
        throw new IllegalStateException("golden: no error answer for " + c + "; add one to GoldenCases.errors()");
      }
    }
    return List.copyOf(byCode.values());
  }

  private static void error(Map<ErrorCode, GoldenCase> out, ErrorCode code, Long id, String answers, String message) {
    String name = "answer-error-" + code.name().toLowerCase(Locale.ROOT).replace('_', '-');
    out.put(code, answer(name, "refused: " + code, answers, Responses.error(id, code, message)));
  }

  static List<GoldenCase> invalids() {
    long maxPayloadPlus1 = Protocol.DEFAULT_MAX_PAYLOAD + 1;
    byte[] badUtf8 = "{\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    badUtf8[7] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    return List.of(
        invalid("invalid-bad-json", "the header is not JSON", raw("{\"op\":"), ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-bad-utf8", "the header is not UTF-8", raw(badUtf8, new byte[0]), ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-header-array", "the header is JSON but not an object", raw("[1,2]"), ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-duplicate-key", "a field twice", raw("{\"op\":\"status\",\"id\":1,\"id\":2}"),
            ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-length-zero", "header length 0", prefix(0), ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-header-too-long", "header length 65537 (above maxHeader): refused on the 4 bytes alone",
            prefix(Protocol.MAX_HEADER + 1), ErrorCode.TOO_LARGE, null, "closed"),
        invalid("invalid-length-ffffffff", "header length 0xFFFFFFFF: refused on the 4 bytes alone",
            prefix(-1), ErrorCode.TOO_LARGE, null, "closed"),
        invalid("invalid-payload-too-large", "size above the default maxPayload (64 MiB): refused before any payload byte",
            raw("{\"op\":\"write\",\"id\":14,\"path\":\"big\",\"size\":" + maxPayloadPlus1 + "}"), ErrorCode.TOO_LARGE, null, "closed"),
        invalid("invalid-size-negative", "size -1", raw("{\"op\":\"write\",\"id\":15,\"path\":\"x\",\"size\":-1}"),
            ErrorCode.BAD_FRAME, null, "closed"),
        invalid("invalid-truncated", "a write announcing 5 payload bytes, of which 2 arrive: no answer, the daemon "
            + "waits for the rest and closes after frameTimeout (30 s)",
            raw("{\"op\":\"write\",\"id\":16,\"path\":\"x\",\"size\":5}".getBytes(StandardCharsets.UTF_8), "he".getBytes(StandardCharsets.UTF_8)),
            null, null, "waits"),
        invalid("invalid-missing-op", "no op", raw("{\"id\":17}"), ErrorCode.BAD_REQUEST, 17L, "usable"),
        invalid("invalid-missing-id", "no id: answered with id null", raw("{\"op\":\"status\"}"), ErrorCode.BAD_REQUEST, null, "usable"),
        invalid("invalid-unknown-op", "an op this daemon does not know", raw("{\"op\":\"rename\",\"id\":18}"),
            ErrorCode.UNKNOWN_OP, 18L, "usable"),
        invalid("invalid-type-id", "id is a string: answered with id null", raw("{\"op\":\"status\",\"id\":\"19\"}"),
            ErrorCode.BAD_REQUEST, null, "usable"),
        invalid("invalid-type-path", "path is a number", raw("{\"op\":\"delete\",\"id\":20,\"path\":42}"),
            ErrorCode.BAD_REQUEST, 20L, "usable"),
        invalid("invalid-type-ack", "ack is neither queued nor durable", raw("{\"op\":\"delete\",\"id\":21,\"path\":\"a\",\"ack\":\"soon\"}"),
            ErrorCode.BAD_REQUEST, 21L, "usable"),
        invalid("invalid-type-mode", "mode above 07777", raw("{\"op\":\"write\",\"id\":22,\"path\":\"a\",\"mode\":4096}"),
            ErrorCode.BAD_REQUEST, 22L, "usable"),
        invalid("invalid-type-drain", "drain is a string", raw("{\"op\":\"shutdown\",\"id\":23,\"drain\":\"yes\"}"),
            ErrorCode.BAD_REQUEST, 23L, "usable"),
        invalid("invalid-payload-on-delete", "a payload on an op that takes none (the payload is read and dropped)",
            raw("{\"op\":\"delete\",\"id\":24,\"path\":\"a\",\"size\":3}".getBytes(StandardCharsets.UTF_8), "abc".getBytes(StandardCharsets.UTF_8)),
            ErrorCode.BAD_REQUEST, 24L, "usable"));
  }

  private static ObjectNode outcome(long id, String outcome) {
    return Responses.ok(id).put("outcome", outcome);
  }

  private static ObjectNode failed(String path, String op, ErrorCode code, String message) {
    return Json.object().put("path", path).put("op", op).put("code", code.name()).put("message", message);
  }

  /** A length prefix and {@code json} exactly as given. */
  private static byte[] raw(String json) {
    return raw(json.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }

  private static byte[] raw(byte[] header, byte[] payload) {
    return ByteBuffer.allocate(4 + header.length + payload.length).putInt(header.length).put(header).put(payload).array();
  }

  private static byte[] prefix(int length) {
    return ByteBuffer.allocate(4).putInt(length).array();
  }
}
