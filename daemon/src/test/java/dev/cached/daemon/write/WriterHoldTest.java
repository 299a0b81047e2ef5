package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The writers' hold on real writer threads (the pool the daemon uses), on a clock the test moves:
 * a held writer is seen waiting before each way of ending the hold lets it go.
 */
class WriterHoldTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean readingPaused = new AtomicBoolean();
  private final WriterHold hold = new WriterHold(readingPaused::get, now::get);
  private final Object connection = new Object();

  /** A one-thread writer pool with the hold, and one task submitted to it; the task's latch. */
  private final class Writer implements AutoCloseable {
    volatile Thread thread;
    final ThreadPoolExecutor pool = IntakeFirst.off().writerPool(1, r -> {
      thread = new Thread(r, "test-writer");
      return thread;
    }, hold);
    final CountDownLatch ran = new CountDownLatch(1);

    /** Submits the task to a held writer and sees the writer wait in the hold. */
    Writer start() throws InterruptedException {
      pool.execute(ran::countDown);
      awaitWaiting();
      assertEquals(1, ran.getCount(), "held: the task has not run");
      return this;
    }

    /** Polls (deadline 10 s) until the writer thread waits in the hold. */
    private void awaitWaiting() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(thread.getState() == Thread.State.TIMED_WAITING && inHold(thread))) {
        assertTrue(System.nanoTime() < deadline, "the writer never waited in the hold: " + thread.getState());
        Thread.onSpinWait();
      }
    }

    void assertRuns() throws InterruptedException {
      assertTrue(ran.await(10, TimeUnit.SECONDS), "the task ran once the hold ended");
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static boolean inHold(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().equals(WriterHold.class.getName()) && e.getMethodName().equals("await")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void unheld_writerRunsAtOnce() throws Exception {
    assertEquals(0, hold.remainingMillis());
    try (Writer w = new Writer()) {
      w.pool.execute(w.ran::countDown);
      w.assertRuns();
    }
  }

  @Test
  void endedByZero() throws Exception {
    assertEquals(30_000, hold.hold(connection, 30_000));
    try (Writer w = new Writer().start()) {
      assertEquals(0, hold.hold(connection, 0));
      w.assertRuns();
    }
  }

  @Test
  void endedWhenItsTimeRunsOut() throws Exception {
    hold.hold(connection, 500);
    try (Writer w = new Writer().start()) {
      now.addAndGet(Duration.ofMillis(499).toNanos());
      assertEquals(1, hold.remainingMillis());
      now.addAndGet(Duration.ofMillis(1).toNanos());
      w.assertRuns();
      assertEquals(0, hold.remainingMillis());
    }
  }

  @Test
  void endedWhenItsConnectionCloses_notByAnother() throws Exception {
    Object other = new Object();
    hold.hold(connection, 30_000);
    try (Writer w = new Writer().start()) {
      hold.release(other);
      assertEquals(30_000, hold.remainingMillis(), "another connection's close ends nothing");
      hold.release(connection);
      w.assertRuns();
    }
  }

  @Test
  void twoHolders_heldUntilBothEnded() throws Exception {
    Object other = new Object();
    hold.hold(connection, 30_000);
    assertEquals(40_000, hold.hold(other, 40_000));
    try (Writer w = new Writer().start()) {
      assertEquals(40_000, hold.hold(other, 0) + 10_000, "the first holder still holds for 30 s");
      w.awaitWaiting();
      assertEquals(1, w.ran.getCount(), "one hold left: the task waits");
      hold.releaseAll();
      w.assertRuns();
    }
    assertEquals(0, hold.hold(connection, 30_000), "after shutdown's releaseAll a hold holds nothing");
    assertEquals(0, hold.remainingMillis());
  }

  @Test
  void writersGoOnOnceReadingPausesForPendingBytes() throws Exception {
    hold.hold(connection, 30_000);
    try (Writer w = new Writer().start()) {
      readingPaused.set(true);
      w.assertRuns();
      assertEquals(30_000, hold.remainingMillis(), "the hold stands; it no longer holds while reading is paused");
    }
  }

  @Test
  void poolShutdownNow_interruptsAHeldWriter() throws Exception {
    hold.hold(connection, 30_000);
    Writer w = new Writer().start();
    w.pool.shutdownNow();
    assertTrue(w.pool.awaitTermination(10, TimeUnit.SECONDS), "a held writer leaves on interrupt");
    w.thread.join(10_000);
    assertFalse(w.thread.isAlive());
  }
}
