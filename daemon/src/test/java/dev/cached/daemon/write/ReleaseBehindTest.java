package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Old versions are freed off the caller's thread, never more than the bound wait, none is lost. */
class ReleaseBehindTest {
  private static final Path P = Path.of("/mem/root/a.cache");

  /** A handle that counts its closes and remembers the thread that closed it; it may wait for a gate first. */
  private static final class Handle implements Closeable {
    final CountDownLatch closed = new CountDownLatch(1);
    final CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);
    volatile String closedBy;
    volatile int closes;

    Handle(CountDownLatch gate) {
      this.gate = gate;
    }

    Handle() {
      this(new CountDownLatch(0));
    }

    @Override
    public void close() {
      entered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closes++;
      closedBy = Thread.currentThread().getName();
      closed.countDown();
    }

    boolean awaitClosed() throws InterruptedException {
      return closed.await(10, TimeUnit.SECONDS);
    }
  }

  /** Hands over a handle whose close waits for {@code device}; returns once a releasing thread is in it. */
  private static Handle occupy(ReleaseBehind r, CountDownLatch device) throws InterruptedException {
    Handle busy = new Handle(device);
    r.later(P, busy);
    assertTrue(busy.entered.await(10, TimeUnit.SECONDS), "a releasing thread is closing it");
    return busy;
  }

  @Test
  void aReleasingThreadClosesIt() throws Exception {
    try (ReleaseBehind r = new ReleaseBehind(2, 8)) {
      Handle h = new Handle();
      r.later(P, h);
      assertTrue(h.awaitClosed());
      assertTrue(h.closedBy.startsWith("cached-release-"), h.closedBy);
      assertEquals(1, h.closes);
    }
  }

  @Test
  void withoutThreadsTheCallerClosesIt() {
    try (ReleaseBehind r = new ReleaseBehind(0, 8)) {
      Handle h = new Handle();
      r.later(P, h);
      assertEquals(1, h.closes);
      assertEquals(Thread.currentThread().getName(), h.closedBy);
      r.later(P, null); // nothing kept: nothing to do
    }
  }

  @Test
  void aFullQueueMakesTheCallerCloseInsteadOfWaiting() throws Exception {
    CountDownLatch device = new CountDownLatch(1);
    try (ReleaseBehind r = new ReleaseBehind(1, 1)) {
      Handle busy = occupy(r, device);
      Handle queued = new Handle();
      r.later(P, queued);
      assertEquals(1, r.waiting());
      Handle overflow = new Handle();
      r.later(P, overflow);
      assertEquals(1, overflow.closes, "no room: closed by the caller at once");
      assertEquals(Thread.currentThread().getName(), overflow.closedBy);
      assertFalse(queued.closed.getCount() == 0, "still waits behind the busy one");
      device.countDown();
      assertTrue(busy.awaitClosed());
      assertTrue(queued.awaitClosed());
    }
  }

  @Test
  void releaseAllClosesWhatWaitsOnTheCallingThread() throws Exception {
    CountDownLatch device = new CountDownLatch(1);
    try (ReleaseBehind r = new ReleaseBehind(1, 4)) {
      Handle busy = occupy(r, device);
      Handle a = new Handle();
      Handle b = new Handle();
      r.later(P, a);
      r.later(P, b);
      assertEquals(2, r.releaseAll());
      assertEquals(1, a.closes);
      assertEquals(1, b.closes);
      assertEquals(0, r.waiting());
      device.countDown();
      assertTrue(busy.awaitClosed());
    }
  }

  @Test
  void closeFreesEverythingAndLaterHandlesAreClosedInline() throws Exception {
    CountDownLatch device = new CountDownLatch(1);
    ReleaseBehind r = new ReleaseBehind(1, 4);
    Handle busy = occupy(r, device);
    Handle waiting = new Handle();
    r.later(P, waiting);
    device.countDown();
    r.close();
    assertEquals(1, busy.closes);
    assertEquals(1, waiting.closes, "nothing left open after close");
    Handle after = new Handle();
    r.later(P, after);
    assertEquals(1, after.closes);
    assertEquals(Thread.currentThread().getName(), after.closedBy);
  }
}
