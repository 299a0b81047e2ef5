package dev.cached.cli.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private static String python() {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dirName, "python3");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
