package dev.cached.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The closed-loop lines of the report: the warm round is the one the JSON's rtt fields carry. */
class BenchReportTest {
  /** A histogram of these values (also for other tests of the report). */
  static Histogram of(long... micros) {
    Histogram h = new Histogram(3);
    for (long m : micros) {
      h.recordValue(m);
    }
    return h;
  }

  @Test
  void theWarmRoundIsTheHeadlineAndTheFirstRoundIsShownBesideIt() {
    BenchReport r = new BenchReport(true);
    r.rttFirst = BenchReport.RoundTrips.of(of(6000, 6000, 6000), 480);
    r.rtt = BenchReport.RoundTrips.of(of(250, 250, 250), 0);

    ObjectNode json = r.toJson();
    assertEquals(250, json.get("rttP99Micros").asDouble(), 1);
    assertEquals(0, json.get("rttJitMillis").asLong());
    assertEquals(6000, json.get("rttFirstP99Micros").asDouble(), 10);
    assertEquals(480, json.get("rttFirstJitMillis").asLong());

    String table = r.table();
    assertTrue(table.contains("after the matrix: p50 250 µs, p99 250 µs, p99.9 250 µs (bench JVM compiling meanwhile: 0 ms)"), table);
    assertTrue(table.contains("still compiling: p50 6003 µs, p99 6003 µs, p99.9 6003 µs (bench JVM compiling meanwhile: 480 ms)"), table);
  }

  @Test
  void aRoundNotMeasuredSaysSo() {
    BenchReport r = new BenchReport(true);
    r.rttFirst = BenchReport.RoundTrips.of(of(100), -1);
    String table = r.table();
    assertTrue(table.contains("after the matrix: n/a"), table);
    assertTrue(table.contains("(bench JVM compiling meanwhile: n/a)"), table);
    assertEquals(-1, r.toJson().get("rttP99Micros").asDouble());
  }

  @Test
  void roundsAtTheEndGoOnUntilTheBenchJvmIsQuietAndTheEarlierOnesAreShown() {
    BenchReport r = new BenchReport(false);
    assertFalse(r.endRound(BenchReport.RoundTrips.of(of(2900), 397), 4));
    assertFalse(r.endRound(BenchReport.RoundTrips.of(of(2200), 20), 4));
    assertTrue(r.endRound(BenchReport.RoundTrips.of(of(240), 3), 4));

    assertEquals(240, r.toJson().get("rttP99Micros").asDouble(), 1);
    assertEquals(2, r.toJson().get("rttEarlier").size());
    assertEquals(397, r.toJson().get("rttEarlier").get(0).get("jitMillis").asLong());
    String table = r.table();
    assertTrue(table.contains("rounds before it, the bench JVM compiling (p99 µs / JIT ms): 2901 / 397, 2201 / 20"), table);
  }

  @Test
  void theLastRoundIsTheHeadlineWhenTheCompilerNeverGoesQuiet() {
    BenchReport r = new BenchReport(false);
    assertFalse(r.endRound(BenchReport.RoundTrips.of(of(3000), 300), 2));
    assertTrue(r.endRound(BenchReport.RoundTrips.of(of(2000), 250), 2));
    assertEquals(250, r.rtt.jitMillis());
    assertEquals(1, r.rttEarlier.size());
  }

  @Test
  void aJvmThatCannotTellItsCompileTimeIsNotTakenForQuiet() {
    BenchReport r = new BenchReport(false);
    assertFalse(r.endRound(BenchReport.RoundTrips.of(of(500), -1), 3));
    assertTrue(r.endRound(BenchReport.RoundTrips.of(of(500), 0), 3));
  }

  @Test
  void aHeldRowAndTheHeldRound_areShownAndInTheJson() {
    BenchReport r = new BenchReport(false);
    Scenario plain = new Scenario(4096, 1, 5000, 1, 0, 0);
    Scenario held = plain.withWritersHeld();
    assertEquals("4KiB x1 distinct held", held.label());
    r.results.add(new Result(plain, 400, 30, 380, 1, 2, 3, 0, 1024, 4, 2, 0, 0, 0.7, 1.3, -1));
    r.results.add(new Result(held, 400, 20, 390, 1, 2, 3, 0, 1024, 2.5, 2, 0, 0, 0.7, 1.0, 350));
    r.rttHeld = BenchReport.RoundTrips.of(of(90, 150), 2);
    String table = r.table();
    assertTrue(table.contains("4KiB x1 distinct held: writers held until the last ack: caller 20 ms (20.0x direct),"
        + " intake 2.5 µs/write; then the writer alone wrote them in 350 ms (0.88 of direct's 400 ms)"), table);
    assertFalse(table.contains("4KiB x1 distinct: writers held"), "only the held row has that line");
    assertTrue(table.contains("with the daemon's writers held (the hand-over alone, no writer on the CPU): p50 90 µs, p99 150 µs"), table);
    ObjectNode json = r.toJson();
    assertEquals(150, json.path("rttHeldP99Micros").asDouble());
    assertTrue(json.path("scenarios").get(1).path("held").asBoolean());
    assertEquals(350, json.path("scenarios").get(1).path("drainMillis").asDouble());
    assertEquals(-1, json.path("scenarios").get(0).path("drainMillis").asDouble());
  }

  @Test
  void theLockedRowIsComparedWithItsTwinByMedianCallerTimes() {
    BenchReport r = new BenchReport(false);
    Scenario twin = new Scenario(4096, 1, 300, 1, 0, 0);
    Scenario locked = new Scenario(4096, 1, 300, 1, 0.05, 200);
    Scenario other = new Scenario(4096, 4, 300, 1, 0, 0);
    r.results.add(row(twin, List.of(10.0, 9.0, 30.0, 11.0, 10.0)));
    r.results.add(row(other, List.of(50.0, 50.0)));
    r.results.add(row(locked, List.of(11.0, 10.5, 10.0, 12.0, 40.0)));
    String table = r.table();
    // means: 14.0 against 16.7 ms (+19%); medians: 11.0 against 10.0 (+10%)
    assertTrue(table.contains("caller with 5% of targets held 200ms: median 11.0 ms of [11.0, 10.5, 10.0, 12.0, 40.0],"
        + " against 10.0 ms of [10.0, 9.0, 30.0, 11.0, 10.0] unlocked (+10%)"), table);
    ObjectNode json = r.toJson();
    assertEquals(11.0, json.path("scenarios").get(2).path("callerMedianMillis").asDouble());
    assertEquals(5, json.path("scenarios").get(2).path("callerRunsMillis").size());
  }

  @Test
  void noLockedLineWithoutATwin() {
    BenchReport r = new BenchReport(false);
    r.results.add(row(new Scenario(4096, 4, 300, 1, 0, 0), List.of(10.0, 12.0)));
    r.results.add(row(new Scenario(4096, 1, 300, 1, 0.05, 200), List.of(10.0, 12.0)));
    assertNull(r.lockedLine());
    assertEquals(11.0, r.results.get(1).callerMedianMillis());
  }

  private static Result row(Scenario s, List<Double> callerRuns) {
    double mean = callerRuns.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    return new Result(s, 400, mean, 380, 1, 2, 3, 0, 1024, 4, 2, 0, 0, 0.7, 1.3, -1, List.of(400.0, 400.0),
        List.of(380.0), callerRuns);
  }
}
