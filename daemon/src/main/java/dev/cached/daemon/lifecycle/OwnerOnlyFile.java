package dev.cached.daemon.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that only their owner may read: the endpoint file with the TCP cookie. The one place that
 * decides how a file is made owner-only: mode 0600 given at creation on POSIX, so the secret is
 * never readable by others, not even for a moment. Where the file system has no POSIX modes
 * (Windows), the file is created plainly inside the daemon's private directory; an owner-only ACL
 * belongs in {@link #ownerOnly()}.
 *
 * <p>Concurrency: stateless.
 */
public final class OwnerOnlyFile {
  private OwnerOnlyFile() {}

  /**
   * Writes {@code content} to {@code target} atomically: into an owner-only temp file beside it,
   * forced to the device, then renamed over {@code target}. A reader sees no file, the old one, or
   * the whole new one, and never a file that others could read.
   *
   * @throws IOException naming the file and the step that failed; no temp file is left behind
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    try {
      Files.deleteIfExists(temp);
      try (FileChannel ch = FileChannel.open(temp,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(target))) {
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("write " + target + ": temp file " + temp + " appeared while it was being created", e);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw new IOException("write " + target + ": " + e.getMessage(), e);
    }
  }

  /** The attributes that make a new file owner-only here: mode 0600 on POSIX; none elsewhere. */
  private static FileAttribute<?>[] ownerOnly(Path file) {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
    }
    return new FileAttribute<?>[0];
  }
}
