package dev.cached.protocol;

/** When a write, delete or replace is answered. */
public enum Ack {
  /** Answered as soon as the daemon has accepted (queued) the request. The default. */
  QUEUED,
  /** Answered once the request is final: the target holds the bytes (or is gone), or it failed. */
  DURABLE;

  /** The wire spelling, {@code "queued"} or {@code "durable"}. */
  public String wire() {
    return this == QUEUED ? "queued" : "durable";
  }
}
