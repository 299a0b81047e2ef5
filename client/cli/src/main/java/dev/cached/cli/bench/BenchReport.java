package dev.cached.cli.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/** The benchmark's results: a table for people, JSON for machines. */
final class BenchReport {
  final boolean quick;
  final List<Result> results = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  double startMillis = -1;
  double statusMillis = -1;
  long idleRssKib = -1;
  /** Closed-loop ack latency at the end, the bench JVM warm: the figure the target is about. */
  RoundTrips rtt = RoundTrips.NONE;
  /** The rounds at the end before {@link #rtt}, measured while the bench JVM was still compiling. */
  final List<RoundTrips> rttEarlier = new ArrayList<>();
  /** The same right after the warm-up, while the bench JVM is still compiling the client's code. */
  RoundTrips rttFirst = RoundTrips.NONE;
  /** One round after {@link #rtt} with the daemon's writers held: the hand-over alone, the bound of the target. */
  RoundTrips rttHeld = RoundTrips.NONE;

  /**
   * One closed-loop measurement: percentiles in µs, and how long the bench JVM's JIT compilers
   * worked meanwhile (ms; -1 where the JVM cannot tell). Compiling takes a core of the two the
   * threads of a round trip share, so it shows in the tail.
   */
  record RoundTrips(double p50Micros, double p99Micros, double p999Micros, long jitMillis) {
    static final RoundTrips NONE = new RoundTrips(-1, -1, -1, -1);

    static RoundTrips of(Histogram h, long jitMillis) {
      return new RoundTrips(h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), jitMillis);
    }

