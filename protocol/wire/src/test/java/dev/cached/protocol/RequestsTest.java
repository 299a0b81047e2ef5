package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed parsing of request headers: every op, wrong types named, unknown ops and fields. */
class RequestsTest {
  private static ObjectNode parseJson(String json) {
    try {
      return (ObjectNode) Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError(json, e);
    }
  }

  private static Request parse(String json) throws ProtocolException {
    return Requests.parse(Frame.of(parseJson(json)));
  }

  @Test
  void parsesEveryOp() throws Exception {
    Request.Hello h = (Request.Hello) parse(
        "{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"client\":\"mypy/1\",\"pid\":42,\"root\":\"/r\",\"ordered\":true}");
    assertEquals(new Request.Hello(0, 1, "mypy/1", 42, "/r", true), h);
    byte[] data = {1, 2, 3};
    Request.Write w = (Request.Write) Requests.parse(new Frame(
        parseJson("{\"op\":\"write\",\"id\":1,\"path\":\"a/b\",\"size\":3,\"ack\":\"durable\",\"mode\":420,\"mtime\":5}"), data));
    assertEquals("a/b", w.path());
    assertEquals(Ack.DURABLE, w.ack());
    assertEquals(420, w.mode());
    assertEquals(5L, w.mtimeMillis());
    assertArrayEquals(data, w.payload());
    assertEquals(new Request.Delete(2, "a/b", Ack.QUEUED), parse("{\"op\":\"delete\",\"id\":2,\"path\":\"a/b\"}"));
    assertEquals(new Request.Replace(3, "a/.t", "a/b", Ack.QUEUED),
        parse("{\"op\":\"replace\",\"id\":3,\"from\":\"a/.t\",\"path\":\"a/b\",\"ack\":\"queued\"}"));
    assertEquals(new Request.Flush(4, 30L), parse("{\"op\":\"flush\",\"id\":4,\"timeoutMs\":30}"));
    assertEquals(new Request.Flush(4, null), parse("{\"op\":\"flush\",\"id\":4}"));
    assertEquals(new Request.Status(5), parse("{\"op\":\"status\",\"id\":5}"));
    assertEquals(new Request.Shutdown(6, true), parse("{\"op\":\"shutdown\",\"id\":6}"));
    assertEquals(new Request.Shutdown(6, false), parse("{\"op\":\"shutdown\",\"id\":6,\"drain\":false}"));
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    assertEquals(new Request.Status(5), parse("{\"op\":\"status\",\"id\":5,\"future\":{\"x\":[1,2]},\"trace\":\"t\"}"));
    Request.Write w = (Request.Write) parse("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"compress\":\"zstd\"}");
    assertEquals(0, w.payload().length, "no size is an empty write");
    assertNull(w.mode());
  }

  static Stream<Arguments> wrongTypes() {
    return Stream.of(
        Arguments.of("{\"op\":\"hello\",\"id\":0}", "protocol"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":\"1\"}", "protocol"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":-1}", "protocol"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"client\":7}", "client"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"pid\":\"42\"}", "pid"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"root\":[\"/r\"]}", "root"),
        Arguments.of("{\"op\":\"hello\",\"id\":0,\"protocol\":1,\"ordered\":\"yes\"}", "ordered"),
        Arguments.of("{\"op\":\"write\",\"id\":1}", "path"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":5}", "path"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"ack\":\"later\"}", "ack"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"ack\":true}", "ack"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"mode\":4096}", "mode"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"mode\":\"644\"}", "mode"),
        Arguments.of("{\"op\":\"write\",\"id\":1,\"path\":\"p\",\"mtime\":1.5}", "mtime"),
        Arguments.of("{\"op\":\"delete\",\"id\":2,\"path\":{}}", "path"),
        Arguments.of("{\"op\":\"replace\",\"id\":3,\"path\":\"p\"}", "from"),
        Arguments.of("{\"op\":\"replace\",\"id\":3,\"from\":1,\"path\":\"p\"}", "from"),
        Arguments.of("{\"op\":\"flush\",\"id\":4,\"timeoutMs\":\"30\"}", "timeoutMs"),
        Arguments.of("{\"op\":\"flush\",\"id\":4,\"timeoutMs\":-1}", "timeoutMs"),
        Arguments.of("{\"op\":\"shutdown\",\"id\":6,\"drain\":1}", "drain"),
        Arguments.of("{\"op\":7,\"id\":6}", "op"),
        Arguments.of("{\"id\":6}", "op"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("wrongTypes")
  void aWrongTypedFieldIsABadRequestNamingTheField(String json, String field) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> parse(json));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertFalse(e.fatal(), "request-level");
    assertTrue(e.getMessage().startsWith("field '" + field + "'"), e.getMessage());
    assertEquals(Requests.idOf(parseJson(json)), e.id(), "answered with the request's id");
  }

  @Test
  void aMissingOrNonIntegerIdIsAnsweredWithANullId() {
    for (String json : List.of("{\"op\":\"status\"}", "{\"op\":\"status\",\"id\":\"1\"}", "{\"op\":\"status\",\"id\":1.5}",
        "{\"op\":\"status\",\"id\":18446744073709551616}")) {
      ProtocolException e = assertThrows(ProtocolException.class, () -> parse(json));
      assertEquals(ErrorCode.BAD_REQUEST, e.code(), json);
      assertTrue(e.getMessage().startsWith("field 'id'"), e.getMessage());
      assertNull(e.id());
      assertFalse(e.fatal());
    }
  }

  @Test
  void aPayloadOnAnOpThatTakesNoneIsABadRequest() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> Requests.parse(new Frame(parseJson("{\"op\":\"status\",\"id\":5,\"size\":1}"), new byte[1])));
    assertEquals(ErrorCode.BAD_REQUEST, e.code());
    assertTrue(e.getMessage().contains("'size'"), e.getMessage());
  }

  @Test
  void anUnknownOpIsUnknownOpAndTheNextFrameStillDecodes() throws Exception {
    byte[] stream = Frames.encode(
        Frames.frame(Json.object().put("op", "frobnicate").put("id", 9), new byte[] {1, 2}),
        Frames.frame(Frames.write(10, "ok.json"), new byte[] {3}));
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, 1024);
    List<Frame> frames = Frames.drain(d, ByteBuffer.wrap(stream));
    ProtocolException e = assertThrows(ProtocolException.class, () -> Requests.parse(frames.get(0)));
    assertEquals(ErrorCode.UNKNOWN_OP, e.code());
    assertEquals(9L, e.id());
    assertFalse(e.fatal());
    assertTrue(e.getMessage().contains("frobnicate"), e.getMessage());
    Request.Write w = (Request.Write) Requests.parse(frames.get(1));
    assertArrayEquals(new byte[] {3}, w.payload());
  }
}
