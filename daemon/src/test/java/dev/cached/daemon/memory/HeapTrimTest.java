package dev.cached.daemon.memory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
  @Test
  void trimsOnlyWhenIdleAndAfterEnoughBytes() {
    AtomicBoolean idle = new AtomicBoolean(false);
    AtomicLong accepted = new AtomicLong();
    HeapTrim trim = new HeapTrim(idle::get, accepted::get, 100);
    accepted.set(500);
    assertFalse(trim.due(), "busy: never trims while work is queued");
    idle.set(true);
    assertTrue(trim.due());
    trim.run();
    assertFalse(trim.due(), "nothing accepted since the last trim");
    accepted.addAndGet(99);
    assertFalse(trim.due(), "below the threshold");
    accepted.addAndGet(1);
    assertTrue(trim.due());
  }

  @Test
  void theTrimCollectsWithTightRatiosAndGivesTheBurstRatiosBack() {
    String[] original = HeapTrim.freeRatios();
    org.junit.jupiter.api.Assumptions.assumeTrue(original != null, "not HotSpot");
    try {
      HeapTrim.setFreeRatios("40", "70");
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"40", "70"}, HeapTrim.freeRatios());
      HeapTrim.setFreeRatios(HeapTrim.IDLE_MIN_FREE, HeapTrim.IDLE_MAX_FREE); // down: min first
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"10", "30"}, HeapTrim.freeRatios());
      HeapTrim.setFreeRatios("40", "70"); // up: max first
      AtomicLong accepted = new AtomicLong(1000);
      new HeapTrim(() -> true, accepted::get, 100).run();
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"40", "70"}, HeapTrim.freeRatios(), "restored after the trim");
    } finally {
      HeapTrim.setFreeRatios(original[0], original[1]);
    }
  }
}
