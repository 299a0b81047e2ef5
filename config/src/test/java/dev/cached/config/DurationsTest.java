package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parse_everyUnit() {
    assertEquals(Duration.ofNanos(7), Durations.parse("7ns"));
    assertEquals(Duration.ofNanos(7_000), Durations.parse("7us"));
    assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofDays(3), Durations.parse("3d"));
    assertEquals(Duration.ZERO, Durations.parse("0"));
    assertEquals(Duration.ZERO, Durations.parse("0s"));
    assertEquals(Duration.ofSeconds(5), Durations.parse("5 s"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "10", "1.5s", "1m30s", "-1s", "10 S", "10sec", "5  s", " 5s",
      "99999999999999999999s", "9999999999999999d"})
  void parse_rejects(String text) {
    assertNull(Durations.parseOrNull(text));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    assertEquals("duration : \"" + text + "\" (expected: a duration like 250ms, 10s, 2m)", e.getMessage());
  }

  @Test
  void format_largestUnitThatDivides() {
    assertEquals("0", Durations.format(Duration.ZERO));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
    assertEquals("2m", Durations.format(Duration.ofSeconds(120)));
    assertEquals("1h", Durations.format(Duration.ofMinutes(60)));
    assertEquals("1d", Durations.format(Duration.ofHours(24)));
    assertEquals("1500us", Durations.format(Duration.ofNanos(1_500_000)));
    assertEquals("3ns", Durations.format(Duration.ofNanos(3)));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 999, 1_000, 1_000_000, 1_500_000_000L, 60_000_000_000L, 86_400_000_000_000L, 123_456_789_012L})
  void format_thenParse_roundTrips(long nanos) {
    Duration d = Duration.ofNanos(nanos);
    assertEquals(d, Durations.parse(Durations.format(d)));
  }
}
