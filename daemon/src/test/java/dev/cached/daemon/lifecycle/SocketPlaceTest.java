package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private directories on the real file system: created 0700; a wrong mode, owner or type stops
 * start-up with the fix. POSIX only (a Windows host has no modes; {@link OwnerOnlyAclTest} covers
 * its ACLs on an emulated NTFS).
 */
class SocketPlaceTest {
  @TempDir Path tmp;

  @BeforeEach
  void posixOnly() {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "skipped: no POSIX modes on this file system (Windows); OwnerOnlyAclTest covers ACLs");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void createsAMissingDirectoryAndItsParentsPrivate() throws Exception {
    Path dir = tmp.resolve("a/b/run");
    SocketPlace.preparePrivateDir(dir);
    assertEquals("rwx------", mode(dir));
  }

  @Test
  void acceptsAnExistingPrivateDirectory() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("run"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    SocketPlace.preparePrivateDir(dir); // readable by others is allowed; writable is not
  }

  @Test
  void refusesAGroupOrWorldWritableDirectoryWithTheFix() throws Exception {
    for (String perms : new String[] {"rwxrwx---", "rwx---rwx", "rwxrwxrwx"}) {
      Path dir = Files.createDirectories(tmp.resolve("run-" + perms));
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
      StartupException e = assertThrows(StartupException.class, () -> SocketPlace.preparePrivateDir(dir));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("writable by group or others"), e.getMessage());
      assertTrue(e.getMessage().contains("Fix: 'chmod 700 " + dir + "'"), e.getMessage());
    }
  }

  @Test
  void refusesAFileWhereTheDirectoryShouldBe() throws Exception {
    Path file = Files.writeString(tmp.resolve("run"), "x");
    StartupException e = assertThrows(StartupException.class, () -> SocketPlace.preparePrivateDir(file));
    assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
  }

  @Test
  void refusesADirectoryOwnedBySomeoneElseWithTheFix() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "skipped: changing a directory's owner needs root (running as " + System.getProperty("user.name") + ")");
    Path dir = Files.createDirectory(tmp.resolve("run"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(dir, "unix:uid", 65534);
    try {
      StartupException e = assertThrows(StartupException.class, () -> SocketPlace.preparePrivateDir(dir));
      assertTrue(e.getMessage().contains("is owned by"), e.getMessage());
      assertTrue(e.getMessage().contains("Fix:") && e.getMessage().contains("chown"), e.getMessage());
    } finally {
      Files.setAttribute(dir, "unix:uid", 0);
    }
  }

  @Test
  void restrictSocketLeavesOnlyTheOwnerReadAndWrite() throws Exception {
    Path sock = Files.writeString(tmp.resolve("stand-in.sock"), "");
    Files.setPosixFilePermissions(sock, PosixFilePermissions.fromString("rw-rw-rw-"));
    SocketPlace.restrictSocket(sock);
    assertEquals("rw-------", mode(sock));
  }
}
