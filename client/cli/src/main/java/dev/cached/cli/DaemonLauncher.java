package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.fs.NullDevice;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Spawns a background daemon from this JVM's java and class path, and waits for its socket. */
public final class DaemonLauncher {
  /**
   * The longest pause between two attempts to reach a starting daemon. A failed attempt costs a
   * fraction of a millisecond, and a longer pause only adds to the wait: with 200 ms, a daemon
   * ready after 930 ms was seen after 1,115 ms.
   */
  static final long POLL_CAP_MS = 20;

  private DaemonLauncher() {}

  /**
   * The daemon's environment defaults, the same in {@code scripts/cached} (a test compares them):
   * few malloc arenas, since each is resident memory and the daemon's threads allocate little natively.
   */
  static final Map<String, String> DAEMON_ENV = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * Starts {@code cached daemon --background} with {@code flags} (config key → value, as
   * {@code --socket}, {@code --state-dir}, {@code --config}), output appended to {@code out}.
   */
  public static Process spawn(Map<String, String> flags, Map<String, String> env, Path out) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaCommand());
    cmd.add("-cp");
    // The jar as an absolute path when it is one: a class-data archive fits the class path it was made with.
    cmd.add(ClassDataArchive.runningJar().map(Path::toString).orElse(System.getProperty("java.class.path")));
    cmd.addAll(DaemonJvm.options());
    cmd.add(Main.class.getName());
    cmd.add("daemon");
    cmd.add("--background");
    for (Map.Entry<String, String> f : flags.entrySet()) {
      cmd.add("--" + (f.getKey().equals("stateDir") ? "state-dir" : f.getKey()));
      cmd.add(f.getValue());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
        .redirectInput(NullDevice.input());
    DAEMON_ENV.forEach(pb.environment()::putIfAbsent);
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * Waits until a daemon answers on {@code socket}, polling with a backoff from 5 to {@link #POLL_CAP_MS} ms.
   *
   * @return true when it answered; false when {@code p} exited or the timeout passed
   */
  public static boolean awaitSocket(Process p, Path socket, Duration timeout) throws CachedException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long delayMs = 5;
    while (System.nanoTime() < deadline) {
      if (p != null && !p.isAlive()) {
        return false;
      }
      try (CachedClient c = Admin.connectOrNull(socket)) {
        if (c != null) {
          return true;
        }
      }
      if (p != null) {
        p.waitFor(delayMs, TimeUnit.MILLISECONDS);
      } else {
        Thread.sleep(delayMs); // nothing to wait on but time: no process of ours
      }
      delayMs = Math.min(POLL_CAP_MS, delayMs * 2);
    }
    return false;
  }

  /** The java executable this JVM runs on (an archive fits one JDK build only). */
  static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
