package dev.cached.client;

import dev.cached.fs.NullDevice;
import dev.cached.fs.OutputRoll;
import dev.cached.fs.OwnerOnly;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Starts the daemon when none answers, the way Watchman and sccache do: spawns {@code <command>
 * daemon --background --socket <socket>} detached (its own session where {@code setsid} exists,
 * stdin from the null device, output appended to {@code <socket>.autostart.out}), then connects
 * with a bounded backoff (10 ms doubling to 20 ms: a failed attempt is cheap, and a longer pause
 * only adds to the caller's wait) until the wait is over.
 *
 * <p>Two clients may race: both spawn a daemon, the daemon's instance lock lets one serve, and the
 * other exits with "another cached daemon (pid N) is serving …". A client whose own child lost
 * that race keeps waiting for the winner's socket, so both end up on the one daemon.
 *
 * <p>Outcomes: a connected client; or {@link CachedUnavailableException} naming the command and
 * why (it could not be run, it exited before answering with its output's tail, or no daemon
 * answered within the wait). Stateless; each call blocks its caller for at most the wait.
 */
final class Autostart {
  private static final System.Logger LOG = System.getLogger("dev.cached.client");
  private static final String LOST_RACE = "another cached daemon";

  /** {@code <socket>.autostart.out} rolls to {@code .1} past this size before a start. */
  static final long OUT_ROLL_AT = 1024 * 1024;

  private Autostart() {}

  static CachedClient connect(CachedClient.Options o, Path socket, List<String> command, Duration wait, Transport transport)
      throws CachedException {
    if (command.isEmpty()) {
      throw new CachedUnavailableException("autostart: no daemon command (set " + DaemonCommandLine.ENV
          + ", put 'cached' on PATH, or set the launcher option)", null);
    }
    DaemonCommandLine.Launch launch = DaemonCommandLine.daemonLaunch(command, socket, isWindows());
    List<String> argv = new ArrayList<>(sessionPrefix());
    argv.addAll(launch.argv());
    argv.addAll(listen(transport));
    Path out = socket.resolveSibling(socket.getFileName() + ".autostart.out");
    long t0 = System.nanoTime();
    long outStart;
    Process p;
    try {
      privateDir(socket.getParent());
      OutputRoll.roll(out, OUT_ROLL_AT);
      outStart = Files.exists(out) ? Files.size(out) : 0;
      ProcessBuilder pb = new ProcessBuilder(argv)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
          .redirectInput(NullDevice.input());
      pb.environment().putAll(launch.env());
      p = pb.start();
    } catch (IOException e) {
      throw new CachedUnavailableException("autostart: cannot run " + argv + ": " + e.getMessage(), e);
    }
    LOG.log(Level.INFO, "no cached daemon on " + socket + "; started " + argv + " (pid " + p.pid() + ")");
    long deadline = t0 + wait.toNanos();
    long delayMs = 10;
    boolean lostRace = false;
    CachedUnavailableException last = null;
    for (int attempt = 1; ; attempt++) {
      try {
        CachedClient c = CachedClient.connect(o);
        LOG.log(Level.INFO, "cached daemon answered on " + socket + " after "
            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms (" + attempt + " attempts"
            + (lostRace ? "; another client's daemon won the start race)" : ")"));
        return c;
      } catch (CachedUnavailableException e) {
        last = e;
      }
      if (!lostRace && !p.isAlive()) {
        String tail = tail(out, outStart);
        if (p.exitValue() != 0 && !tail.contains(LOST_RACE)) {
          throw new CachedUnavailableException("autostart: " + argv + " exited with code " + p.exitValue()
              + " before " + socket + " answered; its output (" + out + "): " + tail.strip(), last);
        }
        lostRace = true; // its exit says another daemon holds the lock: wait for that one's socket
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new CachedUnavailableException("autostart: no daemon answered on " + socket + " within "
            + wait.toMillis() + " ms after starting " + argv + " (pid " + p.pid() + "); see " + out, last);
      }
      long ms = Math.min(delayMs, TimeUnit.NANOSECONDS.toMillis(left) + 1);
      try {
        if (p.isAlive()) {
          p.waitFor(ms, TimeUnit.MILLISECONDS); // returns early if the child exits
        } else {
          TimeUnit.MILLISECONDS.sleep(ms);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CachedUnavailableException("autostart: interrupted while waiting for " + socket, e);
      }
      delayMs = Math.min(20, delayMs * 2);
    }
  }

  /**
   * The daemon's {@code --listen} when this client needs TCP: {@code unix,tcp} when it chose TCP,
   * {@code tcp} alone when this JDK has no {@code AF_UNIX} (the daemon, on the same machine, is
   * unlikely to have it either); nothing (the daemon's default) when the Unix socket will do.
   */
  static List<String> listen(Transport transport) {
    boolean unix = Dial.unixSupported();
    if (transport == Transport.TCP || (transport == Transport.AUTO && !unix)) {
      return List.of("--listen", unix ? "unix,tcp" : "tcp");
    }
    return List.of();
  }

  /** {@code setsid} where it exists, so the daemon outlives the caller's terminal session. */
  private static List<String> sessionPrefix() {
    if (isWindows()) {
      return List.of();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setsid"))) {
          return List.of("setsid");
        }
      }
    }
    return List.of();
  }

  /**
   * Creates the socket's directory owner-only when missing, as the daemon would (which refuses one
   * that others may use: on Windows, a plain new directory inherits its parent's ACL).
   */
  private static void privateDir(Path dir) throws IOException {
    if (dir == null || Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (dir.getParent() != null) {
      Files.createDirectories(dir.getParent());
    }
    try {
      OwnerOnly.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another client made it first
    }
  }

  private static String tail(Path out, long from) {
    try (InputStream in = Files.newInputStream(out)) {
      in.skipNBytes(from);
      byte[] b = in.readNBytes(64 * 1024);
      String s = new String(b, StandardCharsets.UTF_8);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(cannot read " + out + ": " + e.getMessage() + ")";
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
  }
}
