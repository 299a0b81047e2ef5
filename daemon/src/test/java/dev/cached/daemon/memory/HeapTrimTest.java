package dev.cached.daemon.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class HeapTrimTest {
  private final AtomicBoolean idle = new AtomicBoolean(true);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger collections = new AtomicInteger();
  private final AtomicInteger nativeTrims = new AtomicInteger();
  private final HeapTrim trim =
      new HeapTrim(idle::get, accepted::get, 100, Duration.ofSeconds(5), Duration.ofSeconds(60), clock::get, collections::incrementAndGet,
          () -> "trim " + nativeTrims.incrementAndGet());

  /** One look by the timer, {@code seconds} after the last. */
  private void tick(int seconds) {
    clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    trim.run();
  }

  @Test
  void trimsOnceTheDaemonHasBeenQuietLongEnough() {
    tick(1);
    tick(4);
    assertEquals(0, nativeTrims.get(), "4 s after the start: not quiet long enough");
    tick(1);
    assertEquals(2, nativeTrims.get(), "the first quiet moment after the start trims what starting left (twice, around a collection)");
    assertEquals(1, collections.get());
    tick(10);
    assertEquals(2, nativeTrims.get(), "nothing accepted since: no second trim");

    accepted.addAndGet(50); // a burst
    tick(1);
    idle.set(false); // its ops still queued: not quiet, however long
    tick(10);
    tick(10);
    assertEquals(2, nativeTrims.get(), "never while work is queued");
    idle.set(true);
    tick(1);
    tick(3);
    accepted.addAndGet(50); // another burst, 4 s after the queue emptied: the quiet time starts again
    tick(1);
    tick(4);
    assertEquals(2, nativeTrims.get(), "bursts less than the quiet time apart keep their memory");
    tick(1);
    assertEquals(3, nativeTrims.get(), "5 s after the last burst");
  }

  /** Writes 2 s apart never leave 5 s of quiet: a trim still comes, 60 s after the last, between two of them. */
  @Test
  void writesThatKeepComingAreTrimmedEveryMinute() {
    long firstTrim = -1;
    for (int second = 1; second <= 125; second++) {
      if (second % 2 == 0) {
        accepted.addAndGet(10); // a write every 2 s, queued and written before the next look
      }
      tick(1);
      if (nativeTrims.get() > 0 && firstTrim < 0) {
        firstTrim = TimeUnit.NANOSECONDS.toSeconds(clock.get());
      }
    }
    assertEquals(61, firstTrim, "the first trim, 60 s after the first look (at 1 s)");
    assertEquals(2 + 1, nativeTrims.get(), "and one more a minute later (the first trim asks twice)");
    idle.set(false);
    accepted.addAndGet(10);
    tick(70);
    assertEquals(3, nativeTrims.get(), "never while work is queued, however overdue");
  }

  @Test
  void collectsOnlyAfterEnoughBytes() {
    tick(1);
    tick(5);
    assertEquals(1, collections.get(), "the start's trim collects once");
    accepted.addAndGet(99);
    tick(1);
    tick(5);
    assertEquals(3, nativeTrims.get());
    assertEquals(1, collections.get(), "99 bytes: below the threshold, the native trim alone");
    accepted.addAndGet(1);
    tick(1);
    tick(5);
    assertEquals(4, nativeTrims.get());
    assertEquals(2, collections.get(), "100 bytes since the last collection");
  }

  @Test
  @EnabledOnOs(value = OS.LINUX, disabledReason = "malloc_trim is glibc's")
  void theJvmTrimsItsCHeapHere() {
    NativeTrim t = NativeTrim.jvm();
    for (int i = 0; i < 2; i++) {
      String out = t.trim();
      assertTrue(out != null && out.startsWith("Trim native heap"), "this JVM's System.trim_native_heap answered: " + out);
    }
  }

  /** Where the JVM cannot trim (not glibc, or no such command), it is asked once, not every quiet period. */
  @Test
  void aJvmThatCannotTrimIsAskedOnce() {
    AtomicInteger asked = new AtomicInteger();
    NativeTrim notHere = NativeTrim.over(() -> {
      asked.incrementAndGet();
      return "Not available.";
    });
    assertEquals(null, notHere.trim());
    assertEquals(null, notHere.trim());
    assertEquals(1, asked.get());
    NativeTrim missing = NativeTrim.over(() -> {
      asked.incrementAndGet();
      throw new javax.management.InstanceNotFoundException("com.sun.management:type=DiagnosticCommand");
    });
    assertEquals(null, missing.trim());
    assertEquals(null, missing.trim());
    assertEquals(2, asked.get());
    assertEquals("Trim native heap: RSS+Swap: 10M->9M (-1M)",
        NativeTrim.over(() -> "Trim native heap: RSS+Swap: 10M->9M (-1M)\n").trim(), "what the JVM said, for the log");
  }

  @Test
  void theCollectionUsesTightRatiosAndGivesTheBurstRatiosBack() {
    String[] original = HeapTrim.freeRatios();
    org.junit.jupiter.api.Assumptions.assumeTrue(original != null, "not HotSpot");
    try {
      HeapTrim.setFreeRatios("40", "70");
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"40", "70"}, HeapTrim.freeRatios());
      HeapTrim.setFreeRatios(HeapTrim.IDLE_MIN_FREE, HeapTrim.IDLE_MAX_FREE); // down: min first
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"10", "30"}, HeapTrim.freeRatios());
      HeapTrim.setFreeRatios("40", "70"); // up: max first
      HeapTrim.collect();
      org.junit.jupiter.api.Assertions.assertArrayEquals(new String[] {"40", "70"}, HeapTrim.freeRatios(), "restored after the collection");
    } finally {
      HeapTrim.setFreeRatios(original[0], original[1]);
    }
  }
}
