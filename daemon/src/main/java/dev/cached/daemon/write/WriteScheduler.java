package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.Delayer;
import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.stats.Stats;
import dev.cached.fs.FileOps;
import dev.cached.fs.FileStepException;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.Ticker;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies accepted ops to the file system: per-path lanes that run in parallel on the writer
 * executor, coalescing, supersession of retrying ops, retries parked on the {@link Delayer}, the
 * per-directory {@link Breakers}, and gates for ordered connections.
 *
 * <p>Guarantees (design contract 1-8): the last accepted op of a path is the last applied; a
 * pending op that a newer one overtakes is never applied (coalesced); a parked retrying op that a
 * newer one overtakes is dropped and its temp deleted (superseded); an op with a gate (from an
 * ordered connection) starts only after every earlier op of its connection is final.
 *
 * <p>Concurrency: callers submit from any thread (Netty event loops). Each {@link Lane} is guarded
 * by its own monitor; the lane map and the count of outstanding ops are concurrent. Steps ({@link
 * OpSteps}) run on the writer executor, at most one per lane at a time. Futures are completed outside every lane lock, so a
 * completion callback may submit or poke other lanes freely.
 */
public final class WriteScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(WriteScheduler.class);

  private final Executor writers;
  private final Delayer delayer;
  private final Ticker ticker;
  private final RetryPolicy retry;
  private final Breakers breakers;
  private final Stats stats;
  private final PendingBytes pendingBytes;
  private final OpSteps steps;

  private final Map<Path, Lane> lanes = new ConcurrentHashMap<>();
  /**
   * Ops accepted and not yet final. The ops themselves are found through their lanes ({@link
   * #outstanding}): a set of them cost the socket thread a hash insert and an identity hash per op
   * (about 5% of its CPU on a burst of 4 KiB writes).
   */
  private final AtomicInteger outstandingCount = new AtomicInteger();
  private final AtomicLong seq = new AtomicLong();

  public WriteScheduler(
      FileOps fs, Executor writers, Delayer delayer, Ticker ticker, RetryPolicy retry,
      FsyncPolicy fsync, Breakers breakers, LazyDeleter lazy, Stats stats, PendingBytes pendingBytes,
      ReleaseBehind release) {
    this.writers = writers;
    this.delayer = delayer;
    this.ticker = ticker;
    this.retry = retry;
    this.breakers = breakers;
    this.stats = stats;
    this.pendingBytes = pendingBytes;
    this.steps = new OpSteps(fs, fsync, release, lazy);
  }

  /**
   * What an op is, before it is accepted. {@code root} is the connection's root, for confinement
   * checks; {@code watcher} (or null) hears of the op's acceptance and end, and {@code requestId}
   * and {@code durable} are kept on the op for it.
   */
  public record Request(
      WriteOp.Kind kind, Path root, String path, Path target, Payload data, Path from, Integer mode,
      CompletableFuture<?> gate, String owner, WriteOp.Watcher watcher, long requestId, boolean durable) {

    /** A request nobody watches. */
    public Request(
        WriteOp.Kind kind, Path root, String path, Path target, Payload data, Path from, Integer mode,
        CompletableFuture<?> gate, String owner) {
      this(kind, root, path, target, data, from, mode, gate, owner, null, 0, false);
    }
  }

  /** A new lane for a target that has none (one function, not a capturing lambda per submit). */
  private final java.util.function.Function<Path, Lane> newLane = t -> new Lane(t, this);

  /**
   * Accepts an op: from this call on it is ordered after every op accepted before it on the same
   * path. Never blocks on the disk.
   */
  public WriteOp submit(Request r) {
    WriteOp op =
        new WriteOp(seq.incrementAndGet(), r.kind(), r.root(), r.path(), r.target(), r.data(),
            r.from(), r.mode(), ticker.nanos(), r.gate(), r.owner(), r.watcher(), r.requestId(), r.durable());
    op.data.handOver();
    stats.accepted(op.root, op.bytes());
    pendingBytes.add(op.bytes() + PendingBytes.OP_OVERHEAD);
    outstandingCount.incrementAndGet();
    if (op.watcher != null) {
      op.watcher.accepted(op);
    }
    WriteOp coalesced = null;
    WriteOp parked = null;
    while (true) {
      Lane lane = lanes.computeIfAbsent(r.target(), newLane);
      synchronized (lane) {
        if (lane.dead) {
          continue;
        }
        if (lane.pending != null) {
          coalesced = lane.pending;
          stats.coalesced();
        }
        lane.pending = op;
        if (lane.running != null && !lane.executing) {
          parked = lane.running;
          if (parked.timer != null) {
            parked.timer.cancel();
          }
          lane.running = null;
          stats.superseded();
        }
        maybeStart(lane);
        break;
      }
    }
    if (coalesced != null) {
      finish(coalesced, Outcome.SUPERSEDED, true);
    }
    if (parked != null) {
      finish(parked, Outcome.SUPERSEDED, true);
    }
    return op;
  }

  /**
   * Completes when every op outstanding at the time of the call is final: each lane's running and
   * pending op. An op a newer one has just coalesced or superseded, or whose last step has just
   * ended, has left its lane and may finish its bookkeeping (counters, its future, a temp's delete
   * queued to the writers) a moment after the barrier completes; it no longer touches its target.
   */
  public CompletableFuture<Void> barrier() {
    return CompletableFuture.allOf(outstanding().stream().map(WriteOp::done).toArray(CompletableFuture<?>[]::new));
  }

  /** Ops accepted and not yet final: each lane's running and pending op. */
  public List<WriteOp> outstanding() {
    List<WriteOp> out = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        if (lane.running != null) {
          out.add(lane.running);
        }
        if (lane.pending != null) {
          out.add(lane.pending);
        }
      }
    }
    return out;
  }

  /** Number of ops accepted and not yet final. */
  public int outstandingCount() {
    return outstandingCount.get();
  }

  public Breakers breakers() {
    return breakers;
  }

  /** Starts the pending op when nothing runs and its gate is open. */
  @GuardedBy("lane")
  private void maybeStart(Lane lane) {
    if (lane.running != null || lane.pending == null) {
      if (lane.idle()) {
        lane.dead = true;
        lanes.remove(lane.target, lane);
      }
      return;
    }
    WriteOp next = lane.pending;
    if (next.gate != null && !next.gate.isDone()) {
      if (lane.waitingOnGate != next) {
        lane.waitingOnGate = next;
        next.gate.whenComplete((x, t) -> poke(lane));
      }
      return;
    }
    lane.pending = null;
    lane.running = next;
    lane.executing = true;
    writers.execute(lane);
  }

  private void poke(Lane lane) {
    synchronized (lane) {
      if (!lane.dead) {
        maybeStart(lane);
      }
    }
  }

  /** Runs one attempt of {@code lane}'s running op on a writer thread ({@link Lane#run}). */
  void step(Lane lane) {
    WriteOp op;
    WriteOp overtaken = null;
    synchronized (lane) {
      op = lane.running;
      WriteOp next = lane.pending;
      if (op.attempts == 0 && next != null && (next.gate == null || next.gate.isDone())) {
        // The running op waited for a writer (behind other lanes, or while the intake went first)
        // and has not started: a newer op of its path came meanwhile, so it is as good as pending
        // and is coalesced. Without this, a path rewritten during a burst was written twice: its
        // first version, which was running from its submit on, and its last.
        overtaken = op;
        lane.running = next;
        lane.pending = null;
        op = next;
      }
    }
    if (overtaken != null) {
      stats.coalesced();
      finish(overtaken, Outcome.SUPERSEDED, false);
    }
    step(lane, op);
  }

  /** Runs one attempt of {@code op} on a writer thread. */
  private void step(Lane lane, WriteOp op) {
    long now = ticker.nanos();
    if (op.attempts == 0) {
      op.firstAttemptNanos = now;
    }
    op.attempts++;
    Path dir = op.dir();
    try {
      String open = breakers.check(dir, op.seq, now);
      if (open != null) {
        complete(lane, op, Outcome.failed(ErrorCode.BREAKER_OPEN, failureText(op, open, now)));
        return;
      }
      String escape = PathGuard.checkParents(op.rootPath, op.target);
      if (escape != null) {
        complete(lane, op, Outcome.failed(ErrorCode.OUTSIDE_ROOT, failureText(op, escape, now)));
        return;
      }
      Outcome outcome = steps.apply(op);
      breakers.recordSuccess(dir);
      complete(lane, op, outcome);
    } catch (FileStepException e) {
      op.lastError = e.getMessage();
      steps.releaseAll(); // old versions not yet freed hold space: a full disk may need it back
      if (e.retryable()) {
        long delay = retry.delayNanos(op.attempts, new SplittableRandom(op.seq ^ op.attempts));
        if (now - op.firstAttemptNanos + delay <= retry.deadline().toNanos()) {
          stats.retried();
          LOG.debug("retry: {} {} attempt {} failed after {} ms ({}); next in {} ms", op.opName(), op.target,
              op.attempts, (now - op.firstAttemptNanos) / 1_000_000, e.reason(), delay / 1_000_000);
          park(lane, op, delay);
          return;
        }
        complete(lane, op, Outcome.failed(ErrorCode.RETRY_DEADLINE, failureText(op, e.getMessage(), now)));
        return;
      }
      breakers.recordHard(dir, op.seq, e.getMessage(), now);
      complete(lane, op, Outcome.failed(ErrorCode.IO_ERROR, failureText(op, e.getMessage(), now)));
    } catch (RuntimeException e) {
      LOG.error("internal: {} {} failed unexpectedly", op.opName(), op.target, e);
      complete(lane, op, Outcome.failed(ErrorCode.INTERNAL, failureText(op, e.toString(), now)));
    }
  }

  private String failureText(WriteOp op, String reason, long now) {
    return op.opName() + " " + op.target + ": " + reason + " (attempts " + op.attempts + ", "
        + (now - op.firstAttemptNanos) / 1_000_000 + " ms)";
  }

  /** Parks a transiently failed op on the delayer, unless a newer op is already waiting. */
  private void park(Lane lane, WriteOp op, long delay) {
    boolean superseded = false;
    synchronized (lane) {
      lane.executing = false;
      if (lane.pending != null) {
        lane.running = null;
        superseded = true;
        maybeStart(lane);
      } else {
        op.timer = delayer.schedule(() -> resume(lane, op), delay);
      }
    }
    if (superseded) {
      stats.superseded();
      finish(op, Outcome.SUPERSEDED, true);
    }
  }

  private void resume(Lane lane, WriteOp op) {
    synchronized (lane) {
      if (lane.running != op || lane.executing) {
        return; // superseded while parked
      }
      op.timer = null;
      lane.executing = true;
    }
    writers.execute(lane);
  }

  private void complete(Lane lane, WriteOp op, Outcome outcome) {
    synchronized (lane) {
      lane.executing = false;
      lane.running = null;
      maybeStart(lane);
    }
    finish(op, outcome, false);
  }

  /**
   * Makes {@code op} final: deletes what it leaves behind (its temp, or a replace's source when it
   * was not moved), counts, logs and completes its future. Called outside every lane lock.
   */
  private void finish(WriteOp op, Outcome outcome, boolean fromSubmitter) {
    Path leftover = op.temp != null ? op.temp : (op.kind == WriteOp.Kind.REPLACE && outcome.kind() != Outcome.Kind.WRITTEN ? op.from : null);
    op.temp = null;
    op.data.release();
    if (leftover != null) {
      if (fromSubmitter) {
        writers.execute(() -> steps.discard(leftover));
      } else {
        steps.discard(leftover);
      }
    }
    switch (outcome.kind()) {
      case WRITTEN:
        stats.written(op.root, ticker.nanos() - op.acceptedNanos);
        break;
      case DELETED:
        stats.deleted(op.root, ticker.nanos() - op.acceptedNanos);
        break;
      case FAILED:
        stats.failed(op.root);
        LOG.warn("failed: {} {} [{}] {}", op.opName(), op.target, outcome.code(), outcome.message());
        break;
      default:
        break;
    }
    breakers.releaseProbe(op.dir(), op.seq);
    outstandingCount.decrementAndGet();
    pendingBytes.remove(op.bytes() + PendingBytes.OP_OVERHEAD);
    op.complete(outcome);
  }

  /** A retrying op, for status. */
  public record Retrying(String path, String op, int attempts, long ageNanos, String lastError) {}

  /** Ops that have failed at least once and wait for their next attempt. */
  public List<Retrying> retrying() {
    long now = ticker.nanos();
    List<Retrying> out = new ArrayList<>();
    for (WriteOp op : outstanding()) {
      String err = op.lastError;
      if (err != null && op.attempts > 0) {
        out.add(new Retrying(op.target.toString(), op.opName(), op.attempts, now - op.acceptedNanos, err));
      }
    }
    out.sort((a, b) -> Long.compare(b.ageNanos(), a.ageNanos()));
    return out;
  }
}
