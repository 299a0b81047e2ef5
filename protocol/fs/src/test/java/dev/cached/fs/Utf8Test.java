package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Utf8#length} counts as the encoder does, lone surrogates included. ({@link Utf8#fit}: TempNamesTest.) */
class Utf8Test {
  @Test
  void lengthCountsAsGetBytesDoes() {
    SplittableRandom random = new SplittableRandom(18);
    char[] pool = {'a', '/', 'é', '\u07ff', '\u0800', '\uffff', '\uD83D', '\uDE00', '\uD800', '\uDFFF', ' '};
    for (int round = 0; round < 2_000; round++) {
      StringBuilder b = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        b.append(pool[random.nextInt(pool.length)]);
      }
      String s = b.toString();
      assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s, 0, s.length()), s);
    }
  }
}
