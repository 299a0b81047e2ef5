package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.fs.OwnerOnly;
import dev.cached.protocol.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cached status} and {@code cached doctor} against a running daemon (with a client streaming
 * writes) and against none. The daemon runs with tiny debug logs, so its rolling is checked too.
 */
class StatusCommandTest {
  @TempDir static Path dir;
  static DaemonProcess daemon;
  static Cli cli;

  @BeforeAll
  static void start() throws Exception {
    daemon = new DaemonProcess(dir).start("--log.level", "debug", "--log.maxFileSize", "1KiB", "--log.maxHistory", "2");
    cli = Cli.of(daemon);
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void humanStatusUnderLoadNamesTheClientTheQueueAndTheLog() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sent = new AtomicInteger();
    Thread load = new Thread(() -> stream(dir.resolve("load"), stop, sent), "status-test-load");
    load.start();
    Cli.Result status;
    try {
      Await.until(Duration.ofSeconds(30), () -> sent.get() > 200, () -> "the load client did not get going");
      status = cli.run("status");
    } finally {
      stop.set(true);
      load.join();
    }
    System.out.println("cached status under load:\n" + status.out());
    assertEquals(0, status.exit(), status.toString());
    String out = status.out();
    assertTrue(out.startsWith("cached "), out);
    assertTrue(out.contains("pid " + daemon.pid()), out);
    assertTrue(out.contains(daemon.socket().toString()), out);
    assertTrue(out.contains(daemon.stateDir().resolve("cached.log").toString()), out);
    assertTrue(Pattern.compile("(?m)^  loadgen +pid " + ProcessHandle.current().pid()).matcher(out).find(), "the load client and its pid: " + out);
    for (String key : List.of("queue", "retrying", "breakers", "temps", "totals", "latency")) {
      assertTrue(Pattern.compile("(?m)^" + key + " ").matcher(out).find(), key + " line in: " + out);
    }
    Matcher accepted = Pattern.compile("accepted (\\d+)").matcher(out);
    assertTrue(accepted.find() && Long.parseLong(accepted.group(1)) > 0, out);
    assertTrue(out.lines().count() <= 40, "one screen: " + out);
  }

  @Test
  void jsonStatusHasExactlyTheFieldsTheReadmeDocuments() throws Exception {
    Cli.Result r = cli.run("status", "--json");
    assertEquals(0, r.exit(), r.toString());
    JsonNode s = Json.mapper().readTree(r.out());
    TreeSet<String> actual = new TreeSet<>();
    s.fieldNames().forEachRemaining(actual::add);
    assertEquals(ReadmeStatusFields.topLevel(), actual, "README 'Status fields' vs cached status --json");
    assertEquals(daemon.pid(), s.path("pid").asLong());
    assertEquals(daemon.stateDir().resolve("cached.log").toString(), s.path("logFile").asText());
  }

  @Test
  void watchRefreshesEverySecond() throws Exception {
    List<String> cmd = DaemonProcess.cachedCommand();
    cmd.addAll(List.of("status", "--watch", "--socket", daemon.socket().toString(), "--config", "none"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> uptimes = new ArrayList<>();
      Pattern up = Pattern.compile("^(?:\\e\\[H\\e\\[2J)?cached .* up (\\S+)");
      String line;
      while (uptimes.size() < 3 && (line = in.readLine()) != null) {
        Matcher m = up.matcher(line);
        if (m.find()) {
          uptimes.add(m.group(1));
        }
      }
      assertEquals(3, uptimes.size(), "three screens before the output ended: " + uptimes);
      assertTrue(p.isAlive(), "still watching");
    } finally {
      p.destroy();
      p.waitFor();
    }
  }

  @Test
  void doctorAnswersOkForARunningDaemonAndFixesForAMissingRoot() throws Exception {
    Cli.Result ok = cli.run("doctor");
    assertEquals(0, ok.exit(), ok.toString());
    assertTrue(ok.out().contains("ok   daemon: answers (pid " + daemon.pid()), ok.toString());
    assertTrue(ok.out().contains("ok   socket directory: " + daemon.socket().getParent() + " (yours, " + OwnerOnly.describe(daemon.socket().getParent()) + ")"), ok.toString());
    assertTrue(ok.out().contains("ok   log size: "), ok.toString());

    Path missing = dir.resolve("no-such-root");
    Cli.Result bad = cli.run(java.util.Map.of("CACHED_ALLOWED_ROOTS", missing.toString()), "doctor");
    assertEquals(1, bad.exit(), bad.toString());
    assertTrue(bad.out().contains("FIX: allowed root: " + missing + " does not exist; fix: 'mkdir -p " + missing + "'"), bad.toString());
  }

  @Test
  void notRunningStatusIsOneLineExit3AndDoctorSaysOk() throws Exception {
    Cli none = new Cli(dir, dir.resolve("elsewhere").resolve("run").resolve("cached.sock"), dir.resolve("elsewhere").resolve("state"));
    Cli.Result status = none.run("status");
    assertEquals(3, status.exit(), status.toString());
    assertEquals("cached is not running (no daemon answers on " + none.socket() + ")\n", status.err());
    assertEquals("", status.out());
    Cli.Result json = none.run("status", "--json");
    assertEquals(3, json.exit(), json.toString());
    assertFalse(json.err().contains("Exception"), json.toString());
    Cli.Result doctor = none.run("doctor");
    assertEquals(0, doctor.exit(), doctor.toString());
    assertTrue(doctor.out().contains("ok   daemon: not running"), doctor.toString());
    assertTrue(doctor.out().contains("does not exist yet"), doctor.toString());
  }

  /** log.maxFileSize 1KiB, log.maxHistory 2, debug: refused requests roll the log; three files at most. */
  @Test
  void debugLogRollsAndStaysWithinTheCap() throws Exception {
    try (CachedClient c = daemon.client(dir.resolve("refused"))) {
      for (int i = 0; i < 200; i++) {
        try {
          c.writeDurable("../outside-" + i, new byte[] {1});
        } catch (CachedException expected) {
          // refused, and logged at debug
        }
      }
    }
    Path state = daemon.stateDir();
    Await.until(Duration.ofSeconds(10), () -> Files.exists(state.resolve("cached.2.log")), () -> "no second rolled log");
    assertFalse(Files.exists(state.resolve("cached.3.log")), "log.maxHistory 2 keeps two rolled files");
    String rolled = Files.readString(state.resolve("cached.1.log"));
    assertTrue(rolled.contains(" DEBUG "), "log.level debug is honoured: " + rolled);
    for (String name : List.of("cached.log", "cached.1.log", "cached.2.log")) {
      long size = Files.size(state.resolve(name));
      assertTrue(size <= 1024 + 1024, name + " is " + size + " bytes: at most the cap plus one line");
    }
    Cli.Result doctor = cli.run("doctor");
    assertTrue(doctor.out().contains("ok   log size: "), doctor.toString());
  }

  private static void stream(Path root, AtomicBoolean stop, AtomicInteger sent) {
    Random r = new Random(1);
    try (CachedClient c = CachedClient.connect(CachedClient.options().socket(daemon.socket()).root(root).clientName("loadgen"))) {
      while (!stop.get()) {
        byte[] data = new byte[r.nextInt(256 * 1024)];
        r.nextBytes(data);
        c.write("m" + r.nextInt(2000) + ".json", data);
        sent.incrementAndGet();
      }
      c.flush();
    } catch (CachedException e) {
      throw new IllegalStateException(e);
    }
  }
}
