package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OpListTest {
  private static WriteOp op(long seq) {
    return new WriteOp(seq, WriteOp.Kind.DELETE, Path.of("/r"), "p" + seq, Path.of("/r/p" + seq), null, null, null, 0,
        null, "test", null, seq, false);
  }

  @Test
  void flushWaitsForEveryEarlierOpInAnyOrderAndNotForLaterOnes() {
    OpList list = new OpList();
    WriteOp a = op(1);
    WriteOp b = op(2);
    WriteOp c = op(3);
    list.add(a);
    list.add(b);
    CompletableFuture<Void> flush = list.whenDone();
    list.add(c);
    list.remove(b);
    assertFalse(flush.isDone(), "a is older and not final");
    assertSame(a, list.oldest());
    list.remove(a);
    assertTrue(flush.isDone(), "a and b are final; c came after the flush");
    assertEquals(1, list.size());
    assertSame(c, list.oldest());
  }

  @Test
  void flushOnAnEmptyListIsDoneAtOnce() {
    assertTrue(new OpList().whenDone().isDone());
  }

  @Test
  void flushesCompleteInTurn() {
    OpList list = new OpList();
    WriteOp a = op(1);
    WriteOp b = op(2);
    list.add(a);
    CompletableFuture<Void> first = list.whenDone();
    list.add(b);
    CompletableFuture<Void> second = list.whenDone();
    list.remove(a);
    assertTrue(first.isDone());
    assertFalse(second.isDone());
    list.remove(b);
    assertTrue(second.isDone());
    assertNull(list.oldest());
    assertEquals(0, list.size());
  }

  @Test
  void removingTwiceOrAnUnlistedOpChangesNothing() {
    OpList list = new OpList();
    WriteOp a = op(1);
    WriteOp b = op(2);
    list.add(a);
    list.add(b);
    list.remove(a);
    list.remove(a);
    list.remove(op(7));
    assertEquals(1, list.size());
    assertSame(b, list.oldest());
  }

  @Test
  void refusesAnOpOlderThanTheLastOrAlreadyListed() {
    OpList list = new OpList();
    WriteOp b = op(2);
    list.add(b);
    assertThrows(IllegalStateException.class, () -> list.add(op(1)));
    assertThrows(IllegalStateException.class, () -> list.add(b));
  }

  /** Random removal orders against a plain model: each flush completes exactly when its earlier ops are all gone. */
  @Test
  void randomOrdersAgreeWithAModel() {
    Random rnd = new Random(18);
    for (int round = 0; round < 200; round++) {
      OpList list = new OpList();
      List<WriteOp> live = new ArrayList<>();
      List<long[]> flushes = new ArrayList<>(); // {index into futures, last seq at flush}
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      long seq = 0;
      for (int step = 0; step < 60; step++) {
        int r = rnd.nextInt(10);
        if (r < 5) {
          WriteOp o = op(++seq);
          list.add(o);
          live.add(o);
        } else if (r < 7) {
          flushes.add(new long[] {futures.size(), seq});
          futures.add(list.whenDone());
        } else if (!live.isEmpty()) {
          WriteOp o = live.remove(rnd.nextInt(live.size()));
          list.remove(o);
        }
        long oldest = live.stream().mapToLong(o -> o.seq).min().orElse(Long.MAX_VALUE);
        for (long[] f : flushes) {
          boolean due = oldest > f[1];
          assertEquals(due, futures.get((int) f[0]).isDone(), "round " + round + " step " + step + " flush at seq " + f[1]);
        }
        assertEquals(live.size(), list.size());
        assertEquals(live.isEmpty() ? null : Collections.min(live, (x, y) -> Long.compare(x.seq, y.seq)), list.oldest());
      }
    }
  }
}
