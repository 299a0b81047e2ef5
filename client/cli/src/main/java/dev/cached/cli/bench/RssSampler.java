package dev.cached.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples a process's resident set size every 10 ms from {@code /proc/<pid>/status} (Linux) and keeps
 * the peak. Elsewhere it reports -1.
 *
 * <p>Concurrency: one sampling thread ({@code cached-bench-rss}); {@link #peakKib()} is read after
 * {@link #close()}.
 */
final class RssSampler implements AutoCloseable {
  private final Path status;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakKib = -1;

  RssSampler(long pid) {
    this.status = Path.of("/proc", Long.toString(pid), "status");
    this.thread = new Thread(this::loop, "cached-bench-rss");
    thread.setDaemon(true);
    thread.start();
  }

  /** The current RSS of {@code pid} in KiB, or -1. */
  static long rssKib(long pid) {
    return read(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  private void loop() {
    Object tick = new Object();
    while (running) {
      long kib = read(status, "VmRSS:");
      if (kib > peakKib) {
        peakKib = kib;
      }
      synchronized (tick) {
        try {
          tick.wait(10); // the sampling period
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private static long read(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  long peakKib() {
    return peakKib;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
