package dev.cached.daemon.lifecycle;

import dev.cached.fs.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Makes and checks private directories (the socket's and the state directory): created
 * owner-only ({@link OwnerOnly}: 0700, or an owner-only ACL on Windows); an existing one must be a
 * directory owned by this user that nobody else may write to, otherwise start-up stops with the
 * directory named and the fix (Watchman does the same).
 */
public final class SocketPlace {
  private SocketPlace() {}

  /** Creates {@code dir} owner-only if missing, then checks it. */
  public static void preparePrivateDir(Path dir) throws StartupException {
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        OwnerOnly.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // raced with another start, or a file is there: the checks below tell
    } catch (IOException e) {
      throw new StartupException("cannot create directory " + dir + ": " + e, e);
    }
    Optional<String> problem;
    try {
      problem = OwnerOnly.problem(dir);
    } catch (IOException e) {
      throw new StartupException("cannot read " + dir + ": " + e, e);
    }
    if (problem.isPresent()) {
      throw new StartupException(problem.get());
    }
  }

  /**
   * What is wrong with an existing private directory, with the fix, or empty when it is fine (or
   * when the file system has neither POSIX modes nor ACLs). For {@code cached doctor}.
   */
  public static Optional<String> problem(Path dir) throws IOException {
    return OwnerOnly.problem(dir);
  }

  /** Makes the socket file readable and writable by its owner only. */
  public static void restrictSocket(Path socket) throws IOException {
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Windows: the socket file inherits the owner-only entry of its directory's ACL
    }
  }
}
