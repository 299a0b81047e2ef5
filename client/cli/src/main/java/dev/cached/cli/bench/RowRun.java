package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.fs.FileOps;
import dev.cached.fs.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * One row of the table: a scenario run directly and via cached, each after the background work
 * ended and the disk settled. A timed row runs each side twice, in the order direct, cached,
 * cached, direct, and reports each side's mean: on a file system whose replacements cost more the
 * more files were deleted in the minutes before (ext4 without a journal skips every recently
 * freed inode when it allocates one, README "Performance"), whichever side runs second pays for
 * the first side's deletions, and this order gives both sides the same history when that cost
 * grows steadily. Both sides write the same files, so they also share the part of the disk
 * (ext4's inode group) whose history that is. A warm-up round runs each side once. The locked
 * row and its unlocked twin, whose caller times are 2-30 ms, run the cached side {@link
 * #SHORT_ROW_CACHED_RUNS} times between the two direct runs, for a median.
 */
final class RowRun {
  private RowRun() {}

  /** Cached runs of the locked row and of its twin: their caller medians are compared. */
  static final int SHORT_ROW_CACHED_RUNS = 5;

  /** Where both sides of a row write, under the row's directory. */
  static Path targets(Path sdir) {
    return sdir.resolve("targets");
  }

  /** One cached run, and what the daemon's status and the bench JVM said around it. */
  record CachedSide(CachedRunner.Timing t, long peakKib, long ioCpuNanos, long coalesced, long daemonJit, long benchJit) {}

  /**
   * Runs {@code s} under {@code sdir}: direct, then {@code cachedRuns} cached runs, then, when
   * there were more than one, direct again.
   */
  static Result run(Scenario s, Path sdir, Path sock, long pid, FileOps directFs, Untimed untimed, int cachedRuns) throws Exception {
    List<DirectRunner.Timing> direct = new ArrayList<>();
    List<CachedSide> cached = new ArrayList<>();
    direct.add(direct(s, sdir, directFs, untimed));
    for (int i = 0; i < Math.max(1, cachedRuns); i++) {
      cached.add(cached(s, sdir, sock, pid, untimed));
    }
    if (cachedRuns > 1) {
      direct.add(direct(s, sdir, directFs, untimed));
    }
    return combine(s, direct, cached);
  }

  private static DirectRunner.Timing direct(Scenario s, Path sdir, FileOps fs, Untimed untimed) throws Exception {
    untimed.settle();
    return DirectRunner.run(s, targets(sdir), fs, RetryPolicy.DAEMON_DEFAULT);
  }

  private static CachedSide cached(Scenario s, Path sdir, Path sock, long pid, Untimed untimed) throws Exception {
    untimed.settle();
    DaemonStatus.jitSettle(sock);
    ObjectNode before = DaemonStatus.of(sock);
    long benchJitBefore = Untimed.jitMillis();
    CachedRunner.Timing t;
    RssSampler rss = new RssSampler(pid);
    try {
      t = CachedRunner.run(s, targets(sdir), sock, pid);
    } finally {
      rss.close();
    }
    long benchJitAfter = Untimed.jitMillis();
    ObjectNode after = DaemonStatus.of(sock);
    return new CachedSide(t, rss.peakKib(),
        Cores.delta(before.path("ioCpuNanos").asLong(-1), after.path("ioCpuNanos").asLong(-1)),
        DaemonStatus.coalesced(after) - DaemonStatus.coalesced(before),
        Cores.delta(before.path("jitMillis").asLong(-1), after.path("jitMillis").asLong(-1)),
        Cores.delta(benchJitBefore, benchJitAfter));
  }

  /** Each side's mean over its runs; the acks of every cached run in one histogram; the highest RSS. */
  static Result combine(Scenario s, List<DirectRunner.Timing> direct, List<CachedSide> cached) {
    Histogram acks = cached.get(0).t().ackMicros().copy();
    cached.subList(1, cached.size()).forEach(c -> acks.add(c.t().ackMicros()));
    long peak = cached.stream().mapToLong(CachedSide::peakKib).max().orElse(-1);
    double writes = (double) s.total() * cached.size();
    long io = sum(cached, CachedSide::ioCpuNanos);
    long client = sum(cached, c -> c.t().clientCpuNanos());
    long daemonJit = sum(cached, CachedSide::daemonJit);
    long benchJit = sum(cached, CachedSide::benchJit);
    List<Double> directRuns = direct.stream().map(DirectRunner.Timing::millis).toList();
    List<Double> doneRuns = cached.stream().map(c -> c.t().completionMillis()).toList();
    List<Double> callerRuns = cached.stream().map(c -> c.t().callerMillis()).toList();
    return new Result(s, mean(direct, DirectRunner.Timing::millis), mean(cached, c -> c.t().callerMillis()),
        mean(cached, c -> c.t().completionMillis()),
        acks.getValueAtPercentile(50), acks.getValueAtPercentile(99), acks.getValueAtPercentile(99.9),
        Math.round(sum(cached, CachedSide::coalesced) / (double) cached.size()), peak,
        io < 0 ? -1 : io / 1000.0 / writes, client < 0 ? -1 : client / 1000.0 / writes,
        daemonJit < 0 ? -1 : Math.round(daemonJit / (double) cached.size()),
        benchJit < 0 ? -1 : Math.round(benchJit / (double) cached.size()),
        knownMean(direct, DirectRunner.Timing::cores), knownMean(cached, c -> c.t().cores()),
        knownMean(cached, c -> c.t().drainMillis()), directRuns, doneRuns, callerRuns);
  }

  private static <T> double mean(List<T> runs, ToDoubleFunction<T> f) {
    return runs.stream().mapToDouble(f).average().orElse(-1);
  }

  /** The mean, or -1 when any run could not tell (-1). */
  private static <T> double knownMean(List<T> runs, ToDoubleFunction<T> f) {
    return runs.stream().anyMatch(r -> f.applyAsDouble(r) < 0) ? -1 : mean(runs, f);
  }

  /** The sum, or -1 when any run could not tell (-1). */
  private static long sum(List<CachedSide> runs, ToLongFunction<CachedSide> f) {
    long total = 0;
    for (CachedSide c : runs) {
      long v = f.applyAsLong(c);
      if (v < 0) {
        return -1;
      }
      total += v;
    }
    return total;
  }
}
