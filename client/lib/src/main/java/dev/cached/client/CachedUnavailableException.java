package dev.cached.client;

import dev.cached.protocol.ErrorCode;

/** The daemon cannot be reached, or the connection to it broke; requests in flight have an unknown fate. */
public final class CachedUnavailableException extends CachedException {
  private static final long serialVersionUID = 1L;

  public CachedUnavailableException(String message, Throwable cause) {
    super(ErrorCode.INTERNAL, message, cause);
  }

  @Override
  public String getMessage() {
    return "daemon unavailable: " + super.getMessage().substring(ErrorCode.INTERNAL.name().length() + 2);
  }
}
