package dev.cached.client;

/**
 * One write, delete or replace as the caller asked for it, kept so that the fallback can redo it
 * when the daemon's fate for it is unknown.
 *
 * @param kind what to do
 * @param path the target, as the caller named it
 * @param data the bytes of a write (null otherwise)
 * @param from the caller's file for a replace (null otherwise)
 */
record PendingOp(Kind kind, String path, byte[] data, String from) {
  enum Kind {
    WRITE,
    DELETE,
    REPLACE;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static PendingOp write(String path, byte[] data) {
    return new PendingOp(Kind.WRITE, path, data, null);
  }

  static PendingOp delete(String path) {
    return new PendingOp(Kind.DELETE, path, null, null);
  }

  static PendingOp replace(String from, String path) {
    return new PendingOp(Kind.REPLACE, path, null, from);
  }

  /** Memory held for it: the payload plus a flat allowance for the entry itself. */
  long cost() {
    return (data == null ? 0 : data.length) + 128;
  }
}
