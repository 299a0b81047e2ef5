package dev.cached.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** A row's two runs per side become one line: means, both runs' acks, the higher RSS, and -1 where a run could not tell. */
class RowRunTest {
  private static Histogram acks(long... micros) {
    return BenchReportTest.of(micros);
  }

  private static RowRun.CachedSide side(double caller, double done, Histogram acks, long peakKib, long ioNanos, long clientNanos, long jit) {
    return new RowRun.CachedSide(new CachedRunner.Timing(caller, done, acks, clientNanos, 1.0, -1), peakKib, ioNanos, 10, jit, 4);
  }

  @Test
  void eachSideIsTheMeanOfItsRunsInTheOrderTheyRan() {
    Scenario s = new Scenario(4096, 2, 50, 1, 0, 0); // 100 writes a run
    Result r = RowRun.combine(s,
        List.of(new DirectRunner.Timing(300, 1.5), new DirectRunner.Timing(500, 1.7)),
        List.of(side(10, 200, acks(100, 100, 100), 90_000, 400_000, 200_000, 30),
            side(30, 600, acks(5000), 120_000, 600_000, 400_000, 50)));
    assertEquals(400, r.directMillis(), 1e-9);
    assertEquals(List.of(300.0, 500.0), r.directRunsMillis());
    assertEquals(20, r.cachedCallerMillis(), 1e-9);
    assertEquals(400, r.cachedCompletionMillis(), 1e-9);
    assertEquals(List.of(200.0, 600.0), r.completionRunsMillis());
    assertEquals(1.0, r.completionRatio(), 1e-9);
    assertEquals(20, r.callerSpeedup(), 1e-9);
    assertEquals(100, r.ackP50Micros(), 1);
    assertEquals(5000, r.ackP99Micros(), 5000 / 1000.0); // the second run's one slow ack is 1 in 4
    assertEquals(120_000, r.peakRssKib());
    assertEquals(5.0, r.intakeMicrosPerOp(), 1e-9); // 1 ms of socket-thread CPU over 200 writes
    assertEquals(3.0, r.clientMicrosPerOp(), 1e-9);
    assertEquals(40, r.daemonJitMillis());
    assertEquals(4, r.benchJitMillis());
    assertEquals(10, r.coalesced());
    assertEquals(1.6, r.directCores(), 1e-9);
    assertEquals(-1, r.drainMillis(), 0); // not held
  }

  @Test
  void aClockOneRunCouldNotReadLeavesTheFigureUnknown() {
    Scenario s = new Scenario(4096, 1, 100, 1, 0, 0);
    Result r = RowRun.combine(s,
        List.of(new DirectRunner.Timing(300, -1), new DirectRunner.Timing(500, 1.7)),
        List.of(side(10, 200, acks(100), 1, -1, 100_000, -1), side(30, 600, acks(100), 1, 500, 100_000, 7)));
    assertEquals(-1, r.intakeMicrosPerOp(), 0);
    assertEquals(-1, r.daemonJitMillis());
    assertEquals(-1, r.directCores(), 0);
    assertEquals(1.0, r.clientMicrosPerOp(), 1e-9);
  }

  @Test
  void theJsonCarriesEveryRunAndASingleRunRowCarriesItsOne() {
    Scenario s = new Scenario(4096, 1, 100, 1, 0, 0);
    BenchReport report = new BenchReport(true);
    report.results.add(RowRun.combine(s, List.of(new DirectRunner.Timing(300, 1), new DirectRunner.Timing(500, 1)),
        List.of(side(10, 200, acks(100), 1, 1, 1, 1), side(30, 600, acks(100), 1, 1, 1, 1))));
    report.results.add(RowRun.combine(s, List.of(new DirectRunner.Timing(300, 1)), List.of(side(10, 250, acks(100), 1, 1, 1, 1))));
    report.rtt = BenchReport.RoundTrips.of(new Histogram(3), 0);
    ObjectNode two = (ObjectNode) report.toJson().get("scenarios").get(0);
    assertEquals("[300.0,500.0]", two.get("directRunsMillis").toString());
    assertEquals("[200.0,600.0]", two.get("completionRunsMillis").toString());
    ObjectNode one = (ObjectNode) report.toJson().get("scenarios").get(1);
    assertEquals("[250.0]", one.get("completionRunsMillis").toString());
    assertEquals(250, one.get("cachedCompletionMillis").asDouble(), 0);
  }
}
