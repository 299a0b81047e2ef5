package dev.cached.fs;

import java.util.Locale;

/** What is forced to the device before a write counts as done. */
public enum FsyncPolicy {
  /** Nothing: the rename is atomic but may be lost on power failure. The default (these are caches). */
  NONE("none"),
  /** The temp file's data before the rename. */
  FILE("file"),
  /** The temp file's data before, and the directory entry after, the rename. */
  FILE_DIR("file+dir");

  private final String wire;

  FsyncPolicy(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Parses {@code none}, {@code file} or {@code file+dir}. */
  public static FsyncPolicy parse(String text) {
    for (FsyncPolicy p : values()) {
      if (p.wire.equals(text.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("fsync : '" + text + "' (expected: none, file or file+dir)");
  }
}
