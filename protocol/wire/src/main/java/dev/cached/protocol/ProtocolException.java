package dev.cached.protocol;

/**
 * A protocol violation found while decoding or parsing a request. {@link #fatal()} tells whether the
 * byte stream can still be read after it: a fatal error is answered if possible and the connection
 * closed; a non-fatal one answers one request and the connection goes on.
 */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final boolean fatal;
  private final Long id;

  public ProtocolException(ErrorCode code, String message, boolean fatal, Long id) {
    super(message);
    this.code = code;
    this.fatal = fatal;
    this.id = id;
  }

  /** A stream-level error: the connection cannot be read further. */
  public static ProtocolException fatal(ErrorCode code, String message) {
    return new ProtocolException(code, message, true, null);
  }

  /** A request-level error for request {@code id} (may be null when the id itself was unreadable). */
  public static ProtocolException request(ErrorCode code, Long id, String message) {
    return new ProtocolException(code, message, false, id);
  }

  public ErrorCode code() {
    return code;
  }

  public boolean fatal() {
    return fatal;
  }

  /** The id of the request this error answers, or null when it answers none. */
  public Long id() {
    return id;
  }
}
