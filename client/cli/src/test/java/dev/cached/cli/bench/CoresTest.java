package dev.cached.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The cores column: process CPU clocks over wall time, and "n/a" where a clock cannot tell. */
class CoresTest {
  @Test
  void theClocksOfThisJvmAndOfAProcessByPidBothAdvanceWithWork() {
    long pid = ProcessHandle.current().pid();
    long bench0 = Cores.bench();
    long process0 = Cores.process(pid);
    // Work until this thread alone has used 60 ms of CPU (more than a few of the kernel's 10 ms
    // ticks), however long a busy machine takes to give it that.
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long thread0 = mx.getCurrentThreadCpuTime();
    long spin = 0;
    while (mx.getCurrentThreadCpuTime() - thread0 < 60_000_000L) {
      spin++;
    }
    assertTrue(spin > 0);
    assertTrue(Cores.delta(bench0, Cores.bench()) >= 60_000_000L, "this JVM's CPU clock");
    assertTrue(Cores.delta(process0, Cores.process(pid)) >= 40_000_000L, "the same process read by pid");
  }

  @Test
  void anUnknownClockGivesMinusOneNotANumber() {
    assertEquals(-1, Cores.process(-1));
    assertEquals(-1, Cores.delta(-1, 5));
    assertEquals(-1, Cores.delta(5, -1));
    assertEquals(-1, Cores.of(-1, 100), 0);
    assertEquals(-1, Cores.of(100, 0), 0);
    assertEquals(1.5, Cores.of(150_000_000L, 100), 1e-9);
  }

  @Test
  void theTableAndTheJsonCarryBothRunsCores() {
    BenchReport r = new BenchReport(true);
    Scenario s = new Scenario(4096, 4, 100, 1, 0, 0);
    r.results.add(new Result(s, 100, 10, 150, 1, 2, 3, 0, 1024, 5, 3, 0, 0, 1.93, -1, -1));
    r.rtt = BenchReport.RoundTrips.of(new Histogram(3), 0);
    String table = r.table();
    assertTrue(table.contains(" 1.9/n/a"), table);
    ObjectNode row = (ObjectNode) r.toJson().get("scenarios").get(0);
    assertEquals(1.93, row.get("directCores").asDouble(), 1e-9);
    assertEquals(-1, row.get("cachedCores").asDouble(), 0);
  }
}
