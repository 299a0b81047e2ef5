package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleWatchTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean busy = new AtomicBoolean();
  private final IdleWatch watch = new IdleWatch(now::get, Duration.ofSeconds(10), busy::get);

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void idleForTheWholeTimeoutSaysSo() {
    advance(Duration.ofMillis(9_999));
    assertFalse(watch.check());
    advance(Duration.ofMillis(1));
    assertTrue(watch.check());
    assertEquals(Duration.ofSeconds(10), watch.idleFor());
  }

  @Test
  void busyRestartsTheClock() {
    advance(Duration.ofSeconds(9));
    busy.set(true);
    assertFalse(watch.check());
    busy.set(false);
    advance(Duration.ofSeconds(9));
    assertFalse(watch.check(), "only 9 s since the daemon was last seen busy");
    advance(Duration.ofSeconds(1));
    assertTrue(watch.check());
  }

  /** A write parked for a retry counts as work however long it waits: never idle while busy. */
  @Test
  void neverIdleWhileBusyHoweverLong() {
    busy.set(true);
    for (int i = 0; i < 100; i++) {
      advance(Duration.ofMinutes(1));
      assertFalse(watch.check());
    }
  }

  @Test
  void periodIsAQuarterOfTheTimeoutAtMostASecond() {
    assertEquals(Duration.ofMillis(250), IdleWatch.period(Duration.ofSeconds(1)));
    assertEquals(Duration.ofSeconds(1), IdleWatch.period(Duration.ofMinutes(5)));
  }

  @Test
  void zeroTimeoutIsRejectedWithTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdleWatch(now::get, Duration.ZERO, busy::get));
    assertEquals("timeout : PT0S (expected: > 0)", e.getMessage());
  }
}
