package dev.cached.daemon.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Makes and checks private directories (the socket's and the state directory): created 0700; an
 * existing one must be a directory owned by this user and not writable by group or others,
 * otherwise start-up stops with the directory named and the fix (Watchman does the same).
 */
public final class SocketPlace {
  private SocketPlace() {}

  /** Creates {@code dir} 0700 if missing, then checks it. */
  public static void preparePrivateDir(Path dir) throws StartupException {
    try {
      if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir.getParent());
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
          Files.createDirectory(dir);
        }
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // raced with another start, or a file is there: the checks below tell
    } catch (IOException e) {
      throw new StartupException("cannot create directory " + dir + ": " + e, e);
    }
    check(dir);
  }

  private static void check(Path dir) throws StartupException {
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return; // not POSIX (Windows): the directory lives in the user's profile
    } catch (IOException e) {
      throw new StartupException("cannot read " + dir + ": " + e, e);
    }
    if (!a.isDirectory()) {
      throw new StartupException(dir + " is not a directory; remove it or choose another place (--socket / --state-dir)");
    }
    UserPrincipal me;
    try {
      me = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException e) {
      me = null;
    }
    if (me != null && !a.owner().getName().equals(me.getName())) {
      throw new StartupException(
          dir + " is owned by " + a.owner().getName() + ", not by " + me.getName()
              + "; another user could replace the socket. Fix: use a directory you own (--socket / --state-dir), or 'chown " + me.getName() + " " + dir + "'");
    }
    Set<PosixFilePermission> p = a.permissions();
    if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new StartupException(
          dir + " is writable by group or others (mode " + PosixFilePermissions.toString(p)
              + "); another user could replace the socket. Fix: 'chmod 700 " + dir + "'");
    }
  }

  /** Makes the socket file readable and writable by its owner only. */
  public static void restrictSocket(Path socket) throws IOException {
    try {
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Windows: AF_UNIX sockets inherit the directory's ACL
    }
  }
}
