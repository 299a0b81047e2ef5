package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The op's lazily made future and its watcher: same outcome whenever asked, watcher first. */
class WriteOpTest {
  private static WriteOp op(WriteOp.Watcher w, CompletableFuture<?> gate) {
    return new WriteOp(1, WriteOp.Kind.DELETE, Path.of("/r"), "p", Path.of("/r/p"), null, null, null, 0, gate, "test", w, 42,
        true);
  }

  @Test
  void doneAskedBeforeOrAfterTheEndCarriesTheOutcome() {
    WriteOp op = op(null, null);
    CompletableFuture<Outcome> before = op.done();
    assertSame(before, op.done(), "one future, once made");
    assertFalse(before.isDone());
    op.complete(Outcome.DELETED);
    assertSame(Outcome.DELETED, before.join());
    WriteOp late = op(null, null);
    late.complete(Outcome.SUPERSEDED);
    assertSame(Outcome.SUPERSEDED, late.done().join(), "asked only after the end");
  }

  @Test
  void theWatcherHearsBeforeTheFutureCompletes() {
    List<String> seen = new ArrayList<>();
    CompletableFuture<?>[] early = new CompletableFuture<?>[1];
    WriteOp op = op(new WriteOp.Watcher() {
      @Override
      public void accepted(WriteOp o) {}

      @Override
      public void finished(WriteOp o, Outcome outcome) {
        seen.add(o.requestId() + " " + outcome.wire() + " future done: " + early[0].isDone());
      }
    }, null);
    early[0] = op.done();
    op.complete(Outcome.WRITTEN);
    assertEquals(List.of("42 written future done: false"), seen);
    assertTrue(early[0].isDone());
  }

  @Test
  void chainWaitsForTheGateAndTheOp() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    WriteOp op = op(null, gate);
    CompletableFuture<?> chain = op.chain();
    assertSame(chain, op.chain());
    op.complete(Outcome.WRITTEN);
    assertFalse(chain.isDone(), "an earlier op of the connection is not final");
    gate.complete(null);
    assertTrue(chain.isDone());
    WriteOp free = op(null, null);
    assertSame(free.done(), free.chain(), "no gate: the chain is the op's own future");
  }
}
