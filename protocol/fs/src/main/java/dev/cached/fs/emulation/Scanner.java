package dev.cached.fs.emulation;

import java.nio.file.Path;

/**
 * The other process of a {@link SharingEmulation}: a virus scanner, indexer or backup tool that
 * opens files without {@code FILE_SHARE_DELETE}. The emulation tells it what cached does; it answers
 * by holding paths ({@link SharingEmulation#hold}). Every method runs on the thread of the file
 * call, so implementations must be thread-safe.
 */
public interface Scanner {
  /** Before a replace of {@code target} with {@code source}: the moment to grab either of them. */
  default void beforeReplace(SharingEmulation fs, Path source, Path target) {}

  /** After {@code file} was created and written: scanners open new files to look at them. */
  default void created(SharingEmulation fs, Path file) {}

  /** After {@code file} stopped existing under its name (moved away or deleted). */
  default void gone(SharingEmulation fs, Path file) {}
}
