package dev.cached.daemon.write;

import dev.cached.fs.Delayer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted write, delete or replace of one target.
 *
 * <p>Concurrency: the final fields are set before the op is published to its lane. The mutable
 * fields ({@link #attempts}, {@link #temp}, {@link #lastError}, {@link #firstAttemptNanos}, {@link
 * #timer}) are guarded by the lock of the op's {@link Lane}, or owned by the one writer thread that
 * runs the op's current step (a lane runs at most one step at a time).
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
  /** Completes with the op's outcome; completed exactly once. */
  final CompletableFuture<Outcome> done = new CompletableFuture<>();
  /** For ordered connections: completes when every earlier op of the connection is final; else null. */
  final CompletableFuture<?> gate;
  /** Completes when this op and every earlier op of its ordered connection is final. */
  final CompletableFuture<?> chain;
  final String owner;

  volatile int attempts;
  long firstAttemptNanos;
  volatile String lastError;
  Path temp;
  Delayer.Cancellable timer;
  /** {@link #target}'s directory, see {@link #dir()}. */
  private Path dir;

  WriteOp(
      long seq, Kind kind, Path root, String path, Path target, Payload data, Path from,
      Integer mode, long acceptedNanos, CompletableFuture<?> gate, String owner) {
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
    this.chain = gate == null ? done : CompletableFuture.allOf(gate, done);
    this.owner = owner;
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

  public CompletableFuture<Outcome> done() {
    return done;
  }

  /** For the next op of an ordered connection: its gate. */
  public CompletableFuture<?> chain() {
    return chain;
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
