package dev.cached.daemon.write;

import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.fs.AtomicReplace;
import dev.cached.fs.FileOps;
import dev.cached.fs.FileStepException;
import dev.cached.fs.FsyncPolicy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What one attempt of an op does to the disk, and what a dropped op leaves behind: a write's temp
 * file written beside the target and renamed over it, a replace's source renamed, a delete, each
 * with the target's old version kept open and freed behind ({@link ReleaseBehind}); a leftover temp
 * or source deleted, or handed to the {@link LazyDeleter} when it cannot be yet. The {@link
 * WriteScheduler} decides when, and what a failure means.
 *
 * <p>Concurrency: called on writer threads (a discard also on a submitting thread's behalf, queued
 * to the writers); one step per lane at a time. Holds no state of its own.
 */
final class OpSteps {
  private final FileOps fs;
  private final FsyncPolicy fsync;
  private final ReleaseBehind release;
  private final LazyDeleter lazy;

  OpSteps(FileOps fs, FsyncPolicy fsync, ReleaseBehind release, LazyDeleter lazy) {
    this.fs = fs;
    this.fsync = fsync;
    this.release = release;
    this.lazy = lazy;
  }

  /** One attempt of {@code op}; a write keeps its temp in {@code op.temp} until the rename succeeds. */
  Outcome apply(WriteOp op) throws FileStepException {
    switch (op.kind) {
      case WRITE:
        FileOps.Found found = FileOps.Found.UNKNOWN;
        if (op.temp == null) {
          FileOps.Look look = op.mode == null ? look(op.target) : null;
          if (look != null) {
            found = look.found();
            op.temp = AtomicReplace.prepareLooked(fs, op.target, op.data.buffers(), look.mode(), fsync);
          } else {
            op.temp = AtomicReplace.prepare(fs, op.target, op.data.buffers(), op.mode, fsync);
          }
          op.data.release(); // the temp holds the bytes now; a retried commit does not need them
        }
        replaceOld(op, found, () -> AtomicReplace.commit(fs, op.temp, op.target, fsync));
        op.temp = null;
        return Outcome.WRITTEN;
      case REPLACE:
        replaceOld(op, FileOps.Found.UNKNOWN, () -> AtomicReplace.commit(fs, op.from, op.target, fsync));
        return Outcome.WRITTEN;
      case DELETE:
        replaceOld(op, FileOps.Found.UNKNOWN, () -> AtomicReplace.delete(fs, op.target));
        return Outcome.DELETED;
      default:
        throw new IllegalStateException("kind : " + op.kind);
    }
  }

  /** A step that replaces or removes {@code op}'s target. */
  private interface TargetStep {
    void run() throws FileStepException;
  }

  /**
   * The target's mode and what is there, from one lookup that serves both the temp's mode and
   * {@link #replaceOld}; null when the lookup failed, so that {@link AtomicReplace#prepare} looks
   * again and reports the failure as it always has.
   */
  private FileOps.Look look(Path target) {
    try {
      return fs.look(target);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Runs {@code step} with the target's current file kept open, and leaves closing it (which frees
   * the old version) to {@link ReleaseBehind}. After a failed step the file is still in place and
   * closing it frees nothing; the failure's {@link ReleaseBehind#releaseAll} closes it at once.
   * {@code found} is what this attempt's {@link FileOps#look} found there, so a regular file is
   * opened without looking again and nothing is not looked for.
   */
  private void replaceOld(WriteOp op, FileOps.Found found, TargetStep step) throws FileStepException {
    Closeable old = switch (found) {
      case REGULAR -> fs.retainFound(op.target);
      case NOTHING, OTHER -> null;
      case UNKNOWN -> fs.retain(op.target);
    };
    try {
      step.run();
    } finally {
      release.later(op.target, old);
    }
  }

  /** Closes every old version kept open now: a failed step (a full disk) may need the space back. */
  void releaseAll() {
    release.releaseAll();
  }

  /** Deletes a leftover temp or source, or leaves it to the lazy deleter. */
  void discard(Path temp) {
    FileStepException e = AtomicReplace.discard(fs, temp);
    if (e != null) {
      lazy.add(temp, e.reason());
    }
  }
}
