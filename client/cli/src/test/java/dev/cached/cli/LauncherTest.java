package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/cached}: its JVM options are the Java ones, and on a built jar (no sources newer)
 * it makes the class-data archives once, before the first short command, gives each JVM its own,
 * and adds not a word to a command's output.
 */
class LauncherTest {
  @TempDir Path dir;

  private static Path repoRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("scripts/cached"))) {
        return d;
      }
    }
    throw new IllegalStateException("no scripts/cached above " + Path.of("").toAbsolutePath());
  }

  /** The words of the array assignment {@code variable=(…)} whose comment names {@code javaSide}. */
  private static List<String> optionsInLauncher(String variable, String javaSide) throws IOException {
    Pattern line = Pattern.compile(variable + "=\\(([^)]*)\\) # [a-z ]*" + Pattern.quote(javaSide));
    Matcher m = line.matcher(Files.readString(repoRoot().resolve("scripts/cached")));
    assertTrue(m.find(), "scripts/cached has a " + variable + " line for " + javaSide);
    return Arrays.asList(m.group(1).trim().split("\\s+"));
  }

  @Test
  void jvmOptionsAreTheJavaOnes() throws IOException {
    assertEquals(DaemonJvm.parseArgFile(Files.readString(repoRoot().resolve("scripts/daemon.jvmopts"))), DaemonJvm.baseOptions(),
        "the jar carries scripts/daemon.jvmopts as it is");
    assertTrue(Files.readString(repoRoot().resolve("scripts/cached")).contains("java_opts=(\"@$repo/scripts/daemon.jvmopts\")"),
        "scripts/cached passes the daemon's options as the argument file");
    assertEquals(CommandJvm.baseOptions(), optionsInLauncher("java_opts", "CommandJvm.java"));
    assertEquals(ClassDataArchive.QUIET, optionsInLauncher("quiet_cds", "ClassDataArchive.QUIET"));
    String script = Files.readString(repoRoot().resolve("scripts/cached"));
    DaemonLauncher.DAEMON_ENV.forEach((k, v) -> assertTrue(script.contains("export " + k + "=\"${" + k + ":-" + v + "}\""),
        "scripts/cached exports " + k + " with the default " + v));
  }

  record Run(int exit, String out, String err) {}

  private Run launch(Path launcher, Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", launcher.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("CACHED_"));
    pb.environment().put("JAVA", DaemonLauncher.javaCommand()); // the archives fit this JDK
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "scripts/cached " + List.of(args) + " did not return within 120 s");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "the bash launcher")
  void makesTheArchivesOnce_givesEachJvmItsOwn_andPrintsNothingMore() throws Exception {
    Path repo = dir.resolve("repo");
    Path launcher = Files.createDirectories(repo.resolve("scripts")).resolve("cached");
    Files.copy(repoRoot().resolve("scripts/cached"), launcher);
    Files.copy(repoRoot().resolve("scripts/daemon.jvmopts"), launcher.resolveSibling("daemon.jvmopts"));
    Path jar = PackagedJar.build(Files.createDirectories(repo.resolve("client/cli/target")));
    Path socket = dir.resolve("run").resolve("cached.sock");
    String notRunning = "cached is not running (no daemon answers on " + socket + ")\n";

    Run first = launch(launcher, Map.of(), "status", "--socket", socket.toString(), "--config", "none");
    assertEquals(new Run(Main.NOT_RUNNING, "", notRunning), first);
    ClassDataArchive daemonArchive = new ClassDataArchive(jar, ClassDataArchive.Kind.DAEMON);
    ClassDataArchive cliArchive = new ClassDataArchive(jar, ClassDataArchive.Kind.COMMAND);
    assertTrue(daemonArchive.fresh() && cliArchive.fresh(), "the first command made both archives");

    Path daemonClasses = dir.resolve("daemon-classes.txt");
    List<String> daemonCmd = new ArrayList<>(List.of("bash", launcher.toString(), "daemon", "--socket", socket.toString(),
        "--state-dir", dir.resolve("state").toString(), "--config", "none"));
    ProcessBuilder pb = new ProcessBuilder(daemonCmd).redirectErrorStream(true).redirectOutput(dir.resolve("daemon.txt").toFile());
    pb.environment().put("JAVA", DaemonLauncher.javaCommand());
    pb.environment().put("CACHED_JAVA_OPTS", "-Xlog:class+load=info:file=" + daemonClasses);
    Process daemon = pb.start();
    try {
      assertTrue(DaemonLauncher.awaitSocket(daemon, socket, Duration.ofSeconds(60)), Files.readString(dir.resolve("daemon.txt")));
      assertTrue(Files.readString(daemonClasses).contains("dev.cached.daemon.Daemon source: shared objects file (top)"),
          "the daemon maps its archive");
      Path environ = Path.of("/proc", String.valueOf(daemon.pid()), "environ");
      if (Files.isDirectory(Path.of("/proc/self"))) { // Linux: a process's environment is readable there
        String env = Files.readString(environ);
        DaemonLauncher.DAEMON_ENV.forEach((k, v) -> assertTrue(env.contains(k + "=" + v + "\0"), "the daemon runs with " + k + "=" + v));
      }
      List<String> args = List.of(daemon.info().arguments().orElseThrow());
      assertFalse(args.stream().anyMatch(a -> a.startsWith("-XX:TrimNativeHeapInterval")),
          "no periodic trim: the daemon trims its C heap once it is quiet (HeapTrim): " + args);

      Path statusClasses = dir.resolve("status-classes.txt");
      Run status = launch(launcher, Map.of("CACHED_JAVA_OPTS", "-Xlog:class+load=info:file=" + statusClasses),
          "status", "--socket", socket.toString(), "--config", "none");
      assertEquals(0, status.exit(), status.toString());
      assertEquals("", status.err());
      assertTrue(status.out().startsWith("cached "), status.out());
      String classes = Files.readString(statusClasses);
      assertTrue(classes.contains("dev.cached.cli.StatusCommand source: shared objects file (top)"), "status maps its archive");
      assertFalse(classes.contains("dev.cached.daemon.Daemon "), "and not the daemon's");
    } finally {
      try (CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).clientName("launcher-test"))) {
        c.shutdown(false);
      } catch (IOException e) {
        daemon.destroy();
      }
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
