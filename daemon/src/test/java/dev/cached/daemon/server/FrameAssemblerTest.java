package dev.cached.daemon.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Json;
import dev.cached.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameAssemblerTest {
  private static final ByteBufAllocator ALLOC = new UnpooledByteBufAllocator(true);

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] encode(long id, byte[] payload) {
    ByteBuffer b = FrameEncoder.encode(new Frame(Json.object().put("op", "write").put("id", id).put("path", "p"), payload));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Feeds {@code wire} in chunks of {@code chunk} bytes, as socket reads would; returns the frames and the chunks fed. */
  private static List<FrameAssembler.Incoming> feed(FrameAssembler a, byte[] wire, int chunk, List<ByteBuf> fed)
      throws ProtocolException {
    List<FrameAssembler.Incoming> out = new ArrayList<>();
    for (int off = 0; off < wire.length; off += chunk) {
      ByteBuf in = ALLOC.directBuffer(chunk);
      in.writeBytes(wire, off, Math.min(chunk, wire.length - off));
      fed.add(in);
      FrameAssembler.Incoming f;
      while (in.isReadable() && (f = a.next(in, ALLOC)) != null) {
        out.add(f);
      }
      in.release(); // as the connection does after each read: slices hold their own references
    }
    return out;
  }

  private static byte[] content(ByteBuf b) {
    byte[] out = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), out);
    return out;
  }

  @Test
  void smallPayloadsAreCopiedOffTheHeapWhateverTheReadBoundaries() throws Exception {
    byte[] one = bytes(4096, 1);
    byte[] two = bytes(10, 2);
    byte[] wire = concat(encode(1, one), encode(2, two));
    for (int chunk : new int[] {1, 3, 7, 100, 4099, wire.length}) {
      FrameAssembler a = new FrameAssembler(64 * 1024, 1 << 20);
      List<ByteBuf> fed = new ArrayList<>();
      List<FrameAssembler.Incoming> frames = feed(a, wire, chunk, fed);
      assertEquals(2, frames.size(), "chunk " + chunk);
      assertArrayEquals(one, content(frames.get(0).payload()), "chunk " + chunk);
      assertArrayEquals(two, content(frames.get(1).payload()), "chunk " + chunk);
      assertTrue(frames.get(0).payload().isDirect());
      assertFalse(frames.get(0).payload() instanceof CompositeByteBuf, "a small payload is one copy");
      assertTrue(fed.stream().allMatch(b -> b.refCnt() == 0), "a small payload pins no receive buffer (chunk " + chunk + ")");
      frames.forEach(f -> f.payload().release());
      assertFalse(a.midFrame());
    }
  }

  @Test
  void aLargePayloadIsSlicesOfTheReceiveBuffersAndReleasingItFreesThem() throws Exception {
    byte[] big = bytes(FrameAssembler.COPY_LIMIT * 3 + 17, 3);
    byte[] wire = encode(7, big);
    FrameAssembler a = new FrameAssembler(64 * 1024, 1 << 20);
    List<ByteBuf> fed = new ArrayList<>();
    List<FrameAssembler.Incoming> frames = feed(a, wire, 16 * 1024, fed);
    assertEquals(1, frames.size());
    ByteBuf p = frames.get(0).payload();
    assertInstanceOf(CompositeByteBuf.class, p);
    assertEquals(big.length, frames.get(0).size());
    assertArrayEquals(big, content(p));
    assertTrue(fed.stream().anyMatch(b -> b.refCnt() > 0), "the slices hold the receive buffers");
    p.release();
    assertTrue(fed.stream().allMatch(b -> b.refCnt() == 0), "released with the payload");
  }

  @Test
  void aFrameWithoutPayloadHasNone() throws Exception {
    byte[] wire = encode(1, new byte[0]);
    List<FrameAssembler.Incoming> frames = feed(new FrameAssembler(64 * 1024, 1 << 20), wire, wire.length, new ArrayList<>());
    assertEquals(1, frames.size());
    assertNull(frames.get(0).payload());
    assertEquals("write", frames.get(0).parse().op());
  }

  @Test
  void aConnectionClosedMidPayloadGivesBackWhatArrived() throws Exception {
    byte[] big = bytes(FrameAssembler.COPY_LIMIT * 2, 4);
    byte[] wire = encode(1, big);
    FrameAssembler a = new FrameAssembler(64 * 1024, 1 << 20);
    List<ByteBuf> fed = new ArrayList<>();
    byte[] half = java.util.Arrays.copyOf(wire, wire.length / 2);
    assertTrue(feed(a, half, 8 * 1024, fed).isEmpty());
    assertTrue(a.midFrame());
    assertTrue(fed.stream().anyMatch(b -> b.refCnt() > 0));
    a.release();
    assertTrue(fed.stream().allMatch(b -> b.refCnt() == 0), "nothing leaks when the peer goes away mid-frame");
  }

  @Test
  void anOversizedPayloadIsRefusedBeforeItsBytesAndTheStreamStaysBroken() {
    FrameAssembler a = new FrameAssembler(64 * 1024, 100);
    ByteBuf in = Unpooled.wrappedBuffer(encode(1, bytes(101, 5)));
    ProtocolException e = assertThrows(ProtocolException.class, () -> a.next(in, ALLOC));
    assertEquals(ErrorCode.TOO_LARGE, e.code());
    assertTrue(e.getMessage().contains("field 'size' : 101"), e.getMessage());
    assertEquals(101, in.readableBytes(), "no payload byte was consumed");
    assertEquals(ErrorCode.BAD_FRAME, assertThrows(ProtocolException.class, () -> a.next(in, ALLOC)).code());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
