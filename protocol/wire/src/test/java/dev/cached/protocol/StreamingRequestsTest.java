package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cached.protocol.golden.Golden;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming parse of the hot requests agrees with the tree parse, and leaves everything else to it. */
class StreamingRequestsTest {
  private static final long MAX_PAYLOAD = Protocol.DEFAULT_MAX_PAYLOAD;

  private static byte[] headerBytes(Golden g) {
    ByteBuffer b = ByteBuffer.wrap(g.frame());
    int length = b.getInt();
    return Arrays.copyOfRange(g.frame(), 4, 4 + length);
  }

  @Test
  void everyGoldenHotRequest_sameRequestAsTheTreeParse() throws Exception {
    int read = 0;
    for (Golden g : Golden.all()) {
      if (!g.isRequest() || !g.valid()) {
        continue;
      }
      String op = g.header().path("op").asText();
      StreamingRequests.Parsed fast = StreamingRequests.parse(headerBytes(g), MAX_PAYLOAD);
      boolean hot = List.of("write", "delete", "replace").contains(op) && !g.header().has("mode");
      if (!hot) {
        assertNull(fast, g.name() + ": left to the tree parse");
        continue;
      }
      assertNotNull(fast, g.name());
      assertEquals(Requests.parse(g.header(), g.payload().length), fast.request(), g.name());
      assertEquals(g.payload().length, fast.size(), g.name());
      read++;
    }
    assertEquals(true, read >= 5, "golden hot requests read: " + read);
  }

  @Test
  void everyInvalidGoldenFrame_leftToTheTreeParse() {
    for (Golden g : Golden.all()) {
      if (g.isRequest() && !g.valid() && g.frame().length >= 4) {
        ByteBuffer b = ByteBuffer.wrap(g.frame());
        long length = Integer.toUnsignedLong(b.getInt());
        if (length > 0 && 4 + length <= g.frame().length && !headerIsValid(g)) {
          assertNull(StreamingRequests.parse(headerBytes(g), MAX_PAYLOAD), g.name());
        }
      }
    }
  }

  /** Ops and acks are told apart in the parser's buffer: a near miss of the same length is no match. */
  @Test
  void opsAndAcksMatchWhole_nearMissesLeftToTheTree() {
    for (String op : List.of("wrote", "Write", "remove", "delet\\u0065x", "replac3", "writes", "")) {
      String h = "{\"op\":\"" + op + "\",\"id\":1,\"path\":\"a\",\"from\":\"b\"}";
      assertNull(StreamingRequests.parse(h.getBytes(StandardCharsets.UTF_8), MAX_PAYLOAD), op);
    }
    for (String ack : List.of("queues", "durably", "Queued", "")) {
      String h = "{\"op\":\"write\",\"id\":1,\"path\":\"a\",\"ack\":\"" + ack + "\"}";
      assertNull(StreamingRequests.parse(h.getBytes(StandardCharsets.UTF_8), MAX_PAYLOAD), ack);
    }
    String escaped = "{\"op\":\"d\\u0065lete\",\"id\":2,\"path\":\"a\",\"ack\":\"dur\\u0061ble\"}";
    assertEquals(new Request.Delete(2, "a", Ack.DURABLE),
        StreamingRequests.parse(escaped.getBytes(StandardCharsets.UTF_8), MAX_PAYLOAD).request(), "escapes are decoded first");
  }

  @Test
  void unusualButValid_unknownFieldsSkipped_oddShapesLeftToTheTree() {
    assertEquals(new Request.Write(3, "a", Ack.QUEUED, null),
        parse("{\"op\":\"write\",\"id\":3,\"x\":1,\"y\":\"z\",\"path\":\"a\",\"size\":2}").request());
    assertEquals(new Request.Delete(4, "b", Ack.DURABLE),
        parse("{\"id\":4,\"ack\":\"durable\",\"path\":\"b\",\"op\":\"delete\"}").request());
    for (String odd : List.of(
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\",\"path\":\"b\"}", // duplicate
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\",\"x\":1,\"x\":2}", // duplicate unknown
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\",\"x\":{\"y\":1,\"y\":2}}", // nested: the tree checks it
        "{\"op\":\"write\",\"id\":3,\"path\":null}",
        "{\"op\":\"write\",\"id\":3.5,\"path\":\"a\"}",
        "{\"op\":\"write\",\"id\":99999999999999999999,\"path\":\"a\"}",
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\",\"size\":-1}",
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\",\"ack\":\"later\"}",
        "{\"op\":\"delete\",\"id\":3,\"path\":\"a\",\"size\":1}",
        "{\"op\":\"replace\",\"id\":3,\"path\":\"a\"}",
        "{\"op\":\"write\",\"id\":3,\"path\":\"a\"} {}",
        "{\"op\":\"flush\",\"id\":3}",
        "[1]")) {
      assertNull(parse(odd), odd);
    }
  }

  /** Whether the frame's fault lies after its header (a truncated payload). */
  private static boolean headerIsValid(Golden g) {
    try {
      Requests.parse((com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(headerBytes(g)),
          g.header() == null ? 0 : g.header().path("size").asInt());
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static StreamingRequests.Parsed parse(String json) {
    return StreamingRequests.parse(json.getBytes(StandardCharsets.UTF_8), MAX_PAYLOAD);
  }
}
