package dev.cached.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryFlag;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Directories and files that only their owner may use: the socket directory, the state directory
 * and the endpoint file. Two ways, chosen by what the file system offers:
 *
 * <ul>
 *   <li><b>POSIX</b>: directories mode 0700, files 0600; an existing directory must be ours and not
 *       writable by group or others.
 *   <li><b>ACL</b> (Windows, NTFS): one entry, allowing the owner everything, and no other entry,
 *       so nothing inherited from the parent (under {@code C:\temp} Authenticated Users inherit
 *       Modify). An existing directory must be ours and allow nobody else anything.
 * </ul>
 *
 * A file system with neither is not checked ({@link #problem} says so). Windows has no peer
 * credentials on its Unix sockets, so there this is the only gate before the daemon's socket.
 *
 * <p>Residual risk, ACL: a new directory gets its ACL just after it is created (Windows merges the
 * parent's inheritable entries into an ACL given at creation, so it has to be set afterwards).
 *
 * <p>Concurrency: stateless.
 */
public final class OwnerOnly {
  private static final Set<AclEntryPermission> ALL = EnumSet.allOf(AclEntryPermission.class);

  private OwnerOnly() {}

  /** Creates directory {@code dir} (its parent exists) owner-only; an existing one is left as it is. */
  public static void createDirectory(Path dir) throws IOException {
    if (posix(dir)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return;
    }
    Files.createDirectory(dir);
    if (acl(dir)) {
      restrictAcl(dir, true);
    }
  }

  /**
   * Replaces {@code file} atomically with {@code data}, owner-only: a temp beside it is created
   * (0600, or with its ACL set before a byte is written), written, forced and moved onto it. A
   * reader sees the old content or the new, never a part, and never a moment of wider access.
   */
  public static void writeFile(Path file, byte[] data) throws IOException {
    Path temp = TempNames.tempFor(file);
    try {
      FileChannel ch = posix(file)
          ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try (ch) {
        if (acl(temp)) {
          restrictAcl(temp, false);
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException d) {
        e.addSuppressed(d);
      }
      throw e;
    }
  }

  /**
   * What is wrong with existing directory {@code dir}, with the fix, or empty when it is owner-only
   * (or the file system has neither POSIX modes nor ACLs). For start-up and {@code cached doctor}.
   */
  public static Optional<String> problem(Path dir) throws IOException {
    return problem(dir, currentUser(dir.getFileSystem()));
  }

  /** {@link #problem(Path)} for user {@code me} (null: unknown, owner not checked). */
  static Optional<String> problem(Path dir, UserPrincipal me) throws IOException {
    BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!a.isDirectory()) {
      return Optional.of(dir + " is not a directory; remove it or choose another place (--socket / --state-dir)");
    }
    if (!posix(dir) && !acl(dir)) {
      return Optional.empty();
    }
    UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
    if (me != null && !same(owner, me)) {
      String fix = posix(dir) ? "'chown " + me.getName() + " " + dir + "'" : "'takeown /f \"" + dir + "\"'";
      return Optional.of(dir + " is owned by " + owner.getName() + ", not by " + me.getName()
          + "; another user could replace the socket. Fix: use a directory you own (--socket / --state-dir), or " + fix);
    }
    if (posix(dir)) {
      Set<PosixFilePermission> p = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions();
      if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        return Optional.of(dir + " is writable by group or others (mode " + PosixFilePermissions.toString(p)
            + "); another user could replace the socket. Fix: 'chmod 700 " + dir + "'");
      }
      return Optional.empty();
    }
    for (AclEntry e : aclView(dir).getAcl()) {
      if (e.type() == AclEntryType.ALLOW && !same(e.principal(), owner)) {
        return Optional.of(dir + " lets " + e.principal().getName() + " in (ACL entry " + e.permissions().size()
            + " permissions, inherited or explicit); another user could replace the socket or read the endpoint."
            + " Fix: delete the directory and let cached create it owner-only, or 'icacls \"" + dir
            + "\" /inheritance:r /grant:r \"" + owner.getName() + ":(OI)(CI)F\" /remove \"" + e.principal().getName() + "\"'");
      }
    }
    return Optional.empty();
  }

  /** How {@code dir} is protected, for doctor: {@code rwx------}, {@code owner-only ACL}, or empty. */
  public static String describe(Path dir) throws IOException {
    if (posix(dir)) {
      return PosixFilePermissions.toString(
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).permissions());
    }
    return acl(dir) ? "owner-only ACL" : "";
  }

  /** The user this process runs as, or null when the file system cannot name it. */
  static UserPrincipal currentUser(FileSystem fs) {
    try {
      return fs.getUserPrincipalLookupService().lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  private static void restrictAcl(Path p, boolean directory) throws IOException {
    UserPrincipal owner = Files.getOwner(p, LinkOption.NOFOLLOW_LINKS);
    AclEntry.Builder entry = AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner).setPermissions(ALL);
    if (directory) {
      entry.setFlags(AclEntryFlag.FILE_INHERIT, AclEntryFlag.DIRECTORY_INHERIT);
    }
    aclView(p).setAcl(List.of(entry.build())); // replaces every entry, the inherited ones included
  }

  private static AclFileAttributeView aclView(Path p) {
    return Files.getFileAttributeView(p, AclFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
  }

  /** The same user: equal principals (Windows compares SIDs), or equal names (case-blind on Windows). */
  private static boolean same(UserPrincipal a, UserPrincipal b) {
    return a.equals(b) || (ErrorClassifier.ON_WINDOWS ? a.getName().equalsIgnoreCase(b.getName()) : a.getName().equals(b.getName()));
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static boolean acl(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("acl");
  }
}
