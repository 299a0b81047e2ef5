package dev.cached.daemon.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Requests;
import dev.cached.protocol.golden.Golden;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The daemon's own decoding path against the golden request frames: bytes through {@link
 * FrameAssembler} (fed whole, and one byte per read), then {@link Requests#parse(
 * com.fasterxml.jackson.databind.node.ObjectNode, int)} as the connection parses them. Each valid
 * frame gives its request; each invalid one its error code, at its level.
 */
class GoldenFramesTest {
  private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true);

  static List<Golden> requests() {
    return Golden.all().stream().filter(Golden::isRequest).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void requestFrameGetsItsMeaning(Golden g) throws Exception {
    for (int chunk : new int[] {g.frame().length, 1}) {
      FrameAssembler a = new FrameAssembler(Protocol.MAX_HEADER, CachedConfig.defaults().maxPayload());
      try {
        check(g, a, chunk);
      } finally {
        a.release();
      }
    }
  }

  private static void check(Golden g, FrameAssembler a, int chunk) throws Exception {
    byte[] wire = g.frame();
    FrameAssembler.Incoming frame = null;
    ProtocolException refused = null;
    for (int off = 0; off < wire.length && frame == null && refused == null; off += chunk) {
      ByteBuf in = ALLOC.directBuffer(chunk).writeBytes(wire, off, Math.min(chunk, wire.length - off));
      try {
        frame = a.next(in, ALLOC);
      } catch (ProtocolException e) {
        refused = e;
      } finally {
        in.release();
      }
    }
    verify(g, a, frame, refused);
  }

  private static void verify(Golden g, FrameAssembler a, FrameAssembler.Incoming frame, ProtocolException refused)
      throws ProtocolException {
    String stream = g.valid() ? "usable" : g.stream();
    if (stream.equals("closed")) {
      assertNotNull(refused, g + ": refused by the frame decoder");
      assertEquals(g.error(), refused.code(), refused.getMessage());
      assertTrue(refused.fatal());
      return;
    }
    assertNull(refused, () -> g + ": " + refused.getMessage());
    if (stream.equals("waits")) {
      assertNull(frame, "a truncated frame is not complete");
      assertTrue(a.midFrame());
      return;
    }
    assertNotNull(frame, g + ": one whole frame");
    try {
      if (frame.request() == null) {
        assertEquals(g.header(), frame.header());
      } else {
        assertTrue(g.valid(), "only valid frames are read without a tree");
      }
      assertEquals(g.payload().length, frame.size());
      if (g.valid()) {
        Request r = frame.parse();
        assertEquals(g.header().get("op").asText(), r.op());
        assertEquals(g.header().get("id").asLong(), r.id());
      } else {
        ProtocolException e = assertThrows(ProtocolException.class, frame::parse);
        assertEquals(g.error(), e.code(), e.getMessage());
        assertFalse(e.fatal());
        assertEquals(g.answerId(), e.id());
      }
    } finally {
      if (frame.payload() != null) {
        frame.payload().release();
      }
    }
  }

  /**
   * The daemon's hello answer with the default config, batched acknowledgements granted, is byte
   * for byte the golden one (server version 0.1.0); without them it lacks just the {@code acks} field.
   */
  @Test
  void helloAnswerIsTheGoldenOne() {
    assertGolden("answer-hello", FrameEncoder.head(HelloAnswer.of(0, "0.1.0", CachedConfig.defaults(), true), 0));
    ObjectNode each = HelloAnswer.of(0, "0.1.0", CachedConfig.defaults(), false);
    ObjectNode batch = HelloAnswer.of(0, "0.1.0", CachedConfig.defaults(), true);
    batch.remove("acks");
    assertEquals(batch.toString(), each.toString());
  }

  /** The pre-encoded batched acknowledgement is, byte for byte, the golden one. */
  @Test
  void throughIsTheGoldenOne() {
    io.netty.buffer.ByteBuf b = new QueuedAck(7, true).encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
    try {
      assertGolden("answer-ack-through", b.nioBuffer());
    } finally {
      b.release();
    }
  }

  private static void assertGolden(String name, ByteBuffer head) {
    Golden g = Golden.all().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    byte[] bytes = new byte[head.remaining()];
    head.get(bytes);
    assertArrayEquals(g.frame(), bytes, () -> new String(bytes, StandardCharsets.UTF_8));
  }
}
