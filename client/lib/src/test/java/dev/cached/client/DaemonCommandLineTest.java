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

  /** Regression for issue 17, point 11: a launcher under {@code C:\Program Files} was split at the space. */
  @Test
  void envNamingAFileWithSpaces_isOneWord() throws Exception {
    Path launcher = Files.createFile(Files.createDirectories(dir.resolve("Program Files/cached")).resolve("cached.cmd"));
    assertEquals(List.of(launcher.toString()), DaemonCommandLine.resolve(Map.of("CACHED_DAEMON_CMD", " " + launcher + " "), null));
  }

  @Test
  void envWords_keepDoubleQuotedSpaces() {
    assertEquals(List.of("C:\\Program Files\\cached\\cached.cmd", "--config", "my c.toml", "x"),
        DaemonCommandLine.parse("\"C:\\Program Files\\cached\\cached.cmd\" --config \"my c.toml\" x"));
    IllegalArgumentException open = assertThrows(IllegalArgumentException.class, () -> DaemonCommandLine.parse("\"C:\\Program Files"));
    assertTrue(open.getMessage().contains("every double quote closed"), open.getMessage());
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> DaemonCommandLine.parse("a \"\" b"));
    assertTrue(empty.getMessage().contains("no empty word"), empty.getMessage());
  }

  /**
   * Regression for issue 17, point 11: {@code cmd /c} strips the first and last quote of a line
   * with more than two, so a batch launcher under a path with spaces, given a socket under a user
   * name with spaces, could not start. There only the program may need quotes.
   */
  @Test
  void windowsBatchLauncher_getsTheSocketInTheEnvironment_soOnlyTheProgramNeedsQuotes() {
    Path socket = Path.of("Users", "John Smith", "AppData", "cached.sock");
    DaemonCommandLine.Launch bat = DaemonCommandLine.daemonLaunch(List.of("C:\\Program Files\\cached\\scripts\\cached.CMD"), socket, true);
    assertEquals(List.of("C:\\Program Files\\cached\\scripts\\cached.CMD", "daemon", "--background"), bat.argv());
    assertEquals(Map.of("CACHED_SOCKET", socket.toString()), bat.env());
    assertTrue(bat.argv().subList(1, bat.argv().size()).stream().noneMatch(a -> a.contains(" ") || a.contains("\"")));
    DaemonCommandLine.Launch exe = DaemonCommandLine.daemonLaunch(List.of("java", "-jar", "c.jar"), socket, true);
    assertEquals(List.of("java", "-jar", "c.jar", "daemon", "--background", "--socket", socket.toString()), exe.argv());
    assertEquals(Map.of(), exe.env());
    DaemonCommandLine.Launch posix = DaemonCommandLine.daemonLaunch(List.of("/opt/cached.cmd"), socket, false);
    assertEquals(List.of("/opt/cached.cmd", "daemon", "--background", "--socket", socket.toString()), posix.argv());
  }

  @Test
  void withoutEnv_cachedOnPathWinsOverTheLauncher() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    Path cached = windows ? Files.createFile(bin.resolve("cached.cmd"))
        : Files.createFile(bin.resolve("cached"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path launcher = dir.resolve("launcher");
    String path = dir.resolve("empty") + java.io.File.pathSeparator + bin;
    assertEquals(List.of(cached.toString()), DaemonCommandLine.resolve(Map.of("PATH", path), launcher));
    assertEquals(List.of(launcher.toString()), DaemonCommandLine.resolve(Map.of("PATH", dir.resolve("empty").toString()), launcher));
    assertEquals(List.of(), DaemonCommandLine.resolve(Map.of(), null));
  }
}
