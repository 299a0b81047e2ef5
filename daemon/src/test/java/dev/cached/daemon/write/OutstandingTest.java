package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's view of what is not final yet, found through the lanes: {@link
 * WriteScheduler#outstanding}, its count, and {@link WriteScheduler#barrier} (an admin flush and
 * the shutdown drain wait on it).
 */
class OutstandingTest {
  @Test
  void runningPendingAndGatedOpsAreOutstandingAndACoalescedOneIsNot() {
    Rig rig = new Rig();
    WriteOp running = rig.write("a.json", "1"); // its step is queued, not started: the lane's running op
    WriteOp coalesced = rig.write("a.json", "2");
    WriteOp pending = rig.write("a.json", "3");
    CompletableFuture<Void> gate = new CompletableFuture<>();
    WriteOp gated = rig.submit(WriteOp.Kind.WRITE, Rig.ROOT, "b.json", new byte[] {1}, gate);

    assertEquals(Outcome.SUPERSEDED, coalesced.done().join());
    assertEquals(Set.of(running, pending, gated), Set.copyOf(rig.scheduler.outstanding()));
    assertEquals(3, rig.scheduler.outstandingCount());

    CompletableFuture<Void> barrier = rig.scheduler.barrier();
    rig.settle();
    assertEquals(Outcome.SUPERSEDED, running.done().join(), "its step had not started when the pending op overtook it");
    assertEquals(Outcome.WRITTEN, pending.done().join());
    assertFalse(barrier.isDone(), "the gated op is not final yet");
    assertEquals(Set.of(gated), Set.copyOf(rig.scheduler.outstanding()));
    assertEquals(1, rig.scheduler.outstandingCount());

    gate.complete(null);
    rig.settle();
    assertTrue(barrier.isDone());
    assertEquals(Set.of(), Set.copyOf(rig.scheduler.outstanding()));
    assertEquals(0, rig.scheduler.outstandingCount());
    assertEquals("3", rig.read("a.json"));
  }

  @Test
  void aParkedRetryIsOutstandingUntilItLands() {
    Rig rig = new Rig();
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(300), Violation.SHARING_VIOLATION);
    WriteOp w = rig.write("a.json", "x");
    rig.settle();
    assertFalse(w.done().isDone(), "parked on the held target");
    CompletableFuture<Void> barrier = rig.scheduler.barrier();
    assertEquals(Set.of(w), Set.copyOf(rig.scheduler.outstanding()));
    assertEquals(1, rig.scheduler.retrying().size());

    rig.drain(Duration.ofSeconds(3));
    assertEquals(Outcome.WRITTEN, w.done().join());
    assertTrue(barrier.isDone());
    assertEquals(0, rig.scheduler.outstandingCount());
    assertEquals(0, rig.scheduler.retrying().size());
  }

  @Test
  void aBarrierWithNothingOutstandingIsDoneAtOnce() {
    Rig rig = new Rig();
    rig.write("a.json", "x");
    rig.settle();
    assertTrue(rig.scheduler.barrier().isDone());
    assertEquals(0, rig.scheduler.outstandingCount());
  }
}
