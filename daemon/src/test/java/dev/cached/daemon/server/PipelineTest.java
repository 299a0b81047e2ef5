package dev.cached.daemon.server;

import static dev.cached.daemon.server.PipelineRig.code;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.fs.emulation.Violation;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A connection's pipeline, driven on an {@code EmbeddedChannel}: hello first, limits, flush, order. */
class PipelineTest {

  @Test
  void writeBeforeHello_refusedNotBound_closed_nothingWritten() {
    PipelineRig rig = new PipelineRig();
    rig.write("a", "data", "queued");
    ObjectNode a = rig.answer();
    assertEquals("NOT_BOUND", code(a));
    assertFalse(rig.channel.isActive());
    rig.runWriters(100);
    assertTrue(rig.disk.files().isEmpty(), "nothing may reach the disk before hello");
    assertEquals(1, rig.stats.refusedConnections());
  }

  @Test
  void hello_answeredWithLimits_thenWritesServed() {
    PipelineRig rig = new PipelineRig();
    ObjectNode ok = rig.send(rig.hello(false)).answer();
    assertTrue(ok.path("ok").asBoolean(), ok.toString());
    assertTrue(ok.path("limits").has("maxPayload"));
    assertNull(rig.channel.pipeline().get(HelloGate.class), "the gate leaves once the hello passed");
    rig.write("a", "one", "queued");
    assertTrue(rig.answer().path("ok").asBoolean());
    rig.runWriters(0);
    assertEquals("one", rig.read("a"));
  }

