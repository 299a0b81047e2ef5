package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import dev.cached.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on an emulated German Windows. Regression for issue 17, points 1 and 5: a file held
 * by a scanner gave a hard error there and three opened the breaker; a read-only target retried for
 * the whole deadline and never tripped it.
 */
class LocalizedWindowsTest {
  private final Rig rig = new Rig();

  LocalizedWindowsTest() {
    rig.fs.windows(Locale.GERMAN);
  }

  @Test
  void heldTargets_areRetried_andTheBreakerStaysClosed() {
    for (int i = 0; i < 3; i++) {
      rig.write("d/" + i, "v1");
    }
    rig.settle();
    List<WriteOp> ops = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rig.fs.hold(rig.target("d/" + i), Duration.ofMillis(500), i == 1 ? Violation.LOCK_VIOLATION : Violation.SHARING_VIOLATION);
      ops.add(rig.write("d/" + i, "v2"));
    }
    rig.settle();
    for (WriteOp op : ops) {
      assertFalse(op.done().isDone());
      assertTrue(op.isRetrying());
    }
    assertEquals(List.of(), rig.breakers.open(rig.time.nanos()));
    rig.drain(Duration.ofSeconds(5));
    for (int i = 0; i < 3; i++) {
      assertEquals(Outcome.WRITTEN, ops.get(i).done().join());
      assertEquals("v2", rig.read("d/" + i));
    }
  }

  @Test
  void readOnlyTargets_failAtOnce_andTripTheBreaker() {
    for (int i = 0; i < 3; i++) {
      rig.write("ro/" + i, "v1");
    }
    rig.settle();
    for (int i = 0; i < 3; i++) {
      rig.fs.readOnly(rig.target("ro/" + i));
      WriteOp op = rig.write("ro/" + i, "v2");
      rig.settle();
      Outcome o = op.done().join();
      assertEquals(ErrorCode.IO_ERROR, o.code());
      assertTrue(o.message().contains("read-only"), o.message());
      assertEquals("v1", rig.read("ro/" + i));
    }
    assertEquals(1, rig.breakers.open(rig.time.nanos()).size());
    assertEquals(List.of(), rig.disk.temps());
  }
}
