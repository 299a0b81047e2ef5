package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OwnerOnly} on the real file system, where it is POSIX (skipped on Windows). */
class OwnerOnlyPosixTest {
  @TempDir Path tmp;

  @Test
  void writeFile_isMode0600_evenOverAWiderFile_andLeavesNoTemp() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "skipped: no POSIX modes here");
    Path file = Files.writeString(tmp.resolve("c.sock.endpoint"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    OwnerOnly.writeFile(file, new byte[] {'n', 'e', 'w'});
    assertEquals("new", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var list = Files.list(tmp)) {
      assertEquals(List.of(file), list.toList());
    }
  }

  @Test
  void createDirectory_is0700() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "skipped: no POSIX modes here");
    Path dir = tmp.resolve("run");
    OwnerOnly.createDirectory(dir);
    assertEquals("rwx------", OwnerOnly.describe(dir));
  }
}
