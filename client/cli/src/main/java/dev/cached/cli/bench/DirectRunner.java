package dev.cached.cli.bench;

import dev.cached.fs.FileOps;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.InlineWriter;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The baseline: each client thread does its writes itself, temp + atomic replace with the same
 * retry policy as the daemon ({@link InlineWriter}), blocking while a target is held.
 */
final class DirectRunner {
  private DirectRunner() {}

  /**
   * What one direct run measured: its wall time, and the cores the benchmark's JVM kept busy over
   * it ({@link Cores}; -1 when the JVM cannot tell).
   */
  record Timing(double millis, double cores) {}

  /** Runs the scenario under {@code root}. */
  static Timing run(Scenario s, Path root, FileOps fs, RetryPolicy retry) throws Exception {
    InlineWriter writer = new InlineWriter(fs, retry, FsyncPolicy.NONE, Ticker.system());
    ExecutorService pool = Executors.newFixedThreadPool(s.clients(), r -> new Thread(r, "cached-bench-direct"));
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < s.clients(); c++) {
        int client = c;
        done.add(pool.submit(() -> {
          byte[] data = Payloads.of(s.size(), client);
          go.await();
          for (int i = 0; i < s.writes(); i++) {
            writer.write(root.resolve(s.path(client, i)), data, null);
          }
          return null;
        }));
      }
      long cpu0 = Cores.bench();
      long t0 = System.nanoTime();
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      double millis = (System.nanoTime() - t0) / 1e6;
      return new Timing(millis, Cores.of(Cores.delta(cpu0, Cores.bench()), millis));
    } finally {
      pool.shutdownNow();
    }
  }
}
