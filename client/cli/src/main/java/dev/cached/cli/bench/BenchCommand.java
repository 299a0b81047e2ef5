package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.cached.cli.ClientTransport;
import dev.cached.daemon.memory.HeapTrim;
import dev.cached.fs.FileOps;
import dev.cached.fs.RealFileOps;
import dev.cached.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cached bench}: the same writes done directly (temp + atomic replace in the caller, same
 * retry policy) and via the daemon, side by side, in one run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {
      "Benchmark: writes done directly (in-process temp + atomic replace, same retry policy) beside the same writes via cached.",
      "Starts its own daemon in a temp directory unless --socket names a running one."})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--socket", paramLabel = "PATH", description = "use the daemon on this socket instead of starting one")
  Path socket;

  @Option(names = "--transport", paramLabel = "auto|unix|tcp",
      description = "how the clients reach the daemon; with tcp the benchmark's daemon listens on unix,tcp (env CACHED_TRANSPORT; default auto)")
  void transport(String word) {
    ClientTransport.choose(word);
  }

  @Option(names = "--acks", paramLabel = "batch|each", defaultValue = "batch",
      description = "how the daemon acknowledges queued writes: batch (one answer per read, the client's default) or each (one per write)")
  void acks(String word) {
    if (!word.equals("batch") && !word.equals("each")) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--acks : '" + word + "' (expected: batch or each)");
    }
    CachedRunner.batchAcks = word.equals("batch");
  }

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR", description = "where to write (default: a new temp directory, removed afterwards); put it on the disk you care about")
  Path dir;

  @Option(names = "--quick", description = "a tenth of the writes: a smoke run (CI runs it)")
  boolean quick;

  @Option(names = "--json", description = "print the results as JSON instead of a table")
  boolean json;

  @Option(names = "--sizes", split = ",", paramLabel = "BYTES", description = "payload sizes for a custom matrix (e.g. 4096,65536)")
  List<Integer> sizes;

  @Option(names = "--clients", split = ",", paramLabel = "N", description = "client counts for a custom matrix (e.g. 1,4,16)")
  List<Integer> clients;

  @Option(names = "--writes", paramLabel = "N", description = "writes per client in a custom matrix (default: about 16 MiB per client, at least 100)")
  Integer writes;

  @Option(names = "--held", description = "in a custom matrix, follow each distinct row with its twin whose writers are held until the last ack (the default matrix has one, under 4 KiB x1)")
  boolean heldTwins;

  @Option(names = "--locked-share", paramLabel = "SHARE", defaultValue = "0.05", description = "share of targets held in the locked scenario (default ${DEFAULT-VALUE})")
  double lockedShare;

  @Option(names = "--daemon-config", paramLabel = "KEY=VALUE",
      description = "a config key for the benchmark's own daemons, repeatable (e.g. --daemon-config intakeFirst=0 for an A/B run; see config/CONFIG.md)")
  Map<String, String> daemonConfig = new java.util.LinkedHashMap<>();

  @Option(names = "--lock-millis", paramLabel = "MS", defaultValue = "200", description = "how long a held target stays held (default ${DEFAULT-VALUE})")
  int lockMillis;

  /** The default matrix's unlocked twin of the locked row, run on a daemon started like the locked one. */
  private Scenario lockedTwin;

  /** When the run started, for the progress lines on stderr. */
  private final long began = System.nanoTime();

  /** One progress line on stderr (stdout carries only the table or the JSON): what finished, and when. */
  private void progress(String what) {
    System.err.printf("[%5.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
  }

  @Override
  public Integer call() throws Exception {
    boolean ownDir = dir == null;
    Path work = ownDir ? Files.createTempDirectory("cached-bench") : Files.createDirectories(dir);
    try (Untimed untimed = new Untimed()) {
      BenchReport report = run(work, untimed);
      // printed before the clean-up ends: the results need not wait for the last deletes
      System.out.println(json ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()) : report.table());
      return 0;
    } finally {
      if (ownDir) {
        Untimed.deleteTree(work); // after the background deletes ended: two walks of one tree trip over each other
      }
    }
  }

  private BenchReport run(Path work, Untimed untimed) throws Exception {
    List<Scenario> scenarios = scenarios();
    BenchReport report = new BenchReport(quick);
    report.notes.add("transport: " + ClientTransport.chosen().wire() + " (--transport); acks: "
        + (CachedRunner.batchAcks ? "batch" : "each") + " (--acks)");
    if (!daemonConfig.isEmpty()) {
      report.notes.add("daemon config: " + daemonConfig + (socket != null ? " (ignored: --socket names a running daemon)" : ""));
    }
    BenchDaemon own = socket == null ? BenchDaemon.start(work.resolve("daemon"), Map.of(), daemonConfig) : null;
    Path sock = own != null ? own.socket : socket;
    try {
      long pid = DaemonStatus.pid(sock);
      boolean canHold = HeldWriters.supported(sock);
      if (own != null) {
        report.startMillis = own.startMillis;
      }
      report.statusMillis = StatusTimer.median(sock, 5);
      // A daemon runs for hours: measure it warm (JIT-compiled), and the direct writer likewise.
      // Its targets are new files; every scenario's exist beforehand.
      String firstWarmUp = warmUp(work.resolve("warmup-a"), sock, pid, untimed, 1);
      progress("warm-up done");
      if (!scenarios.isEmpty()) {
        prepare(scenarios.get(0), work.resolve("s0"), untimed); // while the daemon idles
      }
      report.idleRssKib = settledRss(pid);
      untimed.settle();
      report.rttFirst = roundTrips(work.resolve("rtt-first"), sock);
      untimed.deleteLater(work.resolve("rtt-first"));
      progress("idle RSS and first closed-loop latency done");
      // After the idle time and the closed loop, the daemon compiled for 0.6 s of the first timed
      // row (4 KiB x1), though the warm-up before them had gone quiet: warm up again, until quiet.
      report.notes.add("warm-up: before the idle RSS, the daemon's JIT compiled " + firstWarmUp
          + "; then, until quiet: " + warmUp(work.resolve("warmup-b"), sock, pid, untimed, quick ? 1 : MAX_WARM_UP_ROUNDS));
      progress("second warm-up done");
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario s = scenarios.get(i);
        Path sdir = work.resolve("s" + i);
        boolean ownDaemon = s.lockedShare() > 0 || s == lockedTwin;
        if (ownDaemon && own == null) {
          report.notes.add(s.label() + ": skipped (runs on a daemon of its own, which the benchmark starts only without --socket)");
        } else if (s.held() && !canHold) {
          report.notes.add(s.label() + ": skipped (the daemon does not know the 'hold' request: an older one)");
        } else {
          if (i > 0) {
            prepare(s, sdir, untimed);
          }
          report.results.add(ownDaemon ? runOnFreshDaemon(s, sdir, untimed, report.notes)
              : RowRun.run(s, sdir, sock, pid, RealFileOps.INSTANCE, untimed, 2));
          progress(s.label() + " done");
        }
        untimed.deleteLater(sdir);
      }
      // Measured again at the end, after an untimed round of its own: by now the bench JVM has
      // compiled the client's code, as in an analyzer that has run a while. Right after the
      // warm-up its compilers still take a core of the two (README, Performance).
      // Then rounds until the bench JVM's compiler is quiet through one (at most END_RTT_ROUNDS):
      // its compiler thread takes a core from the round trips, and the target is the daemon's.
      untimed.settle();
      roundTrips(work.resolve("rtt-warm-up"), sock);
      untimed.deleteLater(work.resolve("rtt-warm-up"));
      for (int r = 0; ; r++) {
        untimed.settle();
        Path dir = work.resolve("rtt-" + r);
        boolean headline = report.endRound(roundTrips(dir, sock), quick ? 1 : END_RTT_ROUNDS);
        untimed.deleteLater(dir);
        if (headline) {
          break;
        }
      }
      // The bound of the target: the same round with no writer on the CPU.
      if (canHold) {
        untimed.settle();
        report.rttHeld = roundTrips(work.resolve("rtt-held"), sock, true);
        untimed.deleteLater(work.resolve("rtt-held"));
      }
      progress("closed-loop latency done");
    } finally {
      if (own != null) {
        own.close();
      }
    }
    return report;
  }

  /** One closed-loop round: 4 clients, one 4 KiB write at a time, and the JIT time it overlapped. */
  private BenchReport.RoundTrips roundTrips(Path root, Path sock) throws Exception {
    return roundTrips(root, sock, false);
  }

  /** The same; {@code held}: with the daemon's writers held until the last write's ack. */
  private BenchReport.RoundTrips roundTrips(Path root, Path sock, boolean held) throws Exception {
    long before = Untimed.jitMillis();
    Histogram h = CachedRunner.roundTrips(root, sock, 4, quick ? 200 : 2000, 4096, held);
    return BenchReport.RoundTrips.of(h, before < 0 ? -1 : Untimed.jitMillis() - before);
  }

  /** The most closed-loop rounds at the end: a bench JVM that keeps compiling costs this many. */
  private static final int END_RTT_ROUNDS = 4;

  /** The most warm-up rounds: a JIT that never goes quiet costs this many. */
  private static final int MAX_WARM_UP_ROUNDS = 6;

  /**
   * Untimed writes for the daemon and the direct writer, in rounds until the daemon's JIT
   * compilers worked less than a twentieth of a round's cached run (at most {@code maxRounds}): a
   * daemon runs for hours, JIT-compiled. One round was not enough: the daemon then compiled for
   * 2.0 s during the first timed row (4 KiB x1, 2.3 s), on one of the two cores. Each round has
   * the matrix's three sizes, several clients and rewrites, so the paths of every row get compiled
   * (without the rewrites, the daemon compiled for 278 ms of the 4 KiB rewrite row). Returns
   * what the daemon compiled in each round.
   */
  private String warmUp(Path work, Path sock, long pid, Untimed untimed, int maxRounds) throws Exception {
    List<Scenario> round = List.of(
        new Scenario(4096, 2, quick ? 1000 : 10_000, 1, 0, 0),
        new Scenario(4096, 1, quick ? 500 : 5000, 5, 0, 0), // the coalescing paths of the rewrite rows
        new Scenario(65536, 4, quick ? 30 : 300, 1, 0, 0),
        new Scenario(1 << 20, 1, quick ? 5 : 30, 1, 0, 0));
    return untilQuiet(maxRounds, r -> {
      long compiled = 0;
      double ran = 0;
      for (int i = 0; i < round.size(); i++) {
        Path dir = work.resolve(r + "-" + i);
        Result w = RowRun.run(round.get(i), dir, sock, pid, RealFileOps.INSTANCE, untimed, 1);
        untimed.deleteLater(dir);
        compiled = w.daemonJitMillis() < 0 || compiled < 0 ? -1 : compiled + w.daemonJitMillis();
        ran += w.cachedCompletionMillis();
      }
      return new WarmUpRound(compiled, ran);
    });
  }

  /** What a daemon's JIT compiled during one warm-up round (ms, -1 when it cannot tell), and how long the round ran. */
  private record WarmUpRound(long compiledMillis, double ranMillis) {}

  /** Runs round {@code r} of a warm-up. */
  private interface WarmUpStep {
    WarmUpRound run(int r) throws Exception;
  }

  /**
   * Warm-up rounds until the daemon's JIT compiled for less than a twentieth of one (at most
   * {@code maxRounds}, or until a round cannot tell); returns what it compiled in each round.
   */
  private static String untilQuiet(int maxRounds, WarmUpStep step) throws Exception {
    List<String> jit = new ArrayList<>();
    for (int r = 0; r < maxRounds; r++) {
      WarmUpRound w = step.run(r);
      jit.add(w.compiledMillis() < 0 ? "n/a" : w.compiledMillis() + " ms in " + Math.round(w.ranMillis()) + " ms");
      if (w.compiledMillis() < 0 || w.compiledMillis() < w.ranMillis() / 20) {
        break;
      }
    }
    return String.join(", then ", jit) + " (" + jit.size() + (jit.size() == 1 ? " round)" : " rounds)");
  }

  /**
   * A round of the warm-up of a daemon started for one short row (the locked one and its twin):
   * both get the same, and the benchmark's own side is warm already.
   */
  private Scenario shortWarmUp() {
    return new Scenario(4096, 2, quick ? 1000 : 5000, 1, 0, 0);
  }

  /**
   * Warms up a daemon started for one short row: {@link #shortWarmUp} rounds {@link #untilQuiet}
   * (at most {@link #MAX_WARM_UP_ROUNDS}; one with {@code --quick}). The locked row's daemon meets
   * its retry path there (5% of the warm-up's targets are held too), which one round left it
   * compiling during the row: 222 and 230 ms over the locked row's five runs against 33 and 47 over
   * its twin's, whose callers' medians it then missed by 79-200%. Returns what it compiled in each
   * round, for the notes.
   */
  private String warmUpShortRow(Path work, BenchDaemon d, Untimed untimed) throws Exception {
    return untilQuiet(quick ? 1 : MAX_WARM_UP_ROUNDS, r -> {
      long before = DaemonStatus.of(d.socket).path("jitMillis").asLong(-1);
      Path dir = work.resolve("warmup-" + r);
      CachedRunner.Timing t = CachedRunner.run(shortWarmUp(), dir, d.socket, d.pid);
      untimed.deleteLater(dir);
      return new WarmUpRound(Cores.delta(before, DaemonStatus.of(d.socket).path("jitMillis").asLong(-1)), t.completionMillis());
    });
  }

  /**
   * Runs {@code s} on a daemon of its own, started and warmed up the same way whether it holds
   * targets (fault injection) or not: the locked row and its unlocked twin differ in the locks only.
   */
  private Result runOnFreshDaemon(Scenario s, Path sdir, Untimed untimed, List<String> notes) throws Exception {
    Map<String, String> env = s.lockedShare() <= 0 ? Map.of() : Map.of(
        "CACHED_FAULTS_HOLD_SHARE", Double.toString(s.lockedShare()),
        "CACHED_FAULTS_HOLD_TIME", s.lockMillis() + "ms");
    try (BenchDaemon d = BenchDaemon.start(sdir.resolve("daemon"), env, daemonConfig)) {
      notes.add(s.label() + " (on a daemon of its own): its warm-up compiled " + warmUpShortRow(sdir, d, untimed));
      FileOps direct = s.lockedShare() <= 0 ? RealFileOps.INSTANCE
          : LockedFiles.emulate(RealFileOps.INSTANCE, s.lockedShare(), s.lockMillis());
      return RowRun.run(s, sdir, d.socket, d.pid, direct, untimed, quick ? 2 : RowRun.SHORT_ROW_CACHED_RUNS);
    }
  }

  /** Makes the targets of {@code s} under {@code sdir}, in the background: the timed writes replace existing files. */
  private static void prepare(Scenario s, Path sdir, Untimed untimed) {
    untimed.later(() -> {
      prepopulate(s, RowRun.targets(sdir));
      return null;
    });
  }

  /** Writes every distinct target once, so that the timed writes replace existing files. */
  private static void prepopulate(Scenario s, Path root) throws IOException {
    byte[] data = Payloads.of(s.size(), 99);
    for (int c = 0; c < s.clients(); c++) {
      int distinct = Math.max(1, s.writes() / s.rewrites());
      Files.createDirectories(root.resolve(s.path(c, 0)).getParent()); // one directory per client
      for (int i = 0; i < Math.min(distinct, s.writes()); i++) {
        Files.write(root.resolve(s.path(c, i)), data);
      }
    }
  }

  private List<Scenario> scenarios() {
    int div = quick ? 10 : 1;
    List<Scenario> out = new ArrayList<>();
    if (sizes != null || clients != null || writes != null) {
      for (int size : sizes != null ? sizes : List.of(4096)) {
        for (int c : clients != null ? clients : List.of(1)) {
          int w = writes != null ? writes : Math.max(100, (16 << 20) / Math.max(1, size));
          Scenario distinct = new Scenario(size, c, Math.max(1, w / div), 1, 0, 0);
          out.add(distinct);
          if (heldTwins) {
            out.add(distinct.withWritersHeld());
          }
          out.add(new Scenario(size, c, Math.max(5, w / div), 5, 0, 0));
        }
      }
      return out;
    }
    out.add(new Scenario(4096, 1, 5000 / div, 1, 0, 0));
    out.add(new Scenario(4096, 1, 5000 / div, 1, 0, 0).withWritersHeld()); // the bound of the row above
    out.add(new Scenario(65536, 1, 1500 / div, 1, 0, 0));
    out.add(new Scenario(1 << 20, 1, 100 / div, 1, 0, 0));
    out.add(new Scenario(4096, 4, 1500 / div, 1, 0, 0));
    out.add(new Scenario(4096, 16, 400 / div, 1, 0, 0));
    out.add(new Scenario(65536, 4, 300 / div, 1, 0, 0));
    out.add(new Scenario(4096, 1, 5000 / div, 5, 0, 0));
    out.add(new Scenario(65536, 4, 500 / div, 5, 0, 0));
    lockedTwin = new Scenario(4096, 1, 300 / div, 1, 0, 0);
    out.add(lockedTwin);
    out.add(new Scenario(4096, 1, 300 / div, 1, lockedShare, lockMillis));
    return out;
  }

  /** How long the idle RSS is watched: the daemon trims once it has been quiet {@link HeapTrim#QUIET}, looking each second. */
  static final long IDLE_RSS_WATCH_MILLIS = HeapTrim.QUIET.toMillis() + 3_000;

  /** The lowest RSS seen while the daemon idles for {@link #IDLE_RSS_WATCH_MILLIS}, after which it has trimmed. */
  private static long settledRss(long pid) throws InterruptedException {
    long min = Long.MAX_VALUE;
    Object tick = new Object();
    for (int i = 0; i < IDLE_RSS_WATCH_MILLIS / 500; i++) {
      long kib = RssSampler.rssKib(pid);
      if (kib > 0) {
        min = Math.min(min, kib);
      }
      synchronized (tick) {
        tick.wait(500); // sampling period while the daemon idles
      }
    }
    return min == Long.MAX_VALUE ? -1 : min;
  }

  static ArrayNode array() {
    return Json.mapper().createArrayNode();
  }
}
