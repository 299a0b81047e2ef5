package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.config.CachedConfig;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cached stop}: drains the daemon and waits until its process has exited. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = "Stop the daemon after it finishes queued writes; returns once the process has exited.")
final class StopCommand implements Callable<Integer> {
  @Mixin Places places;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", description = "how long to wait for the exit (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

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
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long delayMs = 2;
    Object waiter = new Object();
    while (h.isPresent() && h.get().isAlive()) {
      if (System.nanoTime() > deadline) {
        System.err.println("cached: the daemon (pid " + pid + ") did not exit within " + timeoutSeconds + " s");
        return 1;
      }
      synchronized (waiter) {
        waiter.wait(delayMs); // polling the process table: there is no exit event for a non-child process
      }
      delayMs = Math.min(50, delayMs * 2);
    }
    System.out.println("cached stopped (pid " + pid + ") in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    return 0;
  }
}
