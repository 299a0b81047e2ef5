package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archives, made from the build's jar layout by {@code cached cds}: a daemon and a
 * status command map them; a command given a stale or broken archive runs as it would without one
 * and prints not a word more; a changed jar makes them stale and the next {@code cds} replaces them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "no launcher makes archives there; -Xlog file paths and mapped files differ")
class ArchiveTrainingTest {
  @TempDir static Path dir;
  static Path jar;
  static Process daemon;
  static Path socket;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void layout() throws IOException {
    jar = PackagedJar.build(dir.resolve("target"));
    socket = dir.resolve("run").resolve("cached.sock");
  }

  @AfterAll
  static void stopDaemon() throws InterruptedException {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Run run(List<String> jvm, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(DaemonLauncher.javaCommand()));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", jar.toString(), Main.class.getName()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cached " + List.of(args) + " did not return within 120 s");
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static ClassDataArchive archive(ClassDataArchive.Kind kind) {
    return new ClassDataArchive(jar, kind);
  }

  private static List<String> with(List<String> base, List<String> more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(more);
    return all;
  }

  @Test
  @Order(1)
  void cdsMakesBothArchivesOnce() throws Exception {
    Run made = run(CommandJvm.baseOptions(), "cds");
    assertEquals(0, made.exit(), made.toString());
    assertTrue(made.out().startsWith("cached cds: made "), made.toString());
    assertTrue(archive(ClassDataArchive.Kind.DAEMON).fresh());
    assertTrue(archive(ClassDataArchive.Kind.COMMAND).fresh());
    try (var left = Files.list(jar.getParent())) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".failed")).toList());
    }
    Run again = run(CommandJvm.baseOptions(), "cds");
    assertTrue(again.out().startsWith("cached cds: fresh: "), again.toString());
  }

  @Test
  @Order(2)
  void daemonAndStatusMapTheirArchives_andPrintNothingAboutThem() throws Exception {
    Path daemonClasses = dir.resolve("daemon-classes.txt");
    List<String> cmd = new ArrayList<>(List.of(DaemonLauncher.javaCommand()));
    cmd.addAll(DaemonJvm.baseOptions());
    cmd.addAll(archive(ClassDataArchive.Kind.DAEMON).useOptions());
    cmd.addAll(List.of("-Xlog:class+load=info:file=" + daemonClasses, "-cp", jar.toString(), Main.class.getName(),
        "daemon", "--background", "--socket", socket.toString(), "--state-dir", dir.resolve("state").toString(), "--config", "none"));
    Path daemonOut = dir.resolve("daemon-out.txt");
    daemon = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(daemonOut.toFile()).start();
    assertTrue(DaemonLauncher.awaitSocket(daemon, socket, Duration.ofSeconds(60)), Files.readString(daemonOut));
    assertTrue(Files.readString(daemonClasses).contains("dev.cached.daemon.Daemon source: shared objects file (top)"),
        "the daemon's classes come from its archive");

    Path statusClasses = dir.resolve("status-classes.txt");
    Run status = run(with(CommandJvm.baseOptions(), with(archive(ClassDataArchive.Kind.COMMAND).useOptions(),
        List.of("-Xlog:class+load=info:file=" + statusClasses))), "status", "--socket", socket.toString(), "--config", "none");
    assertEquals(0, status.exit(), status.toString());
    assertEquals("", status.err());
    assertTrue(status.out().startsWith("cached "), status.out());
    assertTrue(Files.readString(statusClasses).contains("dev.cached.cli.StatusCommand source: shared objects file (top)"),
        "status's classes come from its archive");
    assertEquals("", Files.readString(daemonOut), "nothing from the JVM on the daemon's output");
  }

  @Test
  @Order(3)
  void brokenArchive_theCommandRunsWithoutIt_silently() throws Exception {
    byte[] junk = new byte[256 * 1024];
    new Random(7).nextBytes(junk);
    Path broken = Files.write(dir.resolve("broken.jsa"), junk);
    Path empty = Files.write(dir.resolve("empty.jsa"), new byte[0]);
    Run plain = run(CommandJvm.baseOptions(), "status", "--socket", socket.toString(), "--config", "none", "--json");
    for (Path a : List.of(broken, empty, dir.resolve("missing.jsa"))) {
      Run r = run(with(CommandJvm.baseOptions(), with(ClassDataArchive.QUIET, List.of("-XX:SharedArchiveFile=" + a))),
          "status", "--socket", socket.toString(), "--config", "none", "--json");
      assertEquals(0, r.exit(), a + ": " + r);
      assertEquals(plain.err(), r.err(), a.toString());
      assertTrue(r.out().startsWith("{"), a + ": " + r.out());
    }
  }

  @Test
  @Order(4)
  void aChangedJarMakesThemStale_theJvmIgnoresTheOldOne_andCdsReplacesIt() throws Exception {
    ClassDataArchive cli = archive(ClassDataArchive.Kind.COMMAND);
    Path old = dir.resolve("old-cli.jsa");
    Files.copy(cli.file(), old);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now())); // a rebuild
    assertFalse(cli.fresh());
    assertEquals(List.of(), cli.useOptions());

    Run stale = run(with(CommandJvm.baseOptions(), with(ClassDataArchive.QUIET, List.of("-XX:SharedArchiveFile=" + old))),
        "status", "--socket", dir.resolve("nothing-here.sock").toString(), "--config", "none");
    assertEquals(Main.NOT_RUNNING, stale.exit(), stale.toString());
    assertEquals("cached is not running (no daemon answers on " + dir.resolve("nothing-here.sock") + ")",
        stale.err().strip(), "one line, and no word about the archive");

    Run remade = run(CommandJvm.baseOptions(), "cds");
    assertTrue(remade.out().startsWith("cached cds: made "), remade.toString());
    assertTrue(cli.fresh());
    assertTrue(archive(ClassDataArchive.Kind.DAEMON).fresh());
  }
}
