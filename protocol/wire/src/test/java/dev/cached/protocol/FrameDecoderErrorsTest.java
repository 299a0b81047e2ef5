package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed frame gives its documented code, is fatal, and names what was wrong. */
class FrameDecoderErrorsTest {
  private static final long MAX_PAYLOAD = 1024 * 1024;

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("length 0", Frames.prefix(0), ErrorCode.BAD_FRAME, "header length : 0"),
        Arguments.of("length 65537", Frames.prefix(65537), ErrorCode.TOO_LARGE, "header length : 65537"),
        Arguments.of("length 0xFFFFFFFF", Frames.prefix(-1), ErrorCode.TOO_LARGE, "header length : 4294967295"),
        Arguments.of("10 MB header string", Frames.prefix(10_000_002), ErrorCode.TOO_LARGE, "header length : 10000002"),
        Arguments.of("not JSON", Frames.rawHeader("hello there"), ErrorCode.BAD_FRAME, "not valid JSON"),
        Arguments.of("truncated JSON", Frames.rawHeader("{\"op\":"), ErrorCode.BAD_FRAME, "not valid JSON"),
        Arguments.of("invalid UTF-8", invalidUtf8(), ErrorCode.BAD_FRAME, "not valid JSON"),
        Arguments.of("array header", Frames.rawHeader("[1,2]"), ErrorCode.BAD_FRAME, "header is array"),
        Arguments.of("number header", Frames.rawHeader("42"), ErrorCode.BAD_FRAME, "header is number"),
        Arguments.of("string header", Frames.rawHeader("\"op\""), ErrorCode.BAD_FRAME, "header is string"),
        Arguments.of("null header", Frames.rawHeader("null"), ErrorCode.BAD_FRAME, "header is null"),
        Arguments.of("whitespace header", Frames.rawHeader("   "), ErrorCode.BAD_FRAME, "header is empty"),
        Arguments.of("trailing tokens", Frames.rawHeader("{} {}"), ErrorCode.BAD_FRAME, "not valid JSON"),
        Arguments.of("duplicate key", Frames.rawHeader("{\"id\":1,\"id\":2}"), ErrorCode.BAD_FRAME, "Duplicate field 'id'"),
        Arguments.of("size negative", size("-1"), ErrorCode.BAD_FRAME, "field 'size' : -1"),
        Arguments.of("size fraction", size("1.5"), ErrorCode.BAD_FRAME, "field 'size' : 1.5"),
        Arguments.of("size string", size("\"5\""), ErrorCode.BAD_FRAME, "field 'size' : \"5\""),
        Arguments.of("size boolean", size("true"), ErrorCode.BAD_FRAME, "field 'size' : true"),
        Arguments.of("size 2^64", size("18446744073709551616"), ErrorCode.BAD_FRAME, "field 'size'"),
        Arguments.of("size 2^62", size(Long.toString(1L << 62)), ErrorCode.TOO_LARGE, "field 'size' : 4611686018427387904"),
        Arguments.of("size maxPayload+1", size(Long.toString(MAX_PAYLOAD + 1)), ErrorCode.TOO_LARGE, "field 'size' : 1048577"),
        Arguments.of("nesting 17", Frames.rawHeader(nested(17)), ErrorCode.BAD_FRAME, "nesting depth"),
        Arguments.of("nesting 1000", Frames.rawHeader(nested(1000)), ErrorCode.BAD_FRAME, "nesting depth"),
        Arguments.of("number of 40 digits", Frames.rawHeader("{\"n\":" + "9".repeat(40) + "}"), ErrorCode.BAD_FRAME, "Number value length"),
        Arguments.of("name of 2000 chars", Frames.rawHeader("{\"" + "k".repeat(2000) + "\":1}"), ErrorCode.BAD_FRAME, "Name length"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedFrameGivesItsCodeAndIsFatal(String name, byte[] bytes, ErrorCode code, String mention) {
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    ProtocolException e = assertThrows(ProtocolException.class, () -> Frames.drain(d, ByteBuffer.wrap(bytes)));
    assertEquals(code, e.code(), e.getMessage());
    assertTrue(e.fatal(), name);
    assertTrue(e.getMessage().contains(mention), "message '" + e.getMessage() + "' should mention '" + mention + "'");
    ProtocolException again = assertThrows(ProtocolException.class, () -> d.decode(ByteBuffer.wrap(Frames.rawHeader("{}"))));
    assertTrue(again.fatal(), "a failed decoder stays failed");
  }

  @Test
  void nestingAtTheLimitIsAccepted() throws Exception {
    Frame f = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD).decode(ByteBuffer.wrap(Frames.rawHeader(nested(Json.MAX_DEPTH))));
    assertTrue(f.header().isObject());
  }

  @Test
  void anOversizedPayloadIsRefusedBeforeAnyPayloadByteIsRead() {
    byte[] head = size(Long.toString(1L << 62));
    ByteBuffer in = ByteBuffer.allocate(head.length + 100).put(head).put(new byte[100]).flip();
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    assertThrows(ProtocolException.class, () -> d.decode(in));
    assertEquals(head.length, in.position(), "no payload byte consumed");
    assertEquals(0, d.bufferedCapacity());
  }

  @Test
  void anOversizedHeaderIsRefusedOnItsPrefixAlone() {
    ByteBuffer in = ByteBuffer.wrap(Frames.prefix(-1));
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    assertThrows(ProtocolException.class, () -> d.decode(in));
    assertEquals(0, d.bufferedCapacity());
  }

  static byte[] size(String value) {
    return Frames.rawHeader("{\"op\":\"write\",\"id\":1,\"path\":\"x\",\"size\":" + value + "}");
  }

  /** An object nested {@code depth} levels deep: depth 1 is {@code {}}. */
  static String nested(int depth) {
    return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
  }

  private static byte[] invalidUtf8() {
    byte[] json = "{\"op\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    json[7] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    return ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
  }
}
