package dev.cached.cli.it;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking it every few milliseconds. */
final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
  static void until(Duration timeout, Callable<Boolean> condition, Supplier<String> what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long delay = 2;
    Object waiter = new Object();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout + ": " + what.get());
      }
      synchronized (waiter) {
        waiter.wait(delay);
      }
      delay = Math.min(50, delay * 2);
    }
  }
}
