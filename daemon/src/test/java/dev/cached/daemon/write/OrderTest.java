package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.fakes.MemoryFileOps;
import dev.cached.fs.emulation.Call;
import dev.cached.fs.emulation.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Deletes are ordered with writes per path; ordered connections are ordered across paths. */
class OrderTest {
  /** An ordered connection as the server builds it: each op's gate is the previous op's chain. */
  private static final class OrderedConnection {
    final Rig rig;
    CompletableFuture<?> chain = CompletableFuture.completedFuture(null);

    OrderedConnection(Rig rig) {
      this.rig = rig;
    }

    WriteOp write(String path, String content) {
      WriteOp op = rig.submit(WriteOp.Kind.WRITE, Rig.ROOT, path, content.getBytes(StandardCharsets.UTF_8), chain);
      chain = op.chain();
      return op;
    }
  }

  private static List<Path> visibleOrder(Rig rig) {
    return rig.disk.journal().stream().map(MemoryFileOps.Change::path).toList();
  }

  @Test
  void deleteAfterWriteLeavesNothingAndWriteAfterDeleteLeavesTheFile() {
    Rig rig = new Rig();
    rig.write("a", "1");
    WriteOp da = rig.delete("a");
    rig.delete("b");
    WriteOp wb = rig.write("b", "2");
    rig.settle();
    assertEquals(Outcome.DELETED, da.done().join());
    assertEquals(Outcome.WRITTEN, wb.done().join());
    assertNull(rig.read("a"));
    assertEquals("2", rig.read("b"));
  }

  @Test
  void deleteOfAMissingFileSucceeds() {
    Rig rig = new Rig();
    WriteOp d = rig.delete("never/was");
    rig.settle();
    assertEquals(Outcome.DELETED, d.done().join());
  }

  @Test
  void retryingOpHoldsBackLaterOpsOfAnOrderedConnectionOnOtherPaths() {
    Rig rig = new Rig();
    OrderedConnection c = new OrderedConnection(rig);
    rig.fs.hold(rig.target("data"), Duration.ofMillis(500), Violation.ACCESS_DENIED);
    WriteOp data = c.write("data", "d1");
    WriteOp index = c.write("index", "points at d1");
    rig.settle();
    assertTrue(data.isRetrying(), "the status shows the connection blocked by data");
    assertFalse(index.done().isDone());
    assertNull(rig.read("index"), "the index is never visible before its data");
    assertEquals(1, rig.fs.calls(Call.WRITE_NEW), "the held-back op has not even written its temp");
    rig.drain(Duration.ofSeconds(2));
    assertEquals(List.of(rig.target("data"), rig.target("index")), visibleOrder(rig));
    assertFalse(data.isRetrying() && !data.done().isDone());
  }

  @Test
  void unorderedConnectionIsNotHeldBack() {
    Rig rig = new Rig();
    rig.fs.hold(rig.target("data"), Duration.ofMillis(500), Violation.ACCESS_DENIED);
    WriteOp data = rig.write("data", "d1");
    WriteOp index = rig.write("index", "i");
    rig.settle();
    assertEquals(Outcome.WRITTEN, index.done().join());
    assertFalse(data.done().isDone());
  }

  @Test
  void failedOpReleasesTheOrderedConnection() {
    Rig rig = new Rig();
    OrderedConnection c = new OrderedConnection(rig);
    rig.fs.scheduleThrow(Call.WRITE_NEW, 1, new FileSystemException("x", null, "No space left on device"));
    WriteOp data = c.write("data", "d1");
    WriteOp index = c.write("index", "i");
    rig.settle();
    assertTrue(data.done().join().failed());
    assertEquals(Outcome.WRITTEN, index.done().join());
  }

  @Test
  void supersededOpOfAnOrderedConnectionDoesNotDeadlockIt() {
    Rig rig = new Rig();
    OrderedConnection c = new OrderedConnection(rig);
    rig.fs.hold(rig.target("a"), Duration.ofMillis(300), Violation.ACCESS_DENIED);
    WriteOp a1 = c.write("a", "1");
    rig.settle();
    WriteOp b = c.write("b", "b");
    WriteOp a2 = c.write("a", "2");
    assertEquals(Outcome.SUPERSEDED, a1.done().join());
    rig.drain(Duration.ofSeconds(2));
    assertEquals(Outcome.WRITTEN, b.done().join());
    assertEquals(Outcome.WRITTEN, a2.done().join());
    assertEquals(List.of(rig.target("b"), rig.target("a")), visibleOrder(rig));
  }
}
