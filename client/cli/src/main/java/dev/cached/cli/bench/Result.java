package dev.cached.cli.bench;

import java.util.List;

/**
 * What one scenario measured, both ways.
 *
 * @param scenario the scenario
 * @param directMillis direct: time to do every write in-process (caller time = completion time)
 * @param cachedCallerMillis via cached: time until the last queued ack
 * @param cachedCompletionMillis via cached: time until a flush returned (all writes visible)
 * @param ackP50Micros per-write ack latency, median
 * @param ackP99Micros per-write ack latency, 99th percentile
 * @param ackP999Micros per-write ack latency, 99.9th percentile
 * @param coalesced writes the daemon dropped because a newer one overtook them
 * @param peakRssKib the daemon's peak resident set during the scenario, or -1
 * @param intakeMicrosPerOp CPU time of the daemon's socket thread over the cached run (from its
 *     thread CPU clock, status {@code ioCpuNanos}) per write, or -1 when the daemon cannot tell
 * @param clientMicrosPerOp CPU time of the client threads over the cached run (the callers and the
 *     client library's sender and reader threads; not the JVM's compiler or collector) per write, or -1
 * @param daemonJitMillis how long the daemon's JIT compilers worked during the cached run (status
 *     {@code jitMillis}), or -1: on 2 cores a compiler thread takes a core from the run
 * @param benchJitMillis the same for the benchmark's own JVM (the clients), or -1
 * @param directCores the cores the direct run kept busy: the benchmark JVM's CPU time over the run's
 *     wall time ({@link Cores}), or -1
 * @param cachedCores the same for the cached run: the benchmark JVM's and the daemon's CPU time
 *     until every flush returned, over that time, or -1
 * @param drainMillis a scenario with its writers held ({@link Scenario#held}): from the release of
 *     the hold, after the last caller's last ack, until every flush returned (the writer alone);
 *     -1 for the others
 * @param directRunsMillis each direct run's time, in the order they ran (a timed row runs each side
 *     twice, {@link RowRun}); {@code directMillis} is their mean
 * @param completionRunsMillis each cached run's completion time, likewise
 * @param callerRunsMillis each cached run's caller time, likewise; {@code cachedCallerMillis} is
 *     their mean
 */
public record Result(
    Scenario scenario, double directMillis, double cachedCallerMillis, double cachedCompletionMillis,
    double ackP50Micros, double ackP99Micros, double ackP999Micros, long coalesced, long peakRssKib,
    double intakeMicrosPerOp, double clientMicrosPerOp, long daemonJitMillis, long benchJitMillis,
    double directCores, double cachedCores, double drainMillis, List<Double> directRunsMillis,
    List<Double> completionRunsMillis, List<Double> callerRunsMillis) {

  /** A row whose sides ran once each. */
  public Result(
      Scenario scenario, double directMillis, double cachedCallerMillis, double cachedCompletionMillis,
      double ackP50Micros, double ackP99Micros, double ackP999Micros, long coalesced, long peakRssKib,
      double intakeMicrosPerOp, double clientMicrosPerOp, long daemonJitMillis, long benchJitMillis,
      double directCores, double cachedCores, double drainMillis) {
    this(scenario, directMillis, cachedCallerMillis, cachedCompletionMillis, ackP50Micros, ackP99Micros, ackP999Micros,
        coalesced, peakRssKib, intakeMicrosPerOp, clientMicrosPerOp, daemonJitMillis, benchJitMillis, directCores,
        cachedCores, drainMillis, List.of(directMillis), List.of(cachedCompletionMillis), List.of(cachedCallerMillis));
  }

  public Result {
    directRunsMillis = List.copyOf(directRunsMillis);
    completionRunsMillis = List.copyOf(completionRunsMillis);
    callerRunsMillis = List.copyOf(callerRunsMillis);
  }

  /**
   * The median of the cached runs' caller times (the mean of the middle two for an even count):
   * a short row's runs take 2-30 ms, and one of them may meet the daemon's compiler or a
   * collection, which moves a mean by a third.
   */
  public double callerMedianMillis() {
    double[] runs = callerRunsMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = runs.length;
    return n == 0 ? -1 : n % 2 == 1 ? runs[n / 2] : (runs[n / 2 - 1] + runs[n / 2]) / 2;
  }

  /** How many times faster the caller is done via cached than direct. */
  public double callerSpeedup() {
    return directMillis / cachedCallerMillis;
  }

  /** Completion time via cached relative to direct (below 1 is faster). */
  public double completionRatio() {
    return cachedCompletionMillis / directMillis;
  }

  public double directPerSecond() {
    return scenario.total() / (directMillis / 1000);
  }

  public double appliedPerSecond() {
    return scenario.total() / (cachedCompletionMillis / 1000);
  }
}
