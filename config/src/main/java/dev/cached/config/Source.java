package dev.cached.config;

import java.nio.file.Path;

/**
 * Where a value came from.
 *
 * @param describe for the provenance listing: {@code default}, {@code file <path>}, {@code env
 *     CACHED_X} or {@code flag --x}
 * @param from for error messages, after "from": the file's path, {@code env CACHED_X} or {@code
 *     flag --x}
 */
record Source(String describe, String from) {
  static final Source DEFAULT = new Source("default", "default");

  static Source file(Path file) {
    return new Source("file " + file, file.toString());
  }

  static Source env(String variable) {
    return new Source("env " + variable, "env " + variable);
  }

  static Source flag(String key) {
    return new Source("flag --" + key, "flag --" + key);
  }
}
