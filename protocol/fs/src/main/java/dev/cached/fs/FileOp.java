package dev.cached.fs;

import java.util.Locale;

/** The file-system steps of a write or delete, as named in errors, logs and status. */
public enum FileOp {
  MKDIR,
  TEMP_WRITE,
  FSYNC,
  REPLACE,
  DELETE;

  /** The lower-case, dashed name used in messages: {@code temp-write}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
