package dev.cached.protocol;

/**
 * The error codes of protocol v1. Each is documented in {@code protocol/PROTOCOL.md}; a code is
 * either request-level (the connection stays usable) or stream-level (answered if possible, then
 * the connection is closed).
 */
public enum ErrorCode {
  /** The byte stream cannot be read as frames (bad length, header not a JSON object). Closes. */
  BAD_FRAME,
  /** A header or payload exceeds its limit. Closes, since the rest of the frame is not read. */
  TOO_LARGE,
  /** A field is missing or has the wrong type or value. */
  BAD_REQUEST,
  /** The op is not one this server knows. */
  UNKNOWN_OP,
  /** A write, delete or replace on a connection whose hello bound no root; or a request before hello. */
  NOT_BOUND,
  /** The path resolves outside the bound root (a {@code ..}, an absolute path, a symlink). */
  OUTSIDE_ROOT,
  /** The path is not acceptable as a file name (empty, control characters, reserved names, too long). */
  BAD_PATH,
  /** The root in hello may not be bound (not absolute, a file-system root, home, not allowed by config). */
  ROOT_NOT_ALLOWED,
  /** The hello asked for a protocol version this server does not speak. */
  PROTOCOL_VERSION,
  /** The daemon is shutting down and accepts no new work. */
  SHUTTING_DOWN,
  /** Too many connections or too many pending requests on this connection. */
  BUSY,
  /** A flush did not complete within its timeout. */
  TIMEOUT,
  /** A write or delete failed with a hard file-system error. */
  IO_ERROR,
  /** A write or delete kept failing with transient errors until its retry deadline passed. */
  RETRY_DEADLINE,
  /** A write or delete was failed fast because its directory's breaker is open. */
  BREAKER_OPEN,
  /**
   * A TCP connection's first frame was not a hello with the cookie of the daemon's endpoint file
   * (missing, wrong, from an earlier start, or not a string). Closes; nothing was served.
   */
  NOT_AUTHORIZED,
  /** The daemon hit an unexpected internal error handling this request. */
  INTERNAL;

  /** Parses a code received on the wire; unknown codes (from a newer server) map to {@link #INTERNAL}. */
  public static ErrorCode parse(String text) {
    for (ErrorCode c : values()) {
      if (c.name().equals(text)) {
        return c;
      }
    }
    return INTERNAL;
  }
}
