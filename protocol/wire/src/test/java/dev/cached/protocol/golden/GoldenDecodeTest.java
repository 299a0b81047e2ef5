package dev.cached.protocol.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Requests;
import dev.cached.protocol.Response;
import dev.cached.protocol.Responses;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The wire module's codec against every committed golden frame: a valid frame decodes to its
 * description and encodes back to the same bytes (a request through the typed {@link Request}); an
 * invalid one gets its error code, at the level its description says.
 */
class GoldenDecodeTest {
  static List<Golden> valid() {
    return Golden.all().stream().filter(Golden::valid).toList();
  }

  static List<Golden> invalid() {
    return Golden.all().stream().filter(g -> !g.valid()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void validFrameDecodesToItsDescriptionAndEncodesBack(Golden g) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(g.frame());
    Frame f = decoder().decode(in);
    assertNotNull(f, "one whole frame");
    assertFalse(in.hasRemaining(), "nothing after the frame");
    assertEquals(g.header(), f.header());
    assertArrayEquals(g.payload(), f.payload());
    if (g.isRequest()) {
      Request r = Requests.parse(f);
      assertArrayEquals(g.frame(), GoldenCase.bytes(FrameEncoder.encode(r.frame())), "typed request encodes back");
    } else {
      assertArrayEquals(g.frame(), GoldenCase.bytes(FrameEncoder.head(f.header(), 0)), "answer encodes back");
      readsAsItsKind(g, f.header());
    }
  }

  /** What a client's reader makes of an answer agrees with the header. */
  private static void readsAsItsKind(Golden g, ObjectNode h) {
    Response r = Responses.read(h, g.answers());
    assertEquals(h.get("id").isNull() ? null : h.get("id").asLong(), r.id());
    if (!h.get("ok").asBoolean()) {
      Response.Refused e = assertInstanceOf(Response.Refused.class, r);
      assertEquals(ErrorCode.valueOf(h.at("/error/code").asText()), e.code());
      assertEquals(h.at("/error/message").asText(), e.message());
      return;
    }
    switch (g.answers()) {
      case "hello" -> {
        Response.Hello hello = assertInstanceOf(Response.Hello.class, r);
        assertTrue(hello.offered().contains(Protocol.VERSION));
        assertEquals(h.at("/limits/maxPayload").asLong(), hello.limits().maxPayload());
        assertEquals(h.at("/limits/maxPendingRequests").asInt(), hello.limits().maxPendingRequests());
        assertEquals(h.get("capabilities").size(), hello.capabilities().size());
      }
      case "flush" -> {
        Response.Flushed fl = assertInstanceOf(Response.Flushed.class, r);
        assertEquals(h.get("done").asLong(), fl.done());
        assertEquals(h.get("failed").size(), fl.failed().size());
        for (int i = 0; i < fl.failed().size(); i++) {
          assertEquals(h.get("failed").get(i).get("code").asText(), fl.failed().get(i).code().name());
          assertEquals(h.get("failed").get(i).get("path").asText(), fl.failed().get(i).path());
        }
      }
      case "status" -> assertEquals(h.get("status"), assertInstanceOf(Response.Status.class, r).status());
      default -> assertEquals(h.has("outcome") ? h.get("outcome").asText() : null,
          assertInstanceOf(Response.Done.class, r).outcome());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidFrameGetsItsError(Golden g) throws Exception {
    FrameDecoder d = decoder();
    ByteBuffer in = ByteBuffer.wrap(g.frame());
    switch (g.stream()) {
      case "closed" -> {
        ProtocolException e = assertThrows(ProtocolException.class, () -> d.decode(in));
        assertEquals(g.error(), e.code(), e.getMessage());
        assertTrue(e.fatal());
        assertNull(g.answerId(), "a stream-level error answers no request");
      }
      case "waits" -> {
        assertNull(d.decode(in), "a truncated frame is not complete");
        assertFalse(in.hasRemaining());
        assertTrue(d.midFrame());
        assertNull(g.error());
      }
      case "usable" -> {
        Frame f = d.decode(in);
        assertNotNull(f, "the frame itself is whole");
        assertEquals(g.header(), f.header());
        ProtocolException e = assertThrows(ProtocolException.class, () -> Requests.parse(f));
        assertEquals(g.error(), e.code(), e.getMessage());
        assertFalse(e.fatal());
        assertEquals(g.answerId(), e.id());
      }
      default -> throw new AssertionError(g + ": stream '" + g.stream() + "'");
    }
  }

  @Test
  void everyOpEveryAnswerAndEveryErrorCodeHasAGoldenFrame() {
    List<Golden> all = Golden.all();
    Set<String> ops = all.stream().filter(g -> g.valid() && g.isRequest())
        .map(g -> g.header().get("op").asText()).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(List.of("hello", "write", "delete", "replace", "flush", "status", "shutdown", "hold")), ops);
    Set<String> answered = all.stream().filter(g -> g.valid() && !g.isRequest() && g.header().get("ok").asBoolean())
        .map(Golden::answers).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(ops, answered, "an ok answer to every op");
    Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
    all.stream().filter(g -> g.valid() && !g.isRequest() && !g.header().get("ok").asBoolean())
        .forEach(g -> codes.add(ErrorCode.valueOf(g.header().at("/error/code").asText())));
    assertEquals(EnumSet.allOf(ErrorCode.class), codes, "an error answer for every code");
    Set<String> streams = all.stream().filter(g -> !g.valid()).map(Golden::stream).collect(Collectors.toSet());
    assertEquals(Set.of("usable", "closed", "waits"), streams);
  }

  private static FrameDecoder decoder() {
    return new FrameDecoder(Protocol.MAX_HEADER, Protocol.DEFAULT_MAX_PAYLOAD);
  }
}
