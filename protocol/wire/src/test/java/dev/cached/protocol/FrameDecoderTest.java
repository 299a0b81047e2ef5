package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Valid streams: round trips, any chunking, bounded buffering. Malformed input: {@link FrameDecoderErrorsTest}. */
class FrameDecoderTest {
  private static final long MAX_PAYLOAD = 4L * 1024 * 1024;

  private static List<Frame> sample() {
    Random r = new Random(11);
    List<Frame> frames = new ArrayList<>();
    for (int size : new int[] {0, 1, 5, 300, 64 * 1024, 64 * 1024 + 1, 200_000}) {
      byte[] p = new byte[size];
      r.nextBytes(p);
      frames.add(Frames.frame(Frames.write(frames.size(), "d/f" + size + ".json"), p));
    }
    frames.add(Frames.frame(Json.object().put("op", "flush").put("id", 99).put("note", "é€😀"), new byte[0]));
    return frames;
  }

  private static void assertSame(List<Frame> expected, List<Frame> actual) {
    assertEquals(expected.size(), actual.size(), "frame count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).header().get("id").asLong(), actual.get(i).header().get("id").asLong(), "frame " + i);
      assertEquals(expected.get(i).header().get("path"), actual.get(i).header().get("path"), "frame " + i);
      assertArrayEquals(expected.get(i).payload(), actual.get(i).payload(), "payload of frame " + i);
    }
  }

  @Test
  void roundTripsFramesOfEverySize() throws Exception {
    List<Frame> frames = sample();
    byte[] bytes = Frames.encode(frames.toArray(Frame[]::new));
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    assertSame(frames, Frames.drain(d, ByteBuffer.wrap(bytes)));
    assertFalse(d.midFrame());
  }

  @Test
  void aStreamSplitAtEveryByteBoundaryDecodesIdentically() throws Exception {
    List<Frame> frames = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      frames.add(Frames.frame(Frames.write(i, "a/" + i), new byte[] {(byte) i, 2, 3, (byte) (40 + i)}));
    }
    frames.add(Frames.frame(Json.object().put("op", "status").put("id", 7), new byte[0]));
    byte[] bytes = Frames.encode(frames.toArray(Frame[]::new));
    for (int cut = 0; cut <= bytes.length; cut++) {
      FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
      List<Frame> got = new ArrayList<>(Frames.drain(d, ByteBuffer.wrap(bytes, 0, cut)));
      got.addAll(Frames.drain(d, ByteBuffer.wrap(bytes, cut, bytes.length - cut)));
      assertSame(frames, got);
    }
  }

  @Test
  void aStreamFedOneByteAtATimeDecodesIdentically() throws Exception {
    List<Frame> frames = sample();
    byte[] bytes = Frames.encode(frames.toArray(Frame[]::new));
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    List<Frame> got = new ArrayList<>();
    for (byte b : bytes) {
      got.addAll(Frames.drain(d, ByteBuffer.wrap(new byte[] {b})));
    }
    assertSame(frames, got);
  }

  @Test
  void midFrameIsTrueFromTheFirstPrefixByteUntilThePayloadEnds() throws Exception {
    byte[] bytes = Frames.encode(Frames.frame(Frames.write(1, "x"), new byte[] {1, 2}));
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    assertFalse(d.midFrame());
    for (int i = 0; i < bytes.length - 1; i++) {
      assertNull(d.decode(ByteBuffer.wrap(bytes, i, 1)));
      assertTrue(d.midFrame(), "after byte " + i);
    }
    assertEquals(2, d.decode(ByteBuffer.wrap(bytes, bytes.length - 1, 1)).payload().length);
    assertFalse(d.midFrame());
  }

  @Test
  void aLargeDeclaredSizeIsNotAllocatedBeforeItsBytesArrive() throws Exception {
    byte[] head = Frames.rawHeader("{\"op\":\"write\",\"id\":1,\"path\":\"x\",\"size\":4000000}");
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    ByteBuffer in = ByteBuffer.allocate(head.length + 10).put(head).put(new byte[10]).flip();
    assertNull(d.decode(in));
    assertTrue(d.bufferedCapacity() <= 64 * 1024, "buffered " + d.bufferedCapacity());
    assertNull(d.decode(ByteBuffer.wrap(new byte[300_000])));
    assertTrue(d.bufferedCapacity() <= 2 * 300_010, "buffered " + d.bufferedCapacity());
  }

  @Test
  void aLongStringThatFitsTheHeaderIsAccepted() throws Exception {
    String name = "n".repeat(60_000);
    byte[] bytes = Frames.rawHeader("{\"op\":\"write\",\"id\":1,\"path\":\"" + name + "\"}");
    Frame f = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD).decode(ByteBuffer.wrap(bytes));
    assertEquals(name, f.header().get("path").textValue());
  }

  @Test
  void constructorRejectsLimitsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(Protocol.MAX_HEADER + 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(1, -1));
    assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(1, Integer.MAX_VALUE));
  }
}
