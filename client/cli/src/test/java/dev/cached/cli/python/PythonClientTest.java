package dev.cached.cli.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python client's own unittest suite ({@code client/python/tests}) against real daemons,
 * so that {@code mvn -B verify} covers it. The suite starts its daemons with the command given in
 * {@code CACHED_TEST_DAEMON_CMD}: this JVM's java and test class path. The suite includes the
 * {@code cached-run} tests with real mypy and black, which skip themselves (with a message in the
 * output) where those tools, root or pip are missing; they take a few minutes on two cores.
 */
class PythonClientTest {
  @TempDir Path dir;

  @Test
  void pythonClientSuitePassesAgainstTheRealDaemon() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent().getParent();
    Path tests = repo.resolve("client/python/tests");
    assertTrue(Files.isDirectory(tests), "no Python tests at " + tests);
    Assumptions.assumeTrue(python() != null, "python3 not found: the Python client suite is skipped");
    Assumptions.assumeTrue(hasAfUnix(python()),
        "skipped: this Python has no socket.AF_UNIX (CPython on Windows); the suite needs the loopback TCP transport there");
    ArrayNode cmd = Json.mapper().createArrayNode();
    DaemonProcess.cachedCommand().forEach(cmd::add);
    cmd.add("daemon");
    Path out = dir.resolve("python-tests.txt");
    ProcessBuilder pb = new ProcessBuilder(python(), "-m", "unittest", "discover", "-s", tests.toString(), "-v")
        .directory(repo.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().put("CACHED_TEST_DAEMON_CMD", Json.mapper().writeValueAsString(cmd));
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    Process p = pb.start();
    boolean finished = p.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    System.out.println(output);
    assertTrue(finished, "the Python suite did not finish within 15 minutes:\n" + output);
    assertEquals(0, p.exitValue(), "the Python suite failed:\n" + output);
    assertTrue(output.contains("\nOK"), "no OK line from unittest:\n" + output);
  }

  private static boolean hasAfUnix(String python) throws Exception {
    Process p = new ProcessBuilder(python, "-c", "import socket, sys; sys.exit(0 if hasattr(socket, 'AF_UNIX') else 1)")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  /** python3 on PATH; on Windows python3.exe or python.exe (the python.org and runner installs have no python3). */
  private static String python() {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    List<String> names = windows ? List.of("python3.exe", "python.exe") : List.of("python3");
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : names) {
        Path p = dirName.isEmpty() ? null : Path.of(dirName, name);
        if (p != null && Files.isExecutable(p)) {
          return p.toString();
        }
      }
    }
    return null;
  }
}
