package dev.cached.config;

/** A raw value that a {@link ValueType} rejects; {@link #expected} says what is allowed. */
final class BadValue extends Exception {
  private static final long serialVersionUID = 1L;

  BadValue(String expected) {
    super(expected, null, false, false);
  }

  /** What would have been accepted, for the "(expected: …)" part of the message. */
  String expected() {
    return getMessage();
  }
}
