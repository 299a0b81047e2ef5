package dev.cached.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The one seam between cached and the file system. Every byte the daemon or the client's fallback
 * writer puts on disk goes through these calls, so a test double can make any of them fail the way
 * another platform would (see the Windows sharing emulation in the daemon's tests).
 *
 * <p>Kept narrow on purpose: create directories, write a new file, replace, delete, list, fsync a
 * directory, and read or set a mode. Implementations must be thread-safe.
 */
public interface FileOps {
  /** Creates {@code dir} and missing parents; an existing directory is fine. */
  void createDirectories(Path dir) throws IOException;

  /**
   * Creates {@code file}, which must not exist, writes {@code data} to it (each buffer from its
   * position to its limit, in order, leaving the buffers' positions as they were), forces it to the
   * device when {@code force}, and closes it. The new file has the mode a plain create would give.
   */
  void writeNew(Path file, ByteBuffer[] data, boolean force) throws IOException;

  /**
   * {@link #writeNew(Path, ByteBuffer[], boolean)}, the new file with POSIX mode bits {@code mode}
   * (null: the mode a plain create gives). An implementation may create the file with the mode
   * instead of setting it afterwards.
   */
  default void writeNew(Path file, ByteBuffer[] data, boolean force, Integer mode) throws IOException {
    writeNew(file, data, force);
    if (mode != null) {
      setMode(file, mode);
    }
  }

  /** {@link #writeNew(Path, ByteBuffer[], boolean)} of one array. */
  default void writeNew(Path file, byte[] data, boolean force) throws IOException {
    writeNew(file, new ByteBuffer[] {ByteBuffer.wrap(data)}, force);
  }

  /** Atomically moves {@code source} onto {@code target}, replacing it; a symlink target is replaced, not followed. */
  void replace(Path source, Path target) throws IOException;

  /**
   * Keeps the file now at {@code file} (not following a symlink) open, so that replacing or
   * deleting it does not free its storage until the returned handle is closed: a caller may leave
   * that freeing to another thread. It is not free everywhere: on ext4 mounted with {@code
   * discard}, the last close of a replaced file waits for a discard request to the device. Null
   * where there is nothing to keep (no file, not a regular file), nothing to gain, or the open
   * fails: never an error, never blocking (a FIFO is not opened).
   */
  default Closeable retain(Path file) {
    return null;
  }

  /**
   * What a write found at its target before writing, from one lookup: the mode to keep (as {@link
   * #mode} answers) and what is there, so that {@link #retainFound} can keep a regular file without
   * looking again.
   */
  record Look(Integer mode, Found found) {}

  /** What {@link #look} found at a path. */
  enum Found {
    /** Nothing (or a dangling symlink): there is nothing to keep. */
    NOTHING,
    /** A regular file, which {@link #retainFound} may open. */
    REGULAR,
    /** Something else (a directory, a symlink, a FIFO): not kept. */
    OTHER,
    /** This file system does not tell without more calls: {@link #retain} looks itself. */
    UNKNOWN
  }

  /**
   * {@link #mode} and what is at {@code file}, from one lookup where the implementation can: a
   * write of an existing file then costs one lookup where {@link #mode} and {@link #retain} made
   * two. The default asks {@link #mode} and answers {@link Found#UNKNOWN}.
   */
  default Look look(Path file) throws IOException {
    return new Look(mode(file), Found.UNKNOWN);
  }

  /**
   * {@link #retain} of a file that {@link #look} found {@link Found#REGULAR} a moment ago, without
   * looking again (what is there may have changed since, as it may between any lookup and open).
   */
  default Closeable retainFound(Path file) {
    return retain(file);
  }

  /** Deletes {@code file} (not following a symlink); returns false when it did not exist. */
  boolean delete(Path file) throws IOException;

  /** Forces a directory's entries to the device (after a replace, for {@code fsync = file+dir}). */
  void forceDirectory(Path dir) throws IOException;

  /** The entries of {@code dir}, or an empty list when it does not exist. */
  List<Path> list(Path dir) throws IOException;

  /** The POSIX mode bits of {@code file} (not following a symlink), or null when absent or unknown. */
  Integer mode(Path file) throws IOException;

  /** Sets the POSIX mode bits of {@code file}; a no-op where the platform has none. */
  void setMode(Path file, int mode) throws IOException;

  /**
   * True when this file system's errors are Windows errors, which {@link ErrorClassifier} tells
   * apart by type, not by their localized text. The real one answers for the host; the sharing
   * emulation answers true when told to, so the Windows rules run on any host.
   */
  default boolean windowsErrors() {
    return ErrorClassifier.ON_WINDOWS;
  }

  /**
   * Why a replace onto, or a delete of, {@code target} that was refused with access denied will
   * never succeed, or null when nothing says so (then the refusal is taken for another process
   * holding the file, and retried). Windows reports {@code ERROR_ACCESS_DENIED} alike for a held
   * file, a file with the DOS read-only attribute and a directory; the answers are {@link
   * ErrorClassifier#DENIED_READ_ONLY} and {@link ErrorClassifier#DENIED_DIRECTORY}. Never throws: an attribute that
   * cannot be read says nothing.
   */
  default String whyDenied(Path target) {
    return null;
  }
}
