package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.nio.file.Path;

/**
 * The queue of one target path: at most one op running (a step executing, or parked waiting for a
 * retry) and at most one op pending. A newer op replaces the pending one (coalescing) and, when the
 * running op is parked, supersedes it too; so the lane never holds more than two ops, and the last
 * accepted op is always the last applied.
 *
 * <p>A lane is also the writer task of its running op ({@link #run}): a lane has at most one step
 * queued or running, so no task object is made per step.
 *
 * <p>Concurrency: every field is guarded by the lane's monitor ({@code synchronized (lane)}). No
 * file-system call and no future completion happens while holding it.
 */
final class Lane implements Runnable {
  final Path target;
  /** The hash of the target's directory, which picks the writer of this lane's steps ({@link WriterPool}). */
  final int dirHash;
  private final WriteScheduler scheduler;
  @GuardedBy("this")
  WriteOp running;
  /** True while a step of {@link #running} runs on a writer thread. */
  @GuardedBy("this")
  boolean executing;
  @GuardedBy("this")
  WriteOp pending;
  /** The pending op whose gate we already wait on. */
  @GuardedBy("this")
  WriteOp waitingOnGate;
  /** Removed from the scheduler's map; a submitter must fetch a new lane. */
  @GuardedBy("this")
  boolean dead;

  Lane(Path target, WriteScheduler scheduler) {
    this.target = target;
    this.dirHash = WriterPool.dirHash(target.getParent());
    this.scheduler = scheduler;
  }

  /** One step of the running op, on a writer thread. */
  @Override
  public void run() {
    scheduler.step(this);
  }

  @GuardedBy("this")
  boolean idle() {
    return running == null && pending == null;
  }
}
