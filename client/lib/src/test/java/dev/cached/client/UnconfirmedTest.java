package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnconfirmedTest {
  @Test
  void keepsOnlyTheLatestOpPerPath() {
    Unconfirmed u = new Unconfirmed(1 << 20);
    long first = u.record(PendingOp.write("a", new byte[] {1}));
    u.record(PendingOp.write("b", new byte[] {2}));
    u.record(PendingOp.write("a", new byte[] {3}));
    assertNull(u.remove("a", first), "a newer op replaced it");
    List<PendingOp> ops = u.drain();
    assertEquals(List.of("b", "a"), ops.stream().map(PendingOp::path).toList());
    assertArrayEquals(new byte[] {3}, ops.get(1).data());
    assertEquals(0, u.bytes());
  }

  @Test
  void overTheLimit_evictsOnlyAcceptedOpsOldestFirst() {
    PendingOp big = PendingOp.write("x", new byte[1000]);
    Unconfirmed u = new Unconfirmed(2 * big.cost());
    long a = u.record(PendingOp.write("a", new byte[1000]));
    long b = u.record(PendingOp.write("b", new byte[1000]));
    u.record(PendingOp.write("c", new byte[1000]));
    assertEquals(3, u.size(), "nothing accepted yet: nothing evicted");
    u.accepted("b", b);
    assertEquals(List.of("a", "c"), u.drain().stream().map(PendingOp::path).toList());
    long a2 = u.record(PendingOp.write("a", new byte[1000]));
    u.accepted("a", a2);
    assertEquals(1, u.size());
    assertEquals(a + 3, a2);
  }

  @Test
  void aFlushConfirmsOnlyWhatWasRecordedBeforeIt() {
    Unconfirmed u = new Unconfirmed(1 << 20);
    u.record(PendingOp.write("a", new byte[1]));
    long mark = u.mark();
    u.record(PendingOp.delete("b"));
    u.confirmedBelow(mark);
    assertEquals(List.of("b"), u.drain().stream().map(PendingOp::path).toList());
  }
}
