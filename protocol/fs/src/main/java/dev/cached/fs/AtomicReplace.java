package dev.cached.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The steps of one atomic file replacement, shared by the daemon (which retries them on timers) and
 * the client's in-process fallback (which retries them inline).
 *
 * <p>Outcomes, for a target {@code T} in directory {@code D}:
 *
 * <ul>
 *   <li>{@link #prepare} succeeds: a complete temp file {@code D/.T.<hex>.cached-tmp} holds the
 *       bytes (forced when the policy says so) with {@code T}'s previous mode, or the requested
 *       mode, or the mode a plain create gives. {@code T} is untouched.
 *   <li>{@link #prepare} fails: {@code T} is untouched and no temp remains, unless deleting the
 *       half-written temp failed too, in which case the temp's path is in the exception's
 *       suppressed list for the caller to delete later.
 *   <li>{@link #commit} succeeds: {@code T} holds exactly the new bytes; a reader sees the old
 *       file or the new one, never a mix. A symlink at {@code T} is replaced, not followed.
 *   <li>{@link #commit} fails: {@code T} holds its previous content (or is absent, as before) and
 *       the temp still exists; the caller retries the commit or {@link #discard}s the temp.
 * </ul>
 *
 * There is no failure mode where {@code T} holds a subset of the new bytes.
 *
 * <p>Concurrency: stateless; callers serialise the steps of one target.
 */
public final class AtomicReplace {
  private AtomicReplace() {}

  /** Writes {@code data} to a fresh temp beside {@code target} and returns the temp's path. */
  public static Path prepare(FileOps fs, Path target, byte[] data, Integer mode, FsyncPolicy fsync)
      throws FileStepException {
    return prepare(fs, target, new ByteBuffer[] {ByteBuffer.wrap(data)}, mode, fsync);
  }

  /** As {@link #prepare(FileOps, Path, byte[], Integer, FsyncPolicy)}, the bytes in buffers (left as they were). */
  public static Path prepare(FileOps fs, Path target, ByteBuffer[] data, Integer mode, FsyncPolicy fsync)
      throws FileStepException {
    return prepare(fs, target, data, mode, mode == null, fsync);
  }

  /**
   * As {@link #prepare(FileOps, Path, ByteBuffer[], Integer, FsyncPolicy)} for a caller that has
   * looked at the target itself ({@link FileOps#look}): {@code mode} is the mode to give, null for
   * the mode a plain create gives, and the target is not looked at again.
   */
  public static Path prepareLooked(FileOps fs, Path target, ByteBuffer[] data, Integer mode, FsyncPolicy fsync)
      throws FileStepException {
    return prepare(fs, target, data, mode, false, fsync);
  }

  private static Path prepare(FileOps fs, Path target, ByteBuffer[] data, Integer mode, boolean keepMode, FsyncPolicy fsync)
      throws FileStepException {
    Path temp = TempNames.tempFor(target);
    try {
      Integer m = mode;
      try {
        if (keepMode) {
          m = fs.mode(target); // the target's mode, kept; a missing parent shows here or in the write
        }
        fs.writeNew(temp, data, fsync != FsyncPolicy.NONE, m);
      } catch (FileSystemException parentTrouble) {
        if (!(parentTrouble instanceof NoSuchFileException) && !notADirectory(parentTrouble)) {
          throw parentTrouble;
        }
        // the common case (the directory exists) costs no mkdir; a missing one is created, and a
        // parent that is not a directory is reported by mkdir, naming that directory
        Path dir = target.getParent();
        try {
          fs.createDirectories(dir);
        } catch (IOException e) {
          throw new FileStepException(FileOp.MKDIR, dir, e, fs.windowsErrors());
        }
        fs.writeNew(temp, data, fsync != FsyncPolicy.NONE, m);
      }
    } catch (FileStepException e) {
      throw e;
    } catch (IOException e) {
      FileStepException failure = new FileStepException(FileOp.TEMP_WRITE, temp, e, fs.windowsErrors());
      try {
        fs.delete(temp);
      } catch (IOException d) {
        failure.addSuppressed(new FileStepException(FileOp.DELETE, temp, d, fs.windowsErrors()));
      }
      throw failure;
    }
    return temp;
  }

  private static boolean notADirectory(FileSystemException e) {
    return e.getReason() != null && e.getReason().toLowerCase(java.util.Locale.ROOT).contains("not a directory");
  }

  /** Moves {@code temp} onto {@code target}, then forces the directory when the policy says so. */
  public static void commit(FileOps fs, Path temp, Path target, FsyncPolicy fsync)
      throws FileStepException {
    try {
      fs.replace(temp, target);
    } catch (IOException e) {
      throw failure(fs, FileOp.REPLACE, target, e);
    }
    if (fsync == FsyncPolicy.FILE_DIR) {
      try {
        fs.forceDirectory(target.getParent());
      } catch (IOException e) {
        throw new FileStepException(FileOp.FSYNC, target.getParent(), e, fs.windowsErrors());
      }
    }
  }

  /** Deletes {@code target}; a missing file is success. */
  public static void delete(FileOps fs, Path target) throws FileStepException {
    try {
      fs.delete(target);
    } catch (IOException e) {
      throw failure(fs, FileOp.DELETE, target, e);
    }
  }

  /**
   * The failure of a replace onto or a delete of {@code target}: an access denied that the target's
   * attributes explain (read-only, a directory) is hard at once, naming the reason; any other error
   * is classified as usual. Windows reports all three as {@code ERROR_ACCESS_DENIED}, and without
   * this check a read-only target would be retried until the deadline and never trip the breaker.
   */
  private static FileStepException failure(FileOps fs, FileOp op, Path target, IOException e) {
    if (e instanceof AccessDeniedException) {
      String why = fs.whyDenied(target);
      if (why != null) {
        return new FileStepException(op, target, e, why);
      }
    }
    return new FileStepException(op, target, e, fs.windowsErrors());
  }

  /** Deletes a temp that will not be committed; returns the failure instead of throwing it. */
  public static FileStepException discard(FileOps fs, Path temp) {
    try {
      fs.delete(temp);
      return null;
    } catch (IOException e) {
      return new FileStepException(FileOp.DELETE, temp, e, fs.windowsErrors());
    }
  }
}
