package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.config.CachedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cached stop}: drains the daemon and waits until its process has exited. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop the daemon after it finishes queued writes; returns once the process has exited. Exit 3 when not running.")
public final class StopCommand implements Callable<Integer> {
  /** Time allowed for the exit beyond the daemon's own drain deadline. */
  static final Duration EXIT_GRACE = Duration.ofSeconds(30);

  @Mixin Places places;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "how long to wait for the exit (default: the config's drainTimeout + 30 s)")
  Integer timeoutSeconds;

  @Option(names = "--now", description = "do not drain: stop after the steps in progress")
  boolean now;

  @Override
  public Integer call() throws Exception {
    CachedConfig config = places.load();
    long pid;
    long t0 = System.nanoTime();
    try (CachedClient c = Admin.connectOrNull(config.socket())) {
      if (c == null) {
        return Admin.notRunning(config.socket());
      }
      pid = c.status().path("pid").asLong();
      c.shutdown(!now);
    }
    Duration timeout = timeoutSeconds != null ? Duration.ofSeconds(timeoutSeconds) : config.drainTimeout().plus(EXIT_GRACE);
    if (!awaitExit(pid, t0 + timeout.toNanos())) {
      System.err.println("cached: the daemon (pid " + pid + ") did not exit within " + timeout.toSeconds()
          + " s; it may still be draining (see 'cached status'), or end it: " + Hints.kill(pid, Hints.WINDOWS));
      return 1;
    }
    System.out.println("cached stopped (pid " + pid + ") in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    return 0;
  }

  /**
   * Waits until {@code pid} is gone or the deadline ({@link System#nanoTime}) passes, polling the
   * process table: a process that is not our child has no exit event (the JDK's {@code onExit}
   * polls too, at 300 ms and more, too slow for a command that should return as soon as it can).
   */
  static boolean awaitExit(long pid, long deadlineNanos) throws InterruptedException {
    long delayMs = 2;
    Object waiter = new Object();
    while (!exited(pid)) {
      if (System.nanoTime() > deadlineNanos) {
        return false;
      }
      synchronized (waiter) {
        waiter.wait(delayMs);
      }
      delayMs = Math.min(50, delayMs * 2);
    }
    return true;
  }

  /** True when {@code pid} is gone or has exited and only waits to be reaped ({@link #exitedUnreaped}). */
  public static boolean exited(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isEmpty() || !h.get().isAlive() || exitedUnreaped(pid);
  }

  /**
   * True when {@code pid} has exited and only waits for its parent to reap it (Linux state Z): its
   * socket, lock and memory are already released. A daemon started in the background has init for
   * a parent, and a container's init may reap only every second or so.
   */
  static boolean exitedUnreaped(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')'); // the command name may hold spaces and parentheses
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux), or already gone: isAlive decides
    }
  }
}
