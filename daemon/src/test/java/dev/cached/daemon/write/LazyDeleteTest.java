package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A temp whose delete fails (held, again) goes to the lazy-delete list and is removed later. */
class LazyDeleteTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();

  @Test
  void heldTempOfASupersededWriteIsQueuedAndRemovedByALaterRetry() {
    Rig rig = new Rig();
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(10), Violation.ACCESS_DENIED);
    WriteOp old = rig.write("a.json", "old");
    rig.settle();
    Path temp = rig.disk.temps().get(0);
    rig.fs.hold(temp, Duration.ofSeconds(5), Violation.SHARING_VIOLATION); // a scanner opened the new temp
    rig.write("a.json", "new");
    rig.settle();
    assertEquals(Outcome.SUPERSEDED, old.done().join());
    Map<Path, String> queued = rig.lazy.snapshot();
    assertEquals(List.of(temp), List.copyOf(queued.keySet()));
    assertTrue(queued.get(temp).contains("being used by another process"), queued.get(temp));
    assertEquals(1, rig.lazy.retry(), "still held");
    assertTrue(rig.disk.temps().contains(temp));
    rig.time.advance(Duration.ofSeconds(5));
    assertEquals(0, rig.lazy.retry());
    assertEquals(1, rig.lazy.removed());
    assertFalse(rig.disk.temps().contains(temp));
  }

  @Test
  void heldTempOfAFailedWriteIsQueued() {
    Rig rig = new Rig(dev.cached.fs.RetryPolicy.DAEMON_DEFAULT.withDeadline(Duration.ofMillis(100)),
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)));
    noTempLeft.watch(rig.disk);
    rig.fs.hold(rig.target("a.json"), Duration.ofSeconds(10), Violation.ACCESS_DENIED);
    WriteOp op = rig.write("a.json", "v");
    rig.settle();
    Path temp = rig.disk.temps().get(0);
    rig.fs.hold(temp, Duration.ofSeconds(10), Violation.ACCESS_DENIED);
    rig.drain(Duration.ofSeconds(1));
    assertTrue(op.done().join().failed());
    assertEquals(List.of(temp), List.copyOf(rig.lazy.snapshot().keySet()));
    rig.time.advance(Duration.ofSeconds(10));
    assertEquals(0, rig.lazy.retry());
    assertEquals(List.of(), rig.fs.leakedTemps());
  }
}
