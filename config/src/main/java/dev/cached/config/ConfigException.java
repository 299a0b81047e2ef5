package dev.cached.config;

/** A config value that cannot be used; the message names the key, the value, the source and what is allowed. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
