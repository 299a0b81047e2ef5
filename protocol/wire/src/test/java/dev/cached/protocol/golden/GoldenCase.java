package dev.cached.protocol.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Request;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One golden frame as {@link GoldenCases} generates it: its name, the bytes and what they mean ({@link #describe()} makes the committed description).
 * The description is derived from the bytes (length prefix, header, payload) plus what the case
 * says it means, so the two files cannot disagree.
 */
record GoldenCase(String name, byte[] frame, ObjectNode meaning) {

  /** A valid request, encoded by {@link Request#frame()} and {@link FrameEncoder}. */
  static GoldenCase request(String name, String summary, Request r) {
    return new GoldenCase(name, bytes(FrameEncoder.encode(r.frame())), start("request", summary, true, null));
  }

  /** A valid answer to a request of op {@code answers}. */
  static GoldenCase answer(String name, String summary, String answers, ObjectNode header) {
    return new GoldenCase(name, bytes(FrameEncoder.head(header, 0)), start("answer", summary, true, answers));
  }

  /**
   * An invalid request frame, as raw bytes.
   *
   * @param error the code of its error answer, or null when it gets none
   * @param answerId the id that answer carries (null: {@code "id":null})
   * @param stream {@code usable} (answered, the connection goes on), {@code closed} (answered,
   *     then closed) or {@code waits} (no answer: the daemon waits for the rest of the frame)
   */
  static GoldenCase invalid(String name, String summary, byte[] frame, ErrorCode error, Long answerId, String stream) {
    ObjectNode d = start("request", summary, false, null);
    d.put("error", error == null ? null : error.name());
    if (answerId == null) {
      d.putNull("answerId");
    } else {
      d.put("answerId", answerId);
    }
    d.put("stream", stream);
    return new GoldenCase(name, frame, d);
  }

  private static ObjectNode start(String direction, String summary, boolean valid, String answers) {
    ObjectNode d = Json.object().put("direction", direction).put("summary", summary).put("valid", valid);
    if (answers != null) {
      d.put("answers", answers);
    }
    return d;
  }

  /** The description as committed: the case's meaning, then the frame decoded (length, header, payload). */
  ObjectNode describe() {
    ObjectNode d = Json.object();
    d.put("direction", meaning.get("direction").asText());
    d.put("summary", meaning.get("summary").asText());
    d.put("valid", meaning.get("valid").asBoolean());
    copy(meaning, d, "answers");
    if (frame.length >= Protocol.LENGTH_PREFIX) {
      long length = Integer.toUnsignedLong(ByteBuffer.wrap(frame).getInt());
      d.put("length", length);
      int end = (int) Math.min(frame.length, Protocol.LENGTH_PREFIX + length);
      byte[] head = Arrays.copyOfRange(frame, Protocol.LENGTH_PREFIX, end);
      JsonNode header = end - Protocol.LENGTH_PREFIX == length ? parse(head) : null;
      if (header != null) {
        d.set("header", header);
      } else if (head.length > 0) {
        d.set("raw", text(head));
      }
      if (end < frame.length) {
        d.set("payload", text(Arrays.copyOfRange(frame, end, frame.length)));
      }
    }
    copy(meaning, d, "error");
    copy(meaning, d, "answerId");
    copy(meaning, d, "stream");
    return d;
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field));
    }
  }

  /** The header as a JSON object under the protocol's bounds, or null when it is not one. */
  private static JsonNode parse(byte[] head) {
    try {
      JsonNode n = Json.mapper().readTree(head);
      return n != null && n.isObject() ? n : null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** {@code {"utf8": …}} for printable UTF-8, else {@code {"hex": …}}. */
  static ObjectNode text(byte[] bytes) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      if (s.chars().noneMatch(c -> c < 0x20 || c == 0x7f)) {
        return Json.object().put("utf8", s);
      }
    } catch (CharacterCodingException e) {
      // not UTF-8: hex below
    }
    return Json.object().put("hex", HexFormat.of().formatHex(bytes));
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
