package dev.cached.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz of {@link HeaderReader#readHeader}'s long-lived parser: one reader is fed a random
 * mix of valid hot headers, hot headers with a few bytes mutated, and the headers of {@link
 * FuzzInput}'s streams, and for every header gives what a new blocking parser and the tree path
 * gave before (the same request, tree or error text), reading without a tree every header the new
 * parser read. Replay a
 * failure with {@code -Dcached.fuzz.seed=<seed printed>}; {@code -Dcached.fuzz.cases=N} runs more.
 */
class HeaderReaderReuseFuzzTest {
  @Test
  void oneReaderForAMixOfHeaders_agreesWithANewParserForEach() {
    long seed = Long.getLong("cached.fuzz.seed", System.nanoTime());
    int cases = Integer.getInteger("cached.fuzz.cases", 6000);
    Random r = new Random(seed);
    FuzzInput fuzz = new FuzzInput(r, HotHeaders.MAX_PAYLOAD);
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    int fast = 0;
    int slow = 0;
    for (int i = 0; i < cases; i++) {
      byte[] header = next(r, fuzz);
      byte[] framed = HotHeaders.framed(header);
      HotHeaders.Outcome expected = HotHeaders.fresh(framed);
      HotHeaders.Outcome got = HotHeaders.read(reader, framed, r.nextInt(4) == 0 ? 1 + r.nextInt(64) : framed.length);
      if (!expected.equals(got)) {
        fail("case " + i + ", header " + new String(header, StandardCharsets.ISO_8859_1)
            + "\n expected " + expected + "\n got      " + got + "\n replay with -Dcached.fuzz.seed=" + seed);
      }
      if (got.fast()) {
        fast++;
      } else {
        slow++;
      }
    }
    System.out.printf("reused header parser fuzz: seed %d, %d headers, %d read without a tree%n", seed, cases, fast);
    assertTrue(fast > cases / 4 && slow > cases / 4, "a mix of both paths: " + fast + " fast, " + slow + " not");
  }

  /** One header: valid hot (half), a hot one mutated, or the header of a fuzz stream. */
  private static byte[] next(Random r, FuzzInput fuzz) {
    int roll = r.nextInt(8);
    if (roll < 6) {
      byte[] hot = HotHeaders.hot(r, r.nextLong()).getBytes(StandardCharsets.UTF_8);
      return roll < 4 ? hot : mutate(r, hot);
    }
    byte[] h = HotHeaders.fuzzHeader(fuzz.next().bytes());
    return h != null ? h : new byte[] {'{'};
  }

  private static byte[] mutate(Random r, byte[] b) {
    for (int m = 1 + r.nextInt(2); m > 0; m--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[at] = "{}[]\",: \"tn1-\\".getBytes(StandardCharsets.US_ASCII)[r.nextInt(14)];
        case 2 -> b = java.util.Arrays.copyOf(b, Math.max(1, at));
        case 3 -> b = concat(b, "{}[]\" tfn0x".substring(r.nextInt(11)).getBytes(StandardCharsets.US_ASCII));
        default -> b = concat(java.util.Arrays.copyOf(b, at), java.util.Arrays.copyOfRange(b, at + 1, b.length));
      }
      if (b.length == 0) {
        b = new byte[] {' '};
      }
    }
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aHotHeaderAfterARefusedOne_readWithoutATree() {
    // Not random: the case the fuzz above checks by chance, pinned: a refusal then a hot header.
    HeaderReader reader = new HeaderReader(HotHeaders.MAX_HEADER, HotHeaders.MAX_PAYLOAD);
    for (String refused : new String[] {"{", "}", "[", "\"", "{\"a\":", "tru", "{\"op\":\"write\"} x"}) {
      byte[] framed = HotHeaders.framed(refused.getBytes(StandardCharsets.UTF_8));
      assertEquals(HotHeaders.fresh(framed), HotHeaders.read(reader, framed, framed.length), refused);
      byte[] hot = HotHeaders.framed("{\"op\":\"delete\",\"id\":5,\"path\":\"p\"}".getBytes(StandardCharsets.UTF_8));
      assertEquals(new HotHeaders.Outcome("request " + new Request.Delete(5, "p", Ack.QUEUED) + " size 0", true),
          HotHeaders.read(reader, hot, hot.length), "after " + refused);
    }
  }
}
