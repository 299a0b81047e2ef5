package dev.cached.daemon.write;

import dev.cached.protocol.ErrorCode;

/**
 * How a write, delete or replace ended. Every accepted op ends in exactly one outcome.
 *
 * @param kind what happened
 * @param code for {@link Kind#FAILED}: the protocol error code; else null
 * @param message for {@link Kind#FAILED}: path, step, attempts, elapsed time and OS reason
 */
public record Outcome(Kind kind, ErrorCode code, String message) {
  /** The ways an op ends. */
  public enum Kind {
    /** The target holds the op's bytes (or the moved file). */
    WRITTEN,
    /** The target is gone. */
    DELETED,
    /** A later accepted op on the same path replaced this one before it was applied, or while it retried. */
    SUPERSEDED,
    /** It failed; see code and message. */
    FAILED
  }

  static final Outcome WRITTEN = new Outcome(Kind.WRITTEN, null, null);
  static final Outcome DELETED = new Outcome(Kind.DELETED, null, null);
  static final Outcome SUPERSEDED = new Outcome(Kind.SUPERSEDED, null, null);

  public static Outcome failed(ErrorCode code, String message) {
    return new Outcome(Kind.FAILED, code, message);
  }

  public boolean failed() {
    return kind == Kind.FAILED;
  }

  /** The wire word for a durable answer: written, deleted or superseded. */
  public String wire() {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
