package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The writers' wait for the intake, on a clock the test moves: each look at the clock advances it
 * by {@link #STEP}, and a "stream" of reads marks one on every look, as a busy socket thread would.
 */
class IntakeFirstTest {
  private static final long STEP = TimeUnit.MICROSECONDS.toNanos(100);
  private static final Duration MAX = Duration.ofMillis(5);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicLong pending = new AtomicLong();
  private boolean streaming;
  private IntakeFirst intake;

  private IntakeFirst make(Duration max) {
    intake = new IntakeFirst(max, () -> {
      if (streaming) {
        intake.reading(); // a read arrives between every two looks of a waiting writer
      }
      return pending.get();
    }, 1_000_000, () -> now.addAndGet(STEP));
    return intake;
  }

  /** How far the clock moved while a writer waited its turn. */
  private long waitedNanos(IntakeFirst i) {
    long before = now.get();
    i.awaitTurn();
    return now.get() - before;
  }

  @Test
  void offNeverWaits() throws Exception {
    IntakeFirst off = make(Duration.ZERO);
    assertFalse(off.on());
    off.reading();
    ThreadPoolExecutor pool = off.writerPool(1, r -> new Thread(r, "test-writer"), new WriterHold(() -> false, System::nanoTime));
    try {
      long before = now.get();
      pool.submit(() -> {}).get(10, TimeUnit.SECONDS);
      assertEquals(before, now.get(), "the pool never looked at the clock");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aQuietIntakeLetsTheWriterGoAtOnce() {
    IntakeFirst i = make(MAX);
    assertEquals(STEP, waitedNanos(i)); // one look at the clock
    i.reading();
    now.addAndGet(IntakeFirst.QUIET_NANOS);
    assertEquals(STEP, waitedNanos(i));
  }

  @Test
  void aReadJustNowMakesTheWriterWaitUntilTheIntakeIsQuiet() {
    IntakeFirst i = make(MAX);
    i.reading();
    long waited = waitedNanos(i);
    assertTrue(waited >= IntakeFirst.QUIET_NANOS - STEP && waited <= IntakeFirst.QUIET_NANOS + STEP, "waited " + waited);
  }

  @Test
  void aSteadyStreamHoldsWritersForOneEpisodeOnlyThenTheyRunAlongside() {
    IntakeFirst i = make(MAX);
    streaming = true;
    i.reading();
    long first = waitedNanos(i);
    assertTrue(first >= MAX.toNanos() && first <= MAX.toNanos() + 2 * STEP, "first wait " + first);
    assertEquals(STEP, waitedNanos(i), "the episode is spent: the next writer does not wait");
    assertEquals(STEP, waitedNanos(i));
    streaming = false;
    now.addAndGet(IntakeFirst.QUIET_NANOS); // the intake went quiet once ...
    waitedNanos(i);
    streaming = true;
    i.reading(); // ... so the next burst gets a new episode
    long next = waitedNanos(i);
    assertTrue(next >= MAX.toNanos(), "second episode " + next);
  }

  @Test
  void writersNeverWaitOnceAQuarterOfThePendingCapIsPending() {
    IntakeFirst i = make(MAX);
    i.reading(); // busy: a read just now
    pending.set(250_000); // a quarter of 1,000,000
    assertEquals(STEP, waitedNanos(i));
    pending.set(249_999);
    assertTrue(waitedNanos(i) > STEP, "under the quarter the writer waits");
  }

  @Test
  void thePoolWaitsBeforeEachTask() throws Exception {
    IntakeFirst i = make(MAX);
    ThreadPoolExecutor pool = i.writerPool(1, r -> new Thread(r, "test-writer"), new WriterHold(() -> false, System::nanoTime));
    try {
      for (int task = 0; task < 2; task++) {
        i.reading();
        long before = now.get();
        long ranAt = pool.submit(now::get).get(10, TimeUnit.SECONDS);
        assertTrue(ranAt - before >= IntakeFirst.QUIET_NANOS - STEP, "task " + task + " ran only after the wait");
      }
      assertEquals("test-writer", pool.getThreadFactory().newThread(() -> {}).getName());
    } finally {
      pool.shutdown();
    }
  }
}
