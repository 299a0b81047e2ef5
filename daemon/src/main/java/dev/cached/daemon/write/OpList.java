package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ops of one connection that are not final yet, oldest first, and the flushes waiting for
 * them. Linked through the ops themselves ({@link WriteOp#listPrev}, {@link WriteOp#listNext}), so
 * keeping an op here allocates nothing: a burst of queued writes holds tens of thousands of them,
 * and each young collection copies whatever they hold.
 *
 * <p>Ops must be added in the order the scheduler numbered them ({@link WriteOp#seq}), as one
 * connection's submissions are: then the first op is the oldest, and "every op added before this
 * flush is final" is "the first op is newer than the last one added then".
 *
 * <p>Concurrency: thread-safe, guarded by the instance monitor (which also guards the ops' links);
 * futures are completed outside it.
 */
public final class OpList {
  private record Waiter(long lastSeq, CompletableFuture<Void> done) {}

  @GuardedBy("this")
  private WriteOp first;
  @GuardedBy("this")
  private WriteOp last;
  @GuardedBy("this")
  private int size;
  /** Flushes in the order they came, so by {@link Waiter#lastSeq}, ascending. */
  @GuardedBy("this")
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /** Appends {@code op}, which is newer than every op added before. */
  public synchronized void add(WriteOp op) {
    if (op.listed) {
      throw new IllegalStateException("op " + op.seq + " : already listed");
    }
    if (last != null && op.seq <= last.seq) {
      throw new IllegalStateException("op " + op.seq + " : added after op " + last.seq + " (expected: newer)");
    }
    op.listed = true;
    op.listPrev = last;
    op.listNext = null;
    if (last == null) {
      first = op;
    } else {
      last.listNext = op;
    }
    last = op;
    size++;
  }

  /** Removes {@code op} (nothing when it is not here) and completes the flushes it was the last wait of. */
  public void remove(WriteOp op) {
    List<CompletableFuture<Void>> ready = null;
    synchronized (this) {
      if (!op.listed) {
        return;
      }
      boolean wasFirst = op == first;
      if (op.listPrev == null) {
        first = op.listNext;
      } else {
        op.listPrev.listNext = op.listNext;
      }
      if (op.listNext == null) {
        last = op.listPrev;
      } else {
        op.listNext.listPrev = op.listPrev;
      }
      op.listPrev = null;
      op.listNext = null;
      op.listed = false;
      size--;
      if (wasFirst) {
        long oldest = first == null ? Long.MAX_VALUE : first.seq;
        while (!waiters.isEmpty() && waiters.peekFirst().lastSeq() < oldest) {
          if (ready == null) {
            ready = new ArrayList<>(2);
          }
          ready.add(waiters.pollFirst().done());
        }
      }
    }
    if (ready != null) {
      ready.forEach(f -> f.complete(null));
    }
  }

  /** Completes when every op added before this call is removed (at once when there is none). */
  public synchronized CompletableFuture<Void> whenDone() {
    if (last == null) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiters.addLast(new Waiter(last.seq, f));
    return f;
  }

  /** The oldest op, or null. */
  public synchronized WriteOp oldest() {
    return first;
  }

  public synchronized int size() {
    return size;
  }
}
