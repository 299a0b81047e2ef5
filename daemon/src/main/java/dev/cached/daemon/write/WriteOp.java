package dev.cached.daemon.write;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.Delayer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted write, delete or replace of one target.
 *
 * <p>Concurrency: the final fields are set before the op is published to its lane. The mutable
 * fields ({@link #attempts}, {@link #temp}, {@link #lastError}, {@link #firstAttemptNanos}, {@link
 * #timer}) are guarded by the lock of the op's {@link Lane}, or owned by the one writer thread that
 * runs the op's current step (a lane runs at most one step at a time). {@link #done()} and the
 * outcome are guarded by the op's own monitor; the links of its connection's {@link OpList} by
 * that list's.
 *
 * <p>Memory: a burst queues tens of thousands of ops, and every one of them is copied by each
 * young collection while it waits; so an op allocates nothing it may not need. Its future is made
 * only when someone asks for it ({@link #done()}), its submitter hears of its end through a
 * {@link Watcher} it passes once, not through a callback object per op, and its connection keeps it
 * in a list linked through the op itself.
 */
public final class WriteOp {
  /** What the op does. */
  public enum Kind {
    WRITE,
    DELETE,
    REPLACE
  }

  final long seq;
  final Kind kind;
  final String root;
  /** {@link #root} as a path, for the confinement check of every step. */
  final Path rootPath;
  final String path;
  final Path target;
  /** The bytes of a write, released once its temp holds them or it is final; {@link Payload#EMPTY} otherwise. */
  final Payload data;
  final Path from;
  final Integer mode;
  final long acceptedNanos;
  /** For ordered connections: completes when every earlier op of the connection is final; else null. */
  final CompletableFuture<?> gate;
  final String owner;
  /** Told when the op is accepted and when it is final; null when nobody listens. */
  final Watcher watcher;
  /** The submitter's number for the op (the request id on the wire), for its {@link #watcher}. */
  final long requestId;
  /** The submitter answers when the op is final (not when it is accepted), for its {@link #watcher}. */
  final boolean durable;

  /** Made on demand by {@link #done()}; null while nobody asked. */
  @GuardedBy("this")
  private CompletableFuture<Outcome> done;
  /** Set once, when the op is final. */
  @GuardedBy("this")
  private Outcome outcome;
  /** Made on demand by {@link #chain()}. */
  @GuardedBy("this")
  private CompletableFuture<?> chain;

  /** The op's place in its connection's {@link OpList}; guarded by that list's monitor. */
  WriteOp listPrev;
  WriteOp listNext;
  boolean listed;

  /**
   * Told of an op's life by the scheduler: {@link #accepted} on the submitting thread before the op
   * can run, {@link #finished} once, when it is final, on whatever thread made it so, outside every
   * lane lock and before its {@link #done()} future completes.
   */
  public interface Watcher {
    void accepted(WriteOp op);

    void finished(WriteOp op, Outcome outcome);
  }

  volatile int attempts;
  long firstAttemptNanos;
  volatile String lastError;
  Path temp;
  Delayer.Cancellable timer;
  /** {@link #target}'s directory, see {@link #dir()}. */
  private Path dir;

  WriteOp(
      long seq, Kind kind, Path root, String path, Path target, Payload data, Path from,
      Integer mode, long acceptedNanos, CompletableFuture<?> gate, String owner, Watcher watcher,
      long requestId, boolean durable) {
    this.seq = seq;
    this.kind = kind;
    this.root = root.toString();
    this.rootPath = root;
    this.path = path;
    this.target = target;
    this.data = data == null ? Payload.EMPTY : data;
    this.from = from;
    this.mode = mode;
    this.acceptedNanos = acceptedNanos;
    this.gate = gate;
    this.owner = owner;
    this.watcher = watcher;
    this.requestId = requestId;
    this.durable = durable;
  }

  public long seq() {
    return seq;
  }

  public Kind kind() {
    return kind;
  }

  /** The path as the client sent it, relative to its root. */
  public String path() {
    return path;
  }

  public Path target() {
    return target;
  }

  /** When the op was accepted, on the scheduler's ticker. */
  public long acceptedNanos() {
    return acceptedNanos;
  }

  /** Completes with the op's outcome (already complete when the op is final). */
  public synchronized CompletableFuture<Outcome> done() {
    if (done == null) {
      done = outcome == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(outcome);
    }
    return done;
  }

  /** Completes when this op and every earlier op of its ordered connection is final: the next op's gate. */
  public synchronized CompletableFuture<?> chain() {
    if (chain == null) {
      chain = gate == null ? done() : CompletableFuture.allOf(gate, done());
    }
    return chain;
  }

  /** The submitter's number for the op (the request id on the wire). */
  public long requestId() {
    return requestId;
  }

  /** True when the submitter answers once the op is final. */
  public boolean durable() {
    return durable;
  }

  /** Makes the op final: its watcher hears first, then {@link #done()} completes. Called once. */
  void complete(Outcome o) {
    CompletableFuture<Outcome> d;
    synchronized (this) {
      outcome = o;
      d = done;
    }
    if (watcher != null) {
      watcher.finished(this, o);
    }
    if (d != null) {
      d.complete(o);
    }
  }

  /** True when an attempt failed transiently and the op waits for its next one. */
  public boolean isRetrying() {
    return attempts > 0 && lastError != null;
  }

  /**
   * The target's directory, made once for all steps and the op's end: the breaker's key, and the
   * directory the confinement check looks at. Mostly the writer thread takes it; the submitter may
   * too, finishing a superseded op. Two threads taking it at once make equal paths, and a path is
   * immutable, so a racy read sees a whole one and the field needs no lock.
   */
  Path dir() {
    Path d = dir;
    if (d == null) {
      d = target.getParent();
      dir = d;
    }
    return d;
  }

  long bytes() {
    return data.size();
  }

  /** Op name as on the wire. */
  public String opName() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
