package dev.cached.client;

import dev.cached.protocol.ErrorCode;
import java.io.IOException;

/** The daemon refused or failed a request; {@link #code()} is the protocol error code. */
public class CachedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public CachedException(ErrorCode code, String message) {
    super(code + ": " + message);
    this.code = code;
  }

  public CachedException(ErrorCode code, String message, Throwable cause) {
    super(code + ": " + message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
