package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz of {@link FrameDecoder}: random and mutated streams fed in random chunks. The decoder
 * returns frames or throws a fatal {@link ProtocolException} with a documented stream-level code —
 * nothing else — and never buffers more than its bounds. Replay a failure with
 * {@code -Dcached.fuzz.seed=<seed printed>}; {@code -Dcached.fuzz.cases=N} runs more.
 */
class FrameDecoderFuzzTest {
  private static final long MAX_PAYLOAD = 256 * 1024;
  private static final int FIRST_CHUNK = 64 * 1024;

  @Test
  void randomAndMutatedStreamsYieldFramesOrProtocolErrorsOnly() {
    long seed = Long.getLong("cached.fuzz.seed", System.nanoTime());
    int cases = Integer.getInteger("cached.fuzz.cases", 3000);
    Random r = new Random(seed);
    FuzzInput gen = new FuzzInput(r, MAX_PAYLOAD);
    int errors = 0;
    for (int i = 0; i < cases; i++) {
      FuzzInput.Case c = gen.next();
      try {
        errors += run(r, c) ? 1 : 0;
      } catch (AssertionError | RuntimeException e) {
        fail("fuzz case " + i + " (" + c.kind() + ") failed; replay with -Dcached.fuzz.seed=" + seed, e);
      }
    }
    System.out.printf("decoder fuzz: seed %d, %d cases, %d protocol errors%n", seed, cases, errors);
    assertTrue(errors > cases / 10, "the generator should produce many bad streams, got " + errors);
    assertTrue(errors < cases - cases / 10, "the generator should produce many good streams, got " + (cases - errors));
  }

  /** Feeds one case; returns true when it ended in a protocol error. */
  private static boolean run(Random r, FuzzInput.Case c) {
    FrameDecoder d = new FrameDecoder(Protocol.MAX_HEADER, MAX_PAYLOAD);
    byte[] bytes = c.bytes();
    List<Frame> got = new ArrayList<>();
    int pos = 0;
    int maxChunk = bytes.length < 4096 && r.nextBoolean() ? 7 : 70_000;
    try {
      while (pos < bytes.length) {
        int n = 1 + r.nextInt(Math.min(bytes.length - pos, maxChunk));
        ByteBuffer in = ByteBuffer.wrap(bytes, pos, n);
        while (in.hasRemaining()) {
          Frame f = d.decode(in);
          if (f != null) {
            got.add(f);
          }
          long fed = in.position();
          long cap = d.bufferedCapacity();
          assertTrue(cap <= Protocol.MAX_HEADER + Math.min(MAX_PAYLOAD, Math.max(FIRST_CHUNK, 2 * fed)),
              "buffered " + cap + " after " + fed + " bytes");
        }
        pos += n;
      }
    } catch (ProtocolException e) {
      assertTrue(e.fatal(), "decoder errors are fatal: " + e.getMessage());
      assertTrue(e.code() == ErrorCode.BAD_FRAME || e.code() == ErrorCode.TOO_LARGE, "code " + e.code());
      assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      if (c.valid()) {
        fail("a valid stream failed: " + e.getMessage());
      }
      return true;
    }
    if (c.valid()) {
      assertEquals(c.frames().size(), got.size(), "frames of a valid stream");
      for (int i = 0; i < got.size(); i++) {
        assertArrayEquals(c.frames().get(i).payload(), got.get(i).payload());
        assertEquals(c.frames().get(i).header().get("id").asLong(), got.get(i).header().get("id").asLong());
      }
    }
    return false;
  }
}
