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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python client's own unittest suite ({@code client/python/tests}) against real daemons,
 * so that {@code mvn -B verify} covers it, twice: over the Unix socket, and over loopback TCP with
 * {@code socket.AF_UNIX} hidden from every Python process of the run (the Windows path: the shim
 * {@code tests/no_af_unix/sitecustomize.py}, on with {@code CACHED_TEST_HIDE_AF_UNIX=1}; the
 * harness then starts its daemons with {@code --listen unix,tcp}). The suite starts its daemons
 * with the command given in {@code CACHED_TEST_DAEMON_CMD}: this JVM's java and test class path.
 *
 * <p>The {@code cached-run} tests with real mypy and black skip themselves (with a message in the
 * output) where those tools, root or pip are missing; they take a few minutes on two cores, so
 * the TCP run leaves them out ({@code CACHED_TEST_TOOLS=0}): the hook's TCP path is covered by the
 * {@code cached-run} tests with small Python children.
 */
class PythonClientTest {
  @TempDir Path dir;

  @Test
  void pythonClientSuitePassesOverTheUnixSocket() throws Exception {
    Assumptions.assumeTrue(python() != null, "python3 not found: the Python client suite is skipped");
    Assumptions.assumeTrue(hasAfUnix(python()),
        "skipped: this Python has no socket.AF_UNIX (CPython on Windows); the TCP run covers it");
    runSuite("unix", Map.of());
  }

  @Test
  void pythonClientSuitePassesOverTcpWithoutAfUnix() throws Exception {
    Assumptions.assumeTrue(python() != null, "python3 not found: the Python client suite is skipped");
    Path shim = repo().resolve("client/python/tests/no_af_unix");
    String pythonPath = shim + System.getProperty("path.separator")
        + System.getenv().getOrDefault("PYTHONPATH", "");
    runSuite("tcp", Map.of("CACHED_TEST_HIDE_AF_UNIX", "1", "PYTHONPATH", pythonPath, "CACHED_TEST_TOOLS", "0"));
  }

  private void runSuite(String name, Map<String, String> env) throws Exception {
    Path repo = repo();
    Path tests = repo.resolve("client/python/tests");
    assertTrue(Files.isDirectory(tests), "no Python tests at " + tests);
    ArrayNode cmd = Json.mapper().createArrayNode();
    DaemonProcess.cachedCommand().forEach(cmd::add);
    cmd.add("daemon");
    Path out = dir.resolve("python-tests-" + name + ".txt");
    ProcessBuilder pb = new ProcessBuilder(python(), "-m", "unittest", "discover", "-s", tests.toString(), "-v")
        .directory(repo.toFile())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile());
    pb.environment().put("CACHED_TEST_DAEMON_CMD", Json.mapper().writeValueAsString(cmd));
    pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
    pb.environment().remove("CACHED_TRANSPORT"); // auto: what the run is about
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean finished = p.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    System.out.println("--- Python client suite over " + name + " ---\n" + output);
    assertTrue(finished, "the Python suite (" + name + ") did not finish within 15 minutes:\n" + output);
    assertEquals(0, p.exitValue(), "the Python suite (" + name + ") failed:\n" + output);
    assertTrue(output.contains("\nOK"), "no OK line from unittest (" + name + "):\n" + output);
  }

  private static Path repo() {
    return Path.of("").toAbsolutePath().getParent().getParent();
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
