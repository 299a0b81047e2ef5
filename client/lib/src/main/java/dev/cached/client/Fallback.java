package dev.cached.client;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.FileOps;
import dev.cached.fs.FileStepException;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.InlineWriter;
import dev.cached.fs.RealFileOps;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.Ticker;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does an operation without the daemon: through the shared {@link InlineWriter} (temp beside the
 * target, atomic replace, the daemon's error classifier and backoff, cut to a short deadline) in
 * {@link FallbackMode#INLINE}, or not at all in {@link FallbackMode#SKIP}. Never throws: a failure
 * is kept for the next {@link #drain()}, as the daemon keeps it for the next flush.
 *
 * <p>Concurrency: thread-safe. Operations on different paths run in parallel in their callers'
 * threads; each blocks its caller for at most the retry deadline.
 */
final class Fallback {
  private final Path root;
  private final FallbackMode mode;
  private final InlineWriter writer;
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  @GuardedBy("failures")
  private final List<Failure> failures = new ArrayList<>();

  Fallback(Path root, FallbackMode mode, Duration deadline) {
    this(root, mode, deadline, RealFileOps.INSTANCE);
  }

  /** Over {@code files}: the real file system, or in tests the fs test-jar's Windows emulation. */
  Fallback(Path root, FallbackMode mode, Duration deadline, FileOps files) {
    this.root = root;
    this.mode = mode;
    this.writer = new InlineWriter(files, RetryPolicy.DAEMON_DEFAULT.withDeadline(deadline),
        FsyncPolicy.NONE, Ticker.system());
  }

  FallbackMode mode() {
    return mode;
  }

  /**
   * Does {@code op}. With {@code redo}, the op was sent to a daemon that died before confirming it:
   * a replace whose file is gone was already moved by the daemon, and counts as done.
   */
  void apply(PendingOp op, boolean redo) {
    done.incrementAndGet();
    if (mode == FallbackMode.SKIP) {
      skipped.incrementAndGet();
      return;
    }
    try {
      Path target = RootPaths.resolve(root, op.path());
      switch (op.kind()) {
        case WRITE:
          writer.write(target, op.data(), null);
          break;
        case DELETE:
          writer.delete(target);
          break;
        case REPLACE:
          Path from = replaceSource(op, target, redo);
          if (from != null) {
            writer.replace(from, target);
          }
          break;
        default:
          throw new AssertionError(op.kind());
      }
    } catch (CachedException e) {
      fail(op, e.code(), e.getMessage().substring(e.code().name().length() + 2));
    } catch (FileStepException e) {
      fail(op, e.retryable() ? ErrorCode.RETRY_DEADLINE : ErrorCode.IO_ERROR, e.getMessage() + " (in-process fallback)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(op, ErrorCode.INTERNAL, "interrupted during the in-process fallback; the target holds its previous content");
    }
  }

  private Path replaceSource(PendingOp op, Path target, boolean redo) throws CachedException {
    Path from = RootPaths.resolve(root, op.from());
    if (!from.getParent().equals(target.getParent())) {
      throw new CachedException(ErrorCode.BAD_PATH, "from '" + op.from() + "': not in the target's directory " + target.getParent());
    }
    if (!Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
      if (redo && !Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
        return null; // the daemon moved it before it died
      }
      throw new CachedException(ErrorCode.BAD_PATH, "from '" + op.from() + "': not a regular file");
    }
    return from;
  }

  private void fail(PendingOp op, ErrorCode code, String message) {
    synchronized (failures) {
      failures.add(new Failure(op.path(), op.kind().wire(), code, message));
    }
  }

  /** Operations done or dropped since the last drain, and the failures among them. */
  FlushResult drain() {
    List<Failure> f;
    synchronized (failures) {
      f = new ArrayList<>(failures);
      failures.clear();
    }
    return new FlushResult(done.getAndSet(0), f);
  }

  /** Operations dropped in {@link FallbackMode#SKIP}, in total. */
  long skipped() {
    return skipped.get();
  }
}
