package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only files: mode 0600 from creation, replaced whole, no temp left behind. */
class OwnerOnlyFileTest {
  @TempDir Path dir;

  @Test
  void write_createsOwnerOnly_replacesWhole_leavesNoTemp() throws Exception {
    Path f = dir.resolve("cached.sock.endpoint");
    OwnerOnlyFile.write(f, "first".getBytes(StandardCharsets.UTF_8));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    OwnerOnlyFile.write(f, "second".getBytes(StandardCharsets.UTF_8));
    assertEquals("second", Files.readString(f));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "the new file is owner-only again");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }
}