    String line() {
      return p99Micros < 0 ? "n/a" : String.format("p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs (bench JVM compiling meanwhile: %s)",
          p50Micros, p99Micros, p999Micros, jitMillis < 0 ? "n/a" : jitMillis + " ms");
    }
  }

  /**
   * A round of the bench JVM's compiler under this many ms counts as quiet. The target is the
   * daemon's latency; a compiler thread of the bench JVM takes one of the two cores a round trip's
   * four threads share (2.2–3.0 ms p99 with 264–397 ms compiling, 216–362 µs with 3–5 ms).
   */
  static final long QUIET_JIT_MILLIS = 20;

  BenchReport(boolean quick) {
    this.quick = quick;
  }

  /**
   * Records a closed-loop round at the end; true when it is the headline ({@link #rtt}): the bench
   * JVM compiled for less than {@link #QUIET_JIT_MILLIS} during it, or it is the last of {@code
   * maxRounds}. A round before the headline is kept in {@link #rttEarlier} and shown beside it.
   */
  boolean endRound(RoundTrips round, int maxRounds) {
    boolean quiet = round.jitMillis() >= 0 && round.jitMillis() < QUIET_JIT_MILLIS;
    if (!quiet && rttEarlier.size() + 1 < maxRounds) {
      rttEarlier.add(round);
      return false;
    }
    rtt = round;
    return true;
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-32s %8s %10s %9s %9s %6s %7s %22s %9s %9s %8s %8s %8s %10s %9s%n",
        "scenario", "writes", "direct ms", "caller ms", "speedup", "done ms", "ratio", "ack p50/p99/p99.9 µs",
        "direct/s", "applied/s", "peak RSS", "intake", "client", "JIT ms", "cores"));
    for (Result r : results) {
      Scenario s = r.scenario();
      b.append(String.format("%-32s %8d %10.0f %9.0f %8.1fx %9.0f %6.2f %22s %9.0f %9.0f %7.0fM %8s %8s %10s %9s%n",
          s.label(), s.total(), r.directMillis(), r.cachedCallerMillis(), r.callerSpeedup(), r.cachedCompletionMillis(),
          r.completionRatio(),
          String.format("%.0f/%.0f/%.0f", r.ackP50Micros(), r.ackP99Micros(), r.ackP999Micros()),
          r.directPerSecond(), r.appliedPerSecond(), r.peakRssKib() / 1024.0,
          r.intakeMicrosPerOp() < 0 ? "n/a" : String.format("%.1f", r.intakeMicrosPerOp()),
          r.clientMicrosPerOp() < 0 ? "n/a" : String.format("%.1f", r.clientMicrosPerOp()),
          millis(r.daemonJitMillis()) + "/" + millis(r.benchJitMillis()),
          cores(r.directCores()) + "/" + cores(r.cachedCores())));
    }
    b.append(String.format("%ndaemon start to socket ready: %s%n", startMillis < 0 ? "n/a (--socket)" : String.format("%.0f ms", startMillis)));
    b.append(String.format("cached status, whole process (median of 5): %.0f ms%n", statusMillis));
    b.append("ack latency, 4 clients, one 4 KiB write at a time (closed loop), after the matrix: ").append(rtt.line()).append('\n');
    if (!rttEarlier.isEmpty()) {
      b.append("  rounds before it, the bench JVM compiling (p99 µs / JIT ms): ").append(rttEarlier.stream()
          .map(r -> String.format("%.0f / %d", r.p99Micros(), r.jitMillis())).collect(java.util.stream.Collectors.joining(", "))).append('\n');
    }
    b.append("  the same right after the warm-up, the bench JVM still compiling: ").append(rttFirst.line()).append('\n');
    b.append("  the same with the daemon's writers held (the hand-over alone, no writer on the CPU): ").append(rttHeld.line()).append('\n');
    for (Result r : results) {
      if (r.scenario().held()) {
        b.append(heldLine(r)).append('\n');
      }
    }
    String locked = lockedLine();
    if (locked != null) {
      b.append(locked).append('\n');
    }
    b.append(String.format("daemon RSS idle after the warm-up (lowest over %d s): %.0f MiB%n",
        BenchCommand.IDLE_RSS_WATCH_MILLIS / 1000, idleRssKib / 1024.0));
    b.append("ack p50/p99/p99.9 in the table: open loop, from write() to its ack while the whole burst is queued (includes queueing)\n");
    b.append("intake = µs of the daemon's socket-thread CPU per write over the cached run (thread CPU clock, status ioCpuNanos)\n");
    b.append("client = µs of the client threads' CPU per write over the cached run (callers, the client library's sender and reader threads; thread CPU clocks)\n");
    b.append("JIT ms = how long the daemon's / the benchmark's JIT compilers worked during the cached run (on 2 cores they take a core from it)\n");
    b.append("cores = CPU time over wall time, direct run / cached run (the bench JVM's, and the daemon's until every flush returned): how many of the machine's cores each kept busy\n");
    b.append("each row ran direct, cached, cached, direct (the disk's cost grows with recent deletions; README, Performance): every figure is a side's mean over its two runs,"
        + " the ack percentiles over both cached runs, peak RSS the higher; the locked row and its twin ran the cached side "
        + (quick ? 2 : RowRun.SHORT_ROW_CACHED_RUNS) + " times\n");
    b.append("speedup = direct ms / caller ms (how much sooner the caller is free); ratio = done ms / direct ms (below 1: all writes visible sooner than direct)\n");
    for (String n : notes) {
      b.append("note: ").append(n).append('\n');
    }
    return b.toString();
  }

  /**
   * What a row with its writers held shows: the caller with no writer on the CPU (the bound of the
   * caller and intake targets), and the writer alone once the hold ended (against direct's time).
   */
  static String heldLine(Result r) {
    return String.format("%s: writers held until the last ack: caller %.0f ms (%.1fx direct), intake %s µs/write;"
            + " then the writer alone wrote them in %.0f ms (%.2f of direct's %.0f ms)",
        r.scenario().label(), r.cachedCallerMillis(), r.callerSpeedup(),
        r.intakeMicrosPerOp() < 0 ? "n/a" : String.format("%.1f", r.intakeMicrosPerOp()),
        r.drainMillis(), r.drainMillis() / r.directMillis(), r.directMillis());
  }

  /**
   * The locked row against its unlocked twin (the last row before it with the same writes and no
   * locks): the callers' median times, which the target compares; null without both rows.
   */
  String lockedLine() {
    for (int i = results.size() - 1; i > 0; i--) {
      Scenario s = results.get(i).scenario();
      if (s.lockedShare() <= 0) {
        continue;
      }
      for (int j = i - 1; j >= 0; j--) {
        Scenario t = results.get(j).scenario();
        if (t.lockedShare() <= 0 && !t.held() && t.size() == s.size() && t.clients() == s.clients()
            && t.writes() == s.writes() && t.rewrites() == s.rewrites()) {
          Result l = results.get(i);
          Result u = results.get(j);
          return String.format("caller with %s: median %.1f ms of %s, against %.1f ms of %s unlocked (%+.0f%%)",
              s.label().substring(s.label().indexOf("locked") + 6).replace("/", " of targets held "),
              l.callerMedianMillis(), runs(l.callerRunsMillis()), u.callerMedianMillis(), runs(u.callerRunsMillis()),
              (l.callerMedianMillis() / u.callerMedianMillis() - 1) * 100);
        }
      }
    }
    return null;
  }

  private static String runs(List<Double> ms) {
    return ms.stream().map(m -> String.format("%.1f", m)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
  }

  private static String cores(double c) {
    return c < 0 ? "n/a" : String.format("%.1f", c);
  }

  private static String millis(long ms) {
    return ms < 0 ? "n/a" : Long.toString(ms);
  }

  ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("quick", quick);
    n.put("startMillis", startMillis);
    n.put("statusMillis", statusMillis);
    n.put("idleRssKib", idleRssKib);
    n.put("rttP50Micros", rtt.p50Micros());
    n.put("rttP99Micros", rtt.p99Micros());
    n.put("rttP999Micros", rtt.p999Micros());
    n.put("rttJitMillis", rtt.jitMillis());
    ArrayNode earlier = n.putArray("rttEarlier");
    for (RoundTrips r : rttEarlier) {
      earlier.addObject().put("p99Micros", r.p99Micros()).put("jitMillis", r.jitMillis());
    }
    n.put("rttFirstP50Micros", rttFirst.p50Micros());
    n.put("rttFirstP99Micros", rttFirst.p99Micros());
    n.put("rttFirstP999Micros", rttFirst.p999Micros());
    n.put("rttFirstJitMillis", rttFirst.jitMillis());
    n.put("rttHeldP50Micros", rttHeld.p50Micros());
    n.put("rttHeldP99Micros", rttHeld.p99Micros());
    n.put("rttHeldP999Micros", rttHeld.p999Micros());
    n.put("rttHeldJitMillis", rttHeld.jitMillis());
    ArrayNode a = n.putArray("scenarios");
    for (Result r : results) {
      ObjectNode o = a.addObject();
      o.put("label", r.scenario().label());
      o.put("size", r.scenario().size());
      o.put("clients", r.scenario().clients());
      o.put("writes", r.scenario().total());
      o.put("rewrites", r.scenario().rewrites());
      o.put("lockedShare", r.scenario().lockedShare());
      o.put("lockMillis", r.scenario().lockMillis());
      o.put("held", r.scenario().held());
      o.put("drainMillis", r.drainMillis());
      o.put("directMillis", r.directMillis());
      r.directRunsMillis().forEach(o.putArray("directRunsMillis")::add);
      r.completionRunsMillis().forEach(o.putArray("completionRunsMillis")::add);
      r.callerRunsMillis().forEach(o.putArray("callerRunsMillis")::add);
      o.put("cachedCallerMillis", r.cachedCallerMillis());
      o.put("callerMedianMillis", r.callerMedianMillis());
      o.put("cachedCompletionMillis", r.cachedCompletionMillis());
      o.put("callerSpeedup", r.callerSpeedup());
      o.put("completionRatio", r.completionRatio());
      o.put("ackP50Micros", r.ackP50Micros());
      o.put("ackP99Micros", r.ackP99Micros());
      o.put("ackP999Micros", r.ackP999Micros());
      o.put("coalesced", r.coalesced());
      o.put("peakRssKib", r.peakRssKib());
      o.put("intakeMicrosPerOp", r.intakeMicrosPerOp());
      o.put("clientMicrosPerOp", r.clientMicrosPerOp());
      o.put("daemonJitMillis", r.daemonJitMillis());
      o.put("benchJitMillis", r.benchJitMillis());
      o.put("directCores", r.directCores());
      o.put("cachedCores", r.cachedCores());
    }
    notes.forEach(n.putArray("notes")::add);
    return n;
  }
}
