package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Call;
import dev.cached.fs.emulation.Violation;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.fakes.NoTempLeft;
import dev.cached.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Transient failures are retried on timers until they succeed or the deadline passes. */
class RetryTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();

  @Test
  void heldTargetIsRetriedUntilTheScannerLetsGo() {
    Rig rig = new Rig();
    noTempLeft.watch(rig.disk);
    rig.write("a.json", "v1");
    rig.settle();
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(1), Violation.ACCESS_DENIED);
    WriteOp op = rig.write("a.json", "v2");
    rig.settle();
    assertFalse(op.done().isDone());
    assertTrue(op.isRetrying());
    List<WriteScheduler.Retrying> retrying = rig.scheduler.retrying();
    assertEquals(1, retrying.size());
    assertTrue(retrying.get(0).lastError().contains("AccessDeniedException"), retrying.get(0).lastError());
    rig.advanceMillis(900);
    assertFalse(op.done().isDone(), "still held");
    assertEquals("v1", rig.read("a.json"));
    rig.advanceMillis(400);
    assertEquals(Outcome.WRITTEN, op.done().join());
    assertEquals("v2", rig.read("a.json"));
    assertTrue(rig.count("retries") > 3, "backoff retried several times: " + rig.count("retries"));
    assertEquals(List.of(), rig.scheduler.retrying());
  }

  @Test
  void theOldVersionIsKeptOpenOnlyAcrossASuccessfulReplace() {
    Rig rig = new Rig();
    rig.write("a.json", "v1");
    rig.settle();
    assertEquals(0, rig.disk.retained(), "nothing to keep before the first version");
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(300), Violation.ACCESS_DENIED);
    WriteOp op = rig.write("a.json", "v2");
    rig.settle();
    assertTrue(op.isRetrying());
    assertEquals(1, rig.disk.retained(), "kept for the attempt");
    assertEquals(0, rig.disk.retainedOpen(), "a failed attempt closes what it kept: a parked retry holds nothing open");
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.WRITTEN, op.done().join());
    assertTrue(rig.disk.retained() > 2, "kept once per attempt: " + rig.disk.retained());
    assertEquals(0, rig.disk.retainedOpen(), "released after the replace");
    int before = rig.disk.retained();
    WriteOp del = rig.delete("a.json");
    rig.settle();
    assertEquals(Outcome.DELETED, del.done().join());
    assertEquals(before + 1, rig.disk.retained(), "a delete keeps the old version too");
    assertEquals(0, rig.disk.retainedOpen());
  }

  @Test
  void sharingViolationOnDeleteIsRetried() {
    Rig rig = new Rig();
    rig.write("a.json", "v1");
    rig.settle();
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(300), Violation.SHARING_VIOLATION);
    WriteOp del = rig.delete("a.json");
    rig.settle();
    assertTrue(del.isRetrying());
    assertEquals("v1", rig.read("a.json"));
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.DELETED, del.done().join());
    assertEquals(null, rig.read("a.json"));
  }

  @Test
  void noAttemptRunsBeforeItsBackoffHasPassed() {
    Rig rig = new Rig(new RetryPolicy(Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), Duration.ofSeconds(60)),
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)));
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(10), Violation.ACCESS_DENIED);
    rig.write("a.json", "v1");
    rig.settle();
    assertEquals(1, rig.fs.calls(Call.REPLACE));
    rig.advanceMillis(49); // the first wait is random in [50, 100] ms
    assertEquals(1, rig.fs.calls(Call.REPLACE));
    rig.advanceMillis(51);
    assertEquals(2, rig.fs.calls(Call.REPLACE));
  }

  @Test
  void deadlineFailsWithPathStepAttemptsElapsedAndTheLastOsError() {
    Rig rig = new Rig(RetryPolicy.DAEMON_DEFAULT.withDeadline(Duration.ofSeconds(2)),
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)));
    noTempLeft.watch(rig.disk);
    rig.write("d/a.json", "v1");
    rig.settle();
    rig.fs.hold(rig.target("d/a.json"), Duration.ofSeconds(30), Violation.LOCK_VIOLATION);
    WriteOp op = rig.write("d/a.json", "v2");
    rig.drain(Duration.ofSeconds(5));
    Outcome o = op.done().join();
    assertEquals(ErrorCode.RETRY_DEADLINE, o.code());
    String m = o.message();
    assertTrue(m.startsWith("write " + rig.target("d/a.json") + ": replace "), m);
    assertTrue(m.contains("locked a portion of the file"), m);
    assertTrue(m.matches(".*\\(attempts \\d{2,}, (1[7-9]\\d\\d|2000) ms\\)$"), m);
    assertEquals("v1", rig.read("d/a.json"), "the old file stays whole");
    assertEquals(1, rig.count("failed"));
    assertFalse(rig.breakers.open(rig.time.nanos()).iterator().hasNext(), "a lock is not a broken directory");
  }

  @Test
  void otherPathsKeepFlowingWhileOneRetries() {
    Rig rig = new Rig();
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(30), Violation.ACCESS_DENIED);
    WriteOp a = rig.write("a.json", "a");
    WriteOp b = rig.write("b.json", "b");
    rig.settle();
    assertEquals(Outcome.WRITTEN, b.done().join());
    assertFalse(a.done().isDone());
    rig.advanceMillis(1000);
    WriteOp c = rig.write("c.json", "c");
    rig.settle();
    assertEquals(Outcome.WRITTEN, c.done().join());
    assertFalse(a.done().isDone());
  }

  @Test
  void hardErrorIsNotRetried() {
    Rig rig = new Rig();
    rig.fs.scheduleThrow(Call.WRITE_NEW, 1, new java.nio.file.FileSystemException("x", null, "Read-only file system"));
    WriteOp op = rig.write("a.json", "v1");
    rig.settle();
    Outcome o = op.done().join();
    assertEquals(ErrorCode.IO_ERROR, o.code());
    assertTrue(o.message().contains("temp-write") && o.message().contains("Read-only file system"), o.message());
    assertEquals(0, rig.count("retries"));
    assertEquals(0, rig.time.scheduled());
  }
}
