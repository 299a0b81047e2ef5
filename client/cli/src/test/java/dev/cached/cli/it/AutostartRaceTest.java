package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import dev.cached.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two client processes find no daemon at the same moment and both autostart one: the instance
 * lock lets one serve, the other's exits, and both clients end up connected to the one daemon.
 */
@Timeout(180)
class AutostartRaceTest {
  private static final Pattern STARTED = Pattern.compile("started \\[.*\\] \\(pid (\\d+)\\)");

  @TempDir Path dir;

  @Test
  void twoClientsRacingToStartTheDaemon_endUpOnOneDaemon() throws Exception {
    Path socket = dir.resolve("run/cached.sock");
    Path root = dir.resolve("root");
    List<Process> probes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    long daemonPid = -1;
    try {
      for (String name : List.of("one", "two")) {
        Path out = dir.resolve(name + ".out");
        outputs.add(out);
        probes.add(probe(socket, root, name, out));
      }
      for (Path out : outputs) {
        awaitLine(out, "ready", probes.get(outputs.indexOf(out)));
      }
      for (Process p : probes) { // both go at once
        OutputStream in = p.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
      }
      for (Process p : probes) {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe still running");
      }
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        String text = Files.readString(outputs.get(i));
        texts.add(text);
        assertEquals(0, probes.get(i).exitValue(), text);
        assertTrue(text.contains("connected=true"), text);
        assertTrue(text.contains("flushed=true done=1"), text);
      }
      daemonPid = pidOf(texts.get(0));
      assertEquals(daemonPid, pidOf(texts.get(1)), "both talk to the same daemon:\n" + texts);
      String lockPid = Files.readString(socket.resolveSibling("cached.sock.lock")).trim();
      assertEquals(Long.toString(daemonPid), lockPid, "the instance lock names the serving daemon");
      assertEquals("one", Files.readString(root.resolve("one.json")));
      assertEquals("two", Files.readString(root.resolve("two.json")));

      List<Long> spawned = new ArrayList<>();
      for (String t : texts) {
        Matcher m = STARTED.matcher(t);
        while (m.find()) {
          spawned.add(Long.parseLong(m.group(1)));
        }
      }
      assertTrue(spawned.contains(daemonPid), "the serving daemon is one a probe started: " + spawned);
      for (long pid : spawned) {
        if (pid != daemonPid) { // the loser exits on its own once it fails to take the lock
          Optional<ProcessHandle> h = ProcessHandle.of(pid);
          if (h.isPresent()) {
            h.get().onExit().get(60, TimeUnit.SECONDS);
          }
          assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still alive");
          String why = Files.readString(socket.resolveSibling("cached.sock.autostart.out"));
          assertTrue(why.contains("another cached daemon (pid " + daemonPid + ") is serving"), why);
        }
      }
      System.out.println("spawned " + spawned + ", serving " + daemonPid + "\n" + texts);
    } finally {
      for (Process p : probes) {
        p.destroyForcibly();
      }
      stop(socket, daemonPid);
    }
  }

  private Process probe(Path socket, Path root, String name, Path out) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    cmd.add(AutostartProbe.class.getName());
    cmd.addAll(List.of(socket.toString(), root.toString(), name));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("CACHED_DAEMON_CMD", Json.mapper().writeValueAsString(DaemonProcess.cachedCommand()));
    pb.environment().put("CACHED_STATE_DIR", dir.resolve("state").toString());
    pb.environment().put("CACHED_CONFIG", "none");
    pb.environment().remove("CACHED_SOCKET");
    return pb.start();
  }

  /** Waits until {@code out} holds {@code line}, polling the file as the process writes it. */
  private static void awaitLine(Path out, String line, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(out), StandardCharsets.UTF_8))) {
          if (r.lines().anyMatch(line::equals)) {
            return;
          }
        }
      }
      assertTrue(p.isAlive(), () -> "probe exited: " + readQuietly(out));
      p.waitFor(20, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("probe did not print '" + line + "': " + readQuietly(out));
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static long pidOf(String text) {
    Matcher m = Pattern.compile("(?m)^pid=(\\d+)$").matcher(text);
    assertTrue(m.find(), text);
    return Long.parseLong(m.group(1));
  }

  private static void stop(Path socket, long pid) throws Exception {
    try (CachedClient admin = CachedClient.connect(CachedClient.options().socket(socket))) {
      admin.shutdown(false);
    } catch (IOException notRunning) {
      // nothing to stop
    }
    if (pid > 0) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        try {
          h.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          h.get().destroyForcibly();
        }
      }
    }
  }
}
