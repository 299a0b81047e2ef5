package dev.cached.fs;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Writes, replaces and deletes files in the caller's thread, retrying transient failures with the
 * {@link RetryPolicy} until its deadline. This is what a tool does without the daemon: the client
 * library's fallback and the benchmark's "direct" baseline. It blocks its caller while it retries,
 * which is exactly the cost the daemon removes.
 *
 * <p>Concurrency: thread-safe; calls on different targets may run in parallel.
 */
public final class InlineWriter {
  private final FileOps fs;
  private final RetryPolicy policy;
  private final FsyncPolicy fsync;
  private final Ticker ticker;

  public InlineWriter(FileOps fs, RetryPolicy policy, FsyncPolicy fsync, Ticker ticker) {
    this.fs = fs;
    this.policy = policy;
    this.fsync = fsync;
    this.ticker = ticker;
  }

  /** Atomically replaces {@code target} with {@code data}; throws after the deadline or on a hard error. */
  public void write(Path target, byte[] data, Integer mode) throws FileStepException, InterruptedException {
    long start = ticker.nanos();
    SplittableRandom random = new SplittableRandom();
    Path temp;
    for (int attempt = 1; ; attempt++) {
      try {
        temp = AtomicReplace.prepare(fs, target, data, mode, fsync);
        break;
      } catch (FileStepException e) {
        waitOrThrow(e, attempt, start, random); // on Windows a sharing violation on the temp is transient
      }
    }
    moveInto(temp, target);
  }

  /** Moves an existing file {@code source} onto {@code target} (the caller's own temp file). */
  public void replace(Path source, Path target) throws FileStepException, InterruptedException {
    moveInto(source, target);
  }

  /** Deletes {@code target}, retrying while it is held. */
  public void delete(Path target) throws FileStepException, InterruptedException {
    long start = ticker.nanos();
    SplittableRandom random = new SplittableRandom();
    for (int attempt = 1; ; attempt++) {
      try {
        AtomicReplace.delete(fs, target);
        return;
      } catch (FileStepException e) {
        waitOrThrow(e, attempt, start, random);
      }
    }
  }

  private void moveInto(Path temp, Path target) throws FileStepException, InterruptedException {
    long start = ticker.nanos();
    SplittableRandom random = new SplittableRandom();
    for (int attempt = 1; ; attempt++) {
      try {
        AtomicReplace.commit(fs, temp, target, fsync);
        return;
      } catch (FileStepException e) {
        try {
          waitOrThrow(e, attempt, start, random);
        } catch (FileStepException fatal) {
          FileStepException d = AtomicReplace.discard(fs, temp);
          if (d != null) {
            fatal.addSuppressed(d);
          }
          throw fatal;
        }
      }
    }
  }

  private void waitOrThrow(FileStepException e, int attempt, long start, SplittableRandom random)
      throws FileStepException, InterruptedException {
    if (!e.retryable()) {
      throw e;
    }
    long delay = policy.delayNanos(attempt, random);
    if (ticker.nanos() - start + delay > policy.deadline().toNanos()) {
      throw e;
    }
    TimeUnit.NANOSECONDS.sleep(delay);
  }
}
