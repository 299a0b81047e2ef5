package dev.cached.daemon.lifecycle;

/** The daemon cannot start; the message says why and how to fix it. */
public final class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
