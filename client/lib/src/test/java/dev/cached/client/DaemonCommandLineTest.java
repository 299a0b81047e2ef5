package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonCommandLineTest {
  @TempDir Path dir;

  @Test
  void envAsJsonArray_keepsArgumentsWithSpaces() {
    assertEquals(List.of("java", "-cp", "a b.jar", "Main"),
        DaemonCommandLine.resolve(Map.of("CACHED_DAEMON_CMD", " [\"java\",\"-cp\",\"a b.jar\",\"Main\"] "), null));
  }

  @Test
  void envAsWords_splitsOnWhiteSpace() {
    assertEquals(List.of("cached-dev", "--x"), DaemonCommandLine.resolve(Map.of("CACHED_DAEMON_CMD", "cached-dev \t --x"), null));
  }

  @Test
  void badJson_namesTheVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DaemonCommandLine.resolve(Map.of("CACHED_DAEMON_CMD", "[\"java\","), null));
    assertTrue(e.getMessage().startsWith("CACHED_DAEMON_CMD : "), e.getMessage());
  }

  @Test
  void withoutEnv_cachedOnPathWinsOverTheLauncher() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path cached = Files.createFile(bin.resolve("cached"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path launcher = dir.resolve("launcher");
    String path = dir.resolve("empty") + java.io.File.pathSeparator + bin;
    assertEquals(List.of(cached.toString()), DaemonCommandLine.resolve(Map.of("PATH", path), launcher));
    assertEquals(List.of(launcher.toString()), DaemonCommandLine.resolve(Map.of("PATH", dir.resolve("empty").toString()), launcher));
    assertEquals(List.of(), DaemonCommandLine.resolve(Map.of(), null));
  }
}
