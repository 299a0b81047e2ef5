package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

  @Test
  void parse_binaryDecimalAndPlain() {
    assertEquals(4096, Sizes.parse("4096"));
    assertEquals(17, Sizes.parse("17B"));
    assertEquals(512 * 1024, Sizes.parse("512KiB"));
    assertEquals(64L << 20, Sizes.parse("64MiB"));
    assertEquals(2L << 30, Sizes.parse("2GiB"));
    assertEquals(1L << 40, Sizes.parse("1TiB"));
    assertEquals(3_000, Sizes.parse("3KB"));
    assertEquals(10_000_000, Sizes.parse("10MB"));
    assertEquals(1_000_000_000, Sizes.parse("1GB"));
    assertEquals(2_000_000_000_000L, Sizes.parse("2TB"));
  }

  @Test
  void parse_unitIgnoresCaseAndAllowsOneSpace() {
    assertEquals(64L << 20, Sizes.parse("64mib"));
    assertEquals(64L << 20, Sizes.parse("64 MiB"));
    assertEquals(5_000, Sizes.parse("5kb"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "big", "1.5MiB", "-1", "10M", "10K", "10 bytes", "MiB", "64  MiB",
      "99999999999999999999", "9999999999TiB"})
  void parse_rejects(String text) {
    assertEquals(-1, Sizes.parseOrNegative(text));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sizes.parse(text));
    assertEquals("size : \"" + text + "\" (expected: a size in bytes like 4096, 512KiB, 64MiB, 10MB)", e.getMessage());
  }

  @Test
  void format_prefersBinaryThenDecimalThenBytes() {
    assertEquals("0", Sizes.format(0));
    assertEquals("1500", Sizes.format(1500));
    assertEquals("2KB", Sizes.format(2000));
    assertEquals("1KiB", Sizes.format(1024));
    assertEquals("64MiB", Sizes.format(64L << 20));
    assertEquals("10MB", Sizes.format(10_000_000));
    assertEquals("1TiB", Sizes.format(1L << 40));
    assertEquals("2147483632", Sizes.format(Limits.MAX_PAYLOAD));
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 1000, 1024, 1_000_000, 1L << 20, 123_456_789, 5L << 40, Long.MAX_VALUE})
  void format_thenParse_roundTrips(long n) {
    assertEquals(n, Sizes.parse(Sizes.format(n)));
  }
}