  @Test
  void helloTwice_badRequest() {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(false)).answer();
    assertEquals("BAD_REQUEST", code(rig.send(rig.hello(false)).answer()));
  }

  @Test
  void noHelloWithinTimeout_closed() {
    PipelineRig rig = new PipelineRig("helloTimeout", "2s");
    rig.advance(1999);
    assertTrue(rig.channel.isActive());
    rig.advance(2);
    assertFalse(rig.channel.isActive());
  }

  @Test
  void helloInTime_timerCancelled() {
    PipelineRig rig = new PipelineRig("helloTimeout", "2s");
    rig.send(rig.hello(false)).answer();
    rig.advance(5000);
    assertTrue(rig.channel.isActive());
  }

  @Test
  void unfinishedFrame_closedAfterFrameTimeout() {
    PipelineRig rig = new PipelineRig("frameTimeout", "3s");
    rig.send(rig.hello(false)).answer();
    rig.sendBytes(new byte[] {0, 0, 0, 50, '{'});
    rig.advance(2999);
    assertTrue(rig.channel.isActive());
    rig.advance(2);
    assertFalse(rig.channel.isActive());
  }

  @Test
  void headerOverLimit_tooLarge_closedBeforeReadingIt() {
    PipelineRig rig = new PipelineRig();
    rig.sendBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    assertEquals("TOO_LARGE", code(rig.answer()));
    assertFalse(rig.channel.isActive());
  }

  @Test
  void payloadOverMaxPayload_tooLarge_closed() {
    PipelineRig rig = new PipelineRig("maxPayload", "16");
    rig.send(rig.hello(false)).answer();
    rig.write("a", "seventeen bytes!!", "queued");
    assertEquals("TOO_LARGE", code(rig.answer()));
    assertFalse(rig.channel.isActive());
  }

  @Test
  void durableWritesOverMaxPendingRequests_busy_connectionStays() {
    PipelineRig rig = new PipelineRig("maxPendingRequests", "2");
    rig.send(rig.hello(false)).answer();
    rig.write("a", "1", "durable").write("b", "2", "durable").write("c", "3", "durable");
    List<ObjectNode> a = rig.answers();
    assertEquals(1, a.size(), a.toString());
    assertEquals("BUSY", code(a.get(0)));
    assertEquals("BUSY", code(rig.send(rig.request("flush")).answer()));
    assertTrue(rig.channel.isActive());
    rig.runWriters(0);
    assertEquals(2, rig.answers().size(), "both durable writes answered once written");
    assertNull(rig.read("c"));
    rig.write("c", "3", "durable").runWriters(0);
    assertTrue(rig.answer().path("ok").asBoolean());
    assertEquals("3", rig.read("c"));
  }

  @Test
  void flush_answersOnlyOnceEarlierWritesAreFinal_andReportsFailures() {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(false)).answer();
    rig.fs.hold(PipelineRig.ROOT.resolve("held"), Duration.ofMillis(300), Violation.ACCESS_DENIED);
    rig.disk.put(PipelineRig.ROOT.resolve("held"), new byte[] {1});
    rig.write("held", "new", "queued").write("free", "x", "queued");
    assertEquals(2, rig.answers().size());
    rig.send(rig.request("flush"));
    rig.runWriters(100);
    assertTrue(rig.answers().isEmpty(), "flush must wait for the held write");
    assertEquals("x", rig.read("free"));
    rig.runWriters(1000);
    ObjectNode f = rig.answer();
    assertTrue(f.path("ok").asBoolean(), f.toString());
    assertEquals(2, f.path("done").asInt());
    assertEquals("new", rig.read("held"));
  }

  @Test
  void orderedConnection_laterWriteWaitsForEarlierStuckOne() {
    assertEquals(List.of(false, true), orderRun(true));
  }

  @Test
  void unorderedConnection_laterWriteOvertakesStuckOne() {
    assertEquals(List.of(true, true), orderRun(false));
  }

  /** Writes a (held) then b; returns whether b was on disk while a was stuck, and after a ended. */
  private static List<Boolean> orderRun(boolean ordered) {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(ordered)).answer();
    rig.disk.put(PipelineRig.ROOT.resolve("a"), new byte[] {1});
    rig.fs.hold(PipelineRig.ROOT.resolve("a"), Duration.ofMillis(300), Violation.ACCESS_DENIED);
    rig.write("a", "A", "queued").write("b", "B", "queued");
    rig.runWriters(100);
    boolean bEarly = "B".equals(rig.read("b"));
    rig.runWriters(2000);
    assertEquals("A", rig.read("a"));
    return List.of(bEarly, "B".equals(rig.read("b")));
  }

  @Test
  void overMaxConnections_busyAndClosed() {
    PipelineRig rig = new PipelineRig("maxConnections", "1");
    assertTrue(rig.channel.isActive());
    EmbeddedChannel second = rig.connectAnother();
    List<ObjectNode> a = PipelineRig.answers(second);
    assertEquals("BUSY", code(a.get(0)));
    assertFalse(second.isActive());
  }

  @Test
  void duringShutdown_newWriteRefused() {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(false)).answer();
    rig.shuttingDown.set(true);
    rig.write("a", "x", "queued");
    assertEquals("SHUTTING_DOWN", code(rig.answer()));
  }

  @Test
  void everyReadFromAClientMakesTheWritersWaitTheirTurn() {
    PipelineRig rig = new PipelineRig();
    rig.time.advance(java.time.Duration.ofSeconds(1));
    assertFalse(rig.intake.busy(), "no read yet");
    rig.send(rig.hello(false)).answer();
    assertTrue(rig.intake.busy(), "a read just now");
    rig.time.advance(java.time.Duration.ofMillis(2));
    assertFalse(rig.intake.busy(), "quiet for 2 ms");
    rig.write("a", "one", "queued");
    assertTrue(rig.intake.busy());
    PipelineRig off = new PipelineRig("intakeFirst", "0");
    off.send(off.hello(false)).answer();
    assertFalse(off.intake.busy(), "intakeFirst = 0: writers never wait");
  }

  @Test
  void hold_answeredWithItsTime_endedByZero_byClosing_refusedOutOfRangeAndDuringShutdown() {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(false)).answer();
    ObjectNode held = rig.send(rig.request("hold", "millis", 30_000)).answer();
    assertTrue(held.path("ok").asBoolean(), held.toString());
    assertEquals(30_000, held.path("heldMillis").asLong());
    assertEquals(30_000, rig.hold.remainingMillis());
    rig.time.advance(Duration.ofSeconds(10));
    assertEquals(20_000, rig.hold.remainingMillis(), "a hold runs on the daemon's clock");
    assertEquals(0, rig.send(rig.request("hold", "millis", 0)).answer().path("heldMillis").asLong());
    assertEquals(0, rig.hold.remainingMillis(), "a hold of 0 ends the connection's hold");

    ObjectNode tooLong = rig.send(rig.request("hold", "millis", 60_001)).answer();
    assertEquals("BAD_REQUEST", code(tooLong));
    assertTrue(tooLong.path("error").path("message").asText().contains("'millis'"), tooLong.toString());
    assertEquals("BAD_REQUEST", code(rig.send(rig.request("hold")).answer()), "millis is required");
    assertEquals(0, rig.hold.remainingMillis(), "a refused hold holds nothing");

    rig.send(rig.request("hold", "millis", 5_000)).answer();
    assertEquals(5_000, rig.hold.remainingMillis());
    rig.channel.close();
    assertEquals(0, rig.hold.remainingMillis(), "a hold never outlives its connection");

    PipelineRig closing = new PipelineRig();
    closing.send(closing.hello(false)).answer();
    closing.shuttingDown.set(true);
    assertEquals("SHUTTING_DOWN", code(closing.send(closing.request("hold", "millis", 1_000)).answer()));
    assertEquals(0, closing.hold.remainingMillis());
  }

  @Test
  void hold_ofOneConnection_othersKeepTheirs() {
    PipelineRig rig = new PipelineRig();
    rig.send(rig.hello(false)).answer();
    EmbeddedChannel admin = rig.connectAnother();
    admin.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(dev.cached.protocol.FrameEncoder.head(
        rig.request("hello", "protocol", dev.cached.protocol.Protocol.VERSION), 0)));
    admin.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(dev.cached.protocol.FrameEncoder.head(
        rig.request("hold", "millis", 40_000), 0)));
    List<ObjectNode> adminAnswers = PipelineRig.answers(admin);
    assertEquals(40_000, adminAnswers.get(1).path("heldMillis").asLong(), adminAnswers.toString());
    assertEquals(40_000, rig.send(rig.request("hold", "millis", 10_000)).answer().path("heldMillis").asLong(),
        "the answer says how long the writers stay held by anyone");
    admin.close();
    assertEquals(10_000, rig.hold.remainingMillis(), "closing one connection ends its hold only");
  }
}
