package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replaced file keeps its mode, or gets the requested one, on the real file system: whether the
 * temp was created with the mode (the umask keeps its bits) or had it set afterwards.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX modes")
class RealFileOpsModeTest {
  @TempDir Path dir;

  private static final byte[] NEW = {1, 2, 3};

  private Path replace(Path target, Integer mode) throws Exception {
    Path temp = AtomicReplace.prepare(RealFileOps.INSTANCE, target, NEW, mode, FsyncPolicy.NONE);
    AtomicReplace.commit(RealFileOps.INSTANCE, temp, target, FsyncPolicy.NONE);
    assertArrayEquals(NEW, Files.readAllBytes(target));
    return target;
  }

  private Path existing(String name, String perms) throws Exception {
    Path p = Files.write(dir.resolve(name), new byte[] {9});
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    return p;
  }

  private static String perms(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void umaskIsReadOnLinux() {
    if (Files.isReadable(Path.of("/proc/self/status"))) {
      assertNotNull(RealFileOps.readUmask());
    }
  }

  @Test
  void keepsTheTargetsMode() throws Exception {
    assertEquals("rw-------", perms(replace(existing("private", "rw-------"), null)));
    assertEquals("rwxr-xr-x", perms(replace(existing("tool", "rwxr-xr-x"), null)));
    assertEquals("r--r-----", perms(replace(existing("readonly", "r--r-----"), null)));
  }

  @Test
  void aModeTheUmaskWouldStripIsStillSet() throws Exception {
    // group and others write: bits a usual umask (022 or 002) removes from a create
    assertEquals("rw-rw-rw-", perms(replace(existing("shared", "rw-rw-rw-"), null)));
    assertEquals("rwxrwxrwx", perms(replace(dir.resolve("fresh-open"), 0777)));
  }

  @Test
  void takesTheRequestedModeForANewFile() throws Exception {
    assertEquals("rw-r-----", perms(replace(dir.resolve("fresh"), 0640)));
  }

  @Test
  void aNewFileWithoutARequestedModeGetsThePlainCreateMode() throws Exception {
    Path plain = Files.write(dir.resolve("plain"), new byte[] {9});
    assertEquals(perms(plain), perms(replace(dir.resolve("fresh"), null)));
  }

  /** A missing target is told apart without an exception now; the answers stay as they were. */
  @Test
  void modeIsNullForAnythingButARegularFile() throws Exception {
    RealFileOps fs = RealFileOps.INSTANCE;
    assertEquals(0640, fs.mode(existing("file", "rw-r-----")));
    assertNull(fs.mode(dir.resolve("missing")));
    assertNull(fs.mode(dir.resolve("missing-dir/x")));
    assertNull(fs.mode(Files.createDirectory(dir.resolve("sub"))));
    assertNull(fs.mode(Files.createSymbolicLink(dir.resolve("link"), dir.resolve("file"))), "a link is not followed");
    assertNull(fs.mode(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing"))));
  }

  @Test
  void aLinkAtTheTargetIsReplacedWithAPlainCreateMode() throws Exception {
    Path file = existing("file", "rwx------");
    Path link = Files.createSymbolicLink(dir.resolve("link"), file);
    Path plain = Files.write(dir.resolve("plain"), new byte[] {9});
    replace(link, null);
    assertEquals(perms(plain), perms(link), "the link's target's mode is not taken");
    assertEquals("rwx------", perms(file), "the link's target is untouched");
  }
}
