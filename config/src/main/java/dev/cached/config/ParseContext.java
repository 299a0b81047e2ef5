package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;
import java.nio.file.Path;

/**
 * What parsing a value may depend on besides its text.
 *
 * @param os the platform, for limits that differ (the socket path length)
 * @param home the user's home, for {@code ~/} expansion
 * @param relativeBase the directory a relative path resolves against, or null when relative
 *     paths are an error (file and environment values; flags resolve against the working directory)
 */
record ParseContext(DefaultPlaces.Os os, Path home, Path relativeBase) {
  /** The same context with another base for relative paths (null: relative paths are rejected). */
  ParseContext withRelativeBase(Path base) {
    return new ParseContext(os, home, base);
  }
}
