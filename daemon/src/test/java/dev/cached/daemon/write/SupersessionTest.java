package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.cached.fs.fakes.MemoryFileOps;
import dev.cached.fs.emulation.Call;
import dev.cached.fs.emulation.Violation;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Last accepted write wins: parked retries are superseded, queued ops coalesced. */
class SupersessionTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();

  private static List<String> history(Rig rig, String path) {
    return rig.disk.journal().stream()
        .filter(c -> c.path().equals(rig.target(path)))
        .map(MemoryFileOps.Change::content)
        .map(b -> b == null ? "<deleted>" : new String(b, StandardCharsets.UTF_8))
        .toList();
  }

  @Test
  void newerWriteSupersedesAParkedOneWhoseBytesNeverLand() {
    Rig rig = new Rig();
    noTempLeft.watch(rig.disk);
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(1), Violation.ACCESS_DENIED);
    WriteOp old = rig.write("a.json", "old");
    rig.settle();
    assertEquals(1, rig.disk.temps().size(), "the parked write keeps its temp");
    WriteOp fresh = rig.write("a.json", "new");
    assertEquals(Outcome.SUPERSEDED, old.done().join());
    rig.settle();
    assertEquals(1, rig.disk.temps().size(), "old temp deleted, new temp parked");
    assertFalse(fresh.done().isDone());
    rig.drain(Duration.ofSeconds(3));
    assertEquals(Outcome.WRITTEN, fresh.done().join());
    assertEquals(List.of("new"), history(rig, "a.json"), "the old bytes are never written");
    assertEquals(List.of(), rig.fs.leakedTemps());
    assertEquals(1, rig.count("superseded"));
  }

  @Test
  void deleteSupersedesAParkedWrite() {
    Rig rig = new Rig();
    noTempLeft.watch(rig.disk);
    rig.write("a.json", "v1");
    rig.settle();
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(500), Violation.SHARING_VIOLATION);
    WriteOp w = rig.write("a.json", "v2");
    rig.settle();
    WriteOp d = rig.delete("a.json");
    assertEquals(Outcome.SUPERSEDED, w.done().join());
    rig.drain(Duration.ofSeconds(3));
    assertEquals(Outcome.DELETED, d.done().join());
    assertEquals(List.of("v1", "<deleted>"), history(rig, "a.json"));
  }

  @Test
  void queuedWritesOvertakenByANewerOneAreNeverWritten() {
    Rig rig = new Rig();
    WriteOp first = rig.write("a.json", "1"); // running: its step is queued for a writer, not started
    WriteOp second = rig.write("a.json", "2"); // pending
    WriteOp third = rig.write("a.json", "3"); // replaces the pending one
    assertEquals(Outcome.SUPERSEDED, second.done().join());
    rig.settle();
    assertEquals(Outcome.SUPERSEDED, first.done().join(), "overtaken before its step started");
    assertEquals(Outcome.WRITTEN, third.done().join());
    assertEquals(List.of("3"), history(rig, "a.json"));
    assertEquals(1, rig.fs.calls(Call.WRITE_NEW), "the coalesced writes never touched the disk");
    assertEquals(2, rig.count("coalesced"));
  }

  @Test
  void aStepThatStartedIsNotCoalescedTheNewerWriteFollowsIt() {
    Rig rig = new Rig();
    WriteOp first = rig.write("a.json", "1");
    rig.settle(); // first's step ran
    WriteOp second = rig.write("a.json", "2");
    rig.settle();
    assertEquals(Outcome.WRITTEN, first.done().join());
    assertEquals(Outcome.WRITTEN, second.done().join());
    assertEquals(List.of("1", "2"), history(rig, "a.json"));
    assertEquals(0, rig.count("coalesced"));
  }

  @Test
  void anOrderedWriteWaitingOnItsGateDoesNotOvertakeTheQueuedOne() {
    Rig rig = new Rig();
    WriteOp first = rig.write("a.json", "1");
    java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();
    WriteOp second = rig.submit(WriteOp.Kind.WRITE, Rig.ROOT, "a.json", "2".getBytes(StandardCharsets.UTF_8), gate);
    rig.settle();
    assertEquals(Outcome.WRITTEN, first.done().join(), "the newer op's gate is not open: it cannot take the place of the queued one");
    assertFalse(second.done().isDone());
    gate.complete(null);
    rig.settle();
    assertEquals(Outcome.WRITTEN, second.done().join());
    assertEquals(List.of("1", "2"), history(rig, "a.json"));
  }

  @Test
  void writeArrivingDuringARunningStepWaitsForIt() {
    Rig rig = new Rig();
    noTempLeft.watch(rig.disk);
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(100), Violation.ACCESS_DENIED);
    WriteOp first = rig.write("a.json", "1");
    WriteOp second = rig.write("a.json", "2"); // first's step has not run: second waits, nothing is superseded yet
    rig.settle(); // first fails, sees a newer op waiting, and gives way
    assertEquals(Outcome.SUPERSEDED, first.done().join());
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.WRITTEN, second.done().join());
    assertEquals(List.of("2"), history(rig, "a.json"));
  }
}
