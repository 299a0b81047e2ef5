package dev.cached.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark's work between timed phases: making targets and deleting a finished scenario's
 * files run in the background, overlapping each other and the untimed waits (the idle-memory
 * reading, a daemon's start and warm-up). {@link #settle()} ends it all before a timed phase starts,
 * and writes dirty pages out, so that neither the background work nor the previous phase's
 * writeback (same disk, same cores) is charged to the next phase.
 *
 * <p>Concurrency: called from the benchmark's main thread only; the tasks run on two
 * {@code cached-bench-untimed} threads. At most {@link #MAX_PENDING} tasks wait: {@link #settle()}
 * runs before every timed phase, and each untimed stretch hands over a few.
 */
final class Untimed implements AutoCloseable {
  private static final int MAX_PENDING = 16;
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(MAX_PENDING), r -> {
        Thread t = new Thread(r, "cached-bench-untimed");
        t.setDaemon(true);
        return t;
      });
  private final List<Future<?>> pending = new ArrayList<>();

  /** Runs {@code task} in the background; its failure surfaces at the next {@link #settle()}. */
  void later(Callable<?> task) {
    pending.add(pool.submit(task));
  }

  /** Deletes {@code root} and everything under it, in the background. */
  void deleteLater(Path root) {
    later(() -> {
      deleteTree(root);
      return null;
    });
  }

  /** Waits for the background work, then writes dirty pages out: the disk is quiet for the next timed phase. */
  void settle() throws IOException, InterruptedException {
    try {
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException("bench setup failed: " + e.getCause(), e.getCause());
    } finally {
      pending.clear();
    }
    sync();
    jitSettle();
  }

  /** How long this JVM's JIT must have compiled nothing before a timed phase starts. */
  private static final long JIT_QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  /** The longest {@link #jitSettle} waits: a compiler that never goes quiet only costs this much. */
  private static final long JIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);

  /**
   * Waits until this JVM's JIT compiler has been idle for {@link #JIT_QUIET_NANOS} (at most {@link
   * #JIT_WAIT_NANOS}): the compiles a phase queued would otherwise take a core from the next one's
   * clients and from the daemon. On 2 cores the benchmark's own C2 thread took seconds of CPU in a
   * run, much of it inside timed phases.
   */
  private static void jitSettle() throws InterruptedException {
    awaitQuiet(Untimed::jitMillis, 20);
  }

  /** This JVM's JIT compile time so far, in ms, or -1 where the JVM cannot tell. */
  static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  /**
   * Waits until {@code total} (a JIT's compile time so far, or -1: nothing to wait for) has not
   * grown for {@link #JIT_QUIET_NANOS}, looking every {@code everyMillis}; at most {@link
   * #JIT_WAIT_NANOS}.
   */
  static void awaitQuiet(java.util.function.LongSupplier total, long everyMillis) throws InterruptedException {
    long start = System.nanoTime();
    long last = total.getAsLong();
    long quietSince = start;
    while (last >= 0 && System.nanoTime() - start < JIT_WAIT_NANOS) {
      Thread.sleep(everyMillis); // polling with a deadline: a JIT has no completion signal
      long now = System.nanoTime();
      long t = total.getAsLong();
      if (t != last) {
        last = t;
        quietSince = now;
      } else if (now - quietSince >= JIT_QUIET_NANOS) {
        return;
      }
    }
  }


  @Override
  public void close() throws IOException {
    try {
      settle();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs the system's {@code sync}; where there is none (Windows), the phases are timed unsettled. */
  private static void sync() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      // no sync command: nothing to settle with
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
