package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.emulation.Violation;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A payload's buffer goes back as soon as nothing needs it: its temp is written, or the op is final without one. */
class PayloadLifetimeTest {
  private static ByteBuf direct(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return Unpooled.directBuffer(b.length).writeBytes(b);
  }

  private static WriteOp write(Rig rig, String path, ByteBuf buf) {
    Payload p = Payload.of(buf);
    WriteOp op = rig.scheduler.submit(new WriteScheduler.Request(
        WriteOp.Kind.WRITE, Rig.ROOT, path, rig.target(path), p, null, null, null, "test"));
    assertTrue(p.handedOver(), "the op owns the payload once submitted");
    return op;
  }

  @Test
  void releasedOnceTheTempHoldsTheBytesThoughTheCommitStillRetries() {
    Rig rig = new Rig();
    rig.fs.hold(rig.target("a.json"), Duration.ofMillis(300), Violation.SHARING_VIOLATION);
    ByteBuf buf = direct("v1");
    WriteOp op = write(rig, "a.json", buf);
    assertEquals(1, buf.refCnt(), "held while queued");
    rig.settle();
    assertTrue(op.isRetrying(), "the replace waits out the hold");
    assertEquals(0, buf.refCnt(), "the temp holds the bytes: the buffer is back");
    rig.drain(Duration.ofSeconds(3));
    assertEquals(Outcome.WRITTEN, op.done().join());
    assertEquals("v1", rig.read("a.json"));
  }

  @Test
  void releasedWhenCoalescedWithoutEverBeingWritten() {
    Rig rig = new Rig();
    ByteBuf first = direct("1");
    ByteBuf second = direct("2");
    ByteBuf third = direct("3");
    write(rig, "a.json", first);
    WriteOp overtaken = write(rig, "a.json", second);
    write(rig, "a.json", third);
    assertEquals(Outcome.SUPERSEDED, overtaken.done().join());
    assertEquals(0, second.refCnt(), "a coalesced write gives its bytes back at once");
    rig.settle();
    assertEquals(0, first.refCnt());
    assertEquals(0, third.refCnt());
    assertEquals("3", rig.read("a.json"));
  }

  @Test
  void releasedWhenTheTempCannotBeWritten() throws Exception {
    Rig rig = new Rig();
    rig.disk.writeNew(Rig.ROOT.resolve("file"), new byte[] {1}, false);
    ByteBuf buf = direct("x");
    WriteOp op = write(rig, "file/a.json", buf); // the parent is a file: a hard failure
    rig.settle();
    assertTrue(op.done().join().failed());
    assertEquals(0, buf.refCnt());
  }
}
