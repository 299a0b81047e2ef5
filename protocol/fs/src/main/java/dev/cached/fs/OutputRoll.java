package dev.cached.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a process's redirected output file ({@code daemon.out}, {@code <socket>.autostart.out})
 * small: past a size it moves to {@code <name>.1}, replacing the previous one.
 *
 * <p>A running process may hold the file open for appending, as a child's redirected output: Java
 * opens it so on Windows without {@code FILE_SHARE_DELETE}, and there the move fails. The file is
 * then copied to {@code <name>.1} and cut to nothing in place (what logrotate calls copytruncate):
 * the writer appends, so its next line lands at the new start. Lines written between the copy and
 * the cut are lost; for a file that holds crash notices and start failures that is acceptable.
 *
 * <p>Concurrency: callers roll one file from one thread (a start holds the instance's lock).
 */
public final class OutputRoll {
  /** Moves a file; the seam where a test makes the move fail as Windows does. */
  interface Mover {
    void move(Path from, Path to) throws IOException;
  }

  private OutputRoll() {}

  /** The file {@code file} is rolled to: {@code daemon.out.1}. */
  public static Path rolled(Path file) {
    return file.resolveSibling(file.getFileName() + ".1");
  }

  /** Rolls {@code file} when it is larger than {@code maxBytes}; returns whether it did. */
  public static boolean roll(Path file, long maxBytes) throws IOException {
    return roll(file, maxBytes, (from, to) -> Files.move(from, to, StandardCopyOption.REPLACE_EXISTING));
  }

  static boolean roll(Path file, long maxBytes, Mover mover) throws IOException {
    try {
      if (Files.size(file) <= maxBytes) {
        return false;
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    try {
      mover.move(file, rolled(file));
    } catch (FileSystemException held) {
      if (held instanceof NoSuchFileException) {
        return false;
      }
      Files.copy(file, rolled(file), StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
    }
    return true;
  }
}
