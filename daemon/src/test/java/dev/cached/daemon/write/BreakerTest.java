package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Call;
import dev.cached.fs.emulation.Violation;
import dev.cached.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repeated hard failures in one directory open its breaker; probes close it again. */
class BreakerTest {
  private static final Path FULL = Rig.ROOT.resolve("full");

  private final Rig rig = new Rig();
  /** Fills the disk under {@code full/}: temp writes there fail as Java reports ENOSPC. */
  private final Runnable freeSpace =
      rig.fs.failWhile(Call.WRITE_NEW, p -> p.startsWith(FULL), () -> new IOException("No space left on device"));

  private void openBreaker() {
    for (int i = 0; i < 3; i++) {
      WriteOp op = rig.write("full/" + i, "x");
      rig.settle();
      assertEquals(ErrorCode.IO_ERROR, op.done().join().code());
      assertTrue(op.done().join().message().contains("No space left on device"), op.done().join().message());
    }
  }

  private List<Breakers.View> open() {
    return rig.breakers.open(rig.time.nanos());
  }

  private Outcome write(String path) {
    WriteOp op = rig.write(path, "x");
    rig.settle();
    return op.done().join();
  }

  @Test
  void opensAfterThresholdHardFailuresAndThenFailsFastWithoutTouchingTheDisk() {
    openBreaker();
    assertEquals(1, open().size());
    assertEquals(FULL, open().get(0).directory());
    assertEquals(3, open().get(0).failures());
    int calls = rig.fs.calls();
    Outcome o = write("full/late");
    assertEquals(ErrorCode.BREAKER_OPEN, o.code());
    assertTrue(o.message().contains("No space left on device") && o.message().contains(FULL.toString()), o.message());
    assertEquals(calls, rig.fs.calls(), "no file-system call for a write behind an open breaker");
  }

  @Test
  void fewerFailuresThanTheThresholdKeepItClosed() {
    write("full/0");
    write("full/1");
    freeSpace.run();
    assertEquals(Outcome.WRITTEN, write("full/2"));
    assertEquals(List.of(), open());
  }

  @Test
  void oneBadDirectoryDoesNotAffectAnother() {
    openBreaker();
    WriteOp otherRoot = rig.write(Rig.OTHER_ROOT, "b", "b");
    assertEquals(Outcome.WRITTEN, write("fine/a"));
    assertEquals(Outcome.WRITTEN, otherRoot.done().join());
  }

  @Test
  void probesWithGrowingWaitsAndClosesOnTheFirstSuccess() {
    openBreaker();
    assertEquals(ErrorCode.BREAKER_OPEN, write("full/too-early").code());
    rig.advanceMillis(1000);
    int calls = rig.fs.calls();
    assertEquals(ErrorCode.IO_ERROR, write("full/p1").code(), "the probe touched the disk and failed");
    assertTrue(rig.fs.calls() > calls);
    assertEquals(2000, open().get(0).nextProbeInNanos() / 1_000_000, "the wait doubled");
    rig.advanceMillis(1500);
    assertEquals(ErrorCode.BREAKER_OPEN, write("full/early").code());
    rig.advanceMillis(500);
    freeSpace.run();
    assertEquals(Outcome.WRITTEN, write("full/p2"));
    assertEquals(List.of(), open());
    assertEquals(Outcome.WRITTEN, write("full/after"));
  }

  @Test
  void onlyOneProbeAtATime() {
    openBreaker();
    freeSpace.run();
    rig.advanceMillis(1000);
    rig.fs.hold(FULL.resolve("probe"), Duration.ofMillis(200), Violation.ACCESS_DENIED);
    WriteOp probe = rig.write("full/probe", "x");
    rig.settle();
    assertTrue(probe.isRetrying());
    assertEquals(ErrorCode.BREAKER_OPEN, write("full/meanwhile").code());
  }

  /**
   * Regression: a probe that met a lock (a transient error) was refused by its own breaker on its
   * retry, and the breaker, still waiting for that probe, stayed open for good.
   */
  @Test
  void probeThatMeetsALockRetriesAndClosesTheBreaker() {
    openBreaker();
    freeSpace.run();
    rig.advanceMillis(1000);
    rig.fs.hold(FULL.resolve("probe"), Duration.ofMillis(200), Violation.ACCESS_DENIED);
    WriteOp probe = rig.write("full/probe", "x");
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.WRITTEN, probe.done().join());
    assertEquals(List.of(), open());
  }

  /** Regression: a probe superseded while parked left the breaker waiting for it forever. */
  @Test
  void supersededProbeLetsTheNextOpProbe() {
    openBreaker();
    freeSpace.run();
    rig.advanceMillis(1000);
    rig.fs.hold(FULL.resolve("probe"), Duration.ofMillis(100), Violation.ACCESS_DENIED);
    WriteOp probe = rig.write("full/probe", "x");
    rig.settle();
    WriteOp newer = rig.write("full/probe", "y");
    assertEquals(Outcome.SUPERSEDED, probe.done().join());
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.WRITTEN, newer.done().join());
    assertFalse(open().iterator().hasNext());
  }
}
