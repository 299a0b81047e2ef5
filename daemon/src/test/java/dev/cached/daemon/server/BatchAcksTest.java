package dev.cached.daemon.server;

import static dev.cached.daemon.server.PipelineRig.code;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Responses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batched acknowledgements ({@code "acks":"batch"}, PROTOCOL.md), driven on an {@code EmbeddedChannel}. */
class BatchAcksTest {

  private static PipelineRig batchConnection() {
    PipelineRig rig = new PipelineRig();
    ObjectNode hello = rig.hello(false).put("acks", "batch");
    ObjectNode ok = rig.send(hello).answer();
    assertEquals("batch", ok.path("acks").asText(), ok.toString());
    assertTrue(ok.toString().contains("\"batchAcks\""), ok.toString());
    return rig;
  }

  /** Several frames in one inbound buffer: what one read from the socket delivers. */
  private static void oneRead(PipelineRig rig, ObjectNode... headers) {
    ByteBuf buf = Unpooled.buffer();
    for (ObjectNode h : headers) {
      byte[] data = h.path("op").asText().equals("write") ? "data".getBytes(StandardCharsets.UTF_8) : new byte[0];
      buf.writeBytes(FrameEncoder.head(h, data.length)).writeBytes(data);
    }
    rig.channel.writeInbound(buf);
  }

  private static List<String> texts(List<ObjectNode> answers) {
    return answers.stream().map(ObjectNode::toString).toList();
  }

  private static ObjectNode write(PipelineRig rig, String path, String ack) {
    return rig.request("write", "path", path, "ack", ack);
  }

  @Test
  void queuedWritesOfOneRead_oneThroughForTheLast() {
    PipelineRig rig = batchConnection();
    oneRead(rig, write(rig, "a", "queued"), write(rig, "b", "queued"), write(rig, "c", "queued"));
    List<ObjectNode> answers = rig.answers();
    assertEquals(1, answers.size(), answers.toString());
    assertEquals(Responses.through(4L).toString(), answers.get(0).toString());
    rig.runWriters(0);
    assertEquals("data", rig.read("c"));
  }

  @Test
  void refusal_answeredByItsId_beforeTheThroughThatCoversLaterRequests() {
    PipelineRig rig = batchConnection();
    oneRead(rig, write(rig, "a", "queued"), write(rig, "../out", "queued"), write(rig, "c", "queued"));
    List<ObjectNode> answers = rig.answers();
    assertEquals(2, answers.size(), answers.toString());
    assertFalse(answers.get(0).path("ok").asBoolean());
    assertEquals(3, answers.get(0).path("id").asLong());
    assertNotNull(code(answers.get(0)));
    assertEquals(Responses.through(4L).toString(), answers.get(1).toString());
  }

  @Test
  void flush_sendsThePendingThroughFirst() {
    PipelineRig rig = batchConnection();
    oneRead(rig, write(rig, "a", "queued"), write(rig, "b", "queued"), rig.request("flush"));
    rig.runWriters(0);
    List<ObjectNode> answers = rig.answers();
    assertEquals(2, answers.size(), answers.toString());
    assertEquals(Responses.through(3L).toString(), answers.get(0).toString());
    assertEquals(4, answers.get(1).path("id").asLong());
    assertEquals(2, answers.get(1).path("done").asLong(), answers.get(1).toString());
  }

  @Test
  void durable_answeredByItsOwnId_notCoveredByThrough() {
    PipelineRig rig = batchConnection();
    oneRead(rig, write(rig, "a", "queued"), write(rig, "b", "durable"));
    assertEquals(List.of(Responses.through(2L).toString()), texts(rig.answers()), "the durable write is not final yet");
    rig.runWriters(0);
    ObjectNode durable = rig.answer();
    assertEquals(3, durable.path("id").asLong());
    assertEquals("written", durable.path("outcome").asText());
  }

  @Test
  void withoutBatchInTheHello_oneAnswerPerRequest() {
    PipelineRig rig = new PipelineRig();
    ObjectNode ok = rig.send(rig.hello(false)).answer();
    assertFalse(ok.has("acks"));
    oneRead(rig, write(rig, "a", "queued"), write(rig, "b", "queued"));
    assertEquals(List.of(Responses.ok(2L).toString(), Responses.ok(3L).toString()), texts(rig.answers()));
  }

  @Test
  void preEncodedAcks_sameBytesAsTheMapper() {
    for (long id : new long[] {0, 7, 123456789L, Long.MAX_VALUE}) {
      for (boolean through : new boolean[] {false, true}) {
        ByteBuf b = new QueuedAck(id, through).encode(UnpooledByteBufAllocator.DEFAULT);
        try {
          ObjectNode expected = through ? Responses.through(id) : Responses.ok(id);
          byte[] want = FrameEncoder.head(expected, 0).array();
          assertArrayEquals(want, ByteBufUtil.getBytes(b), expected.toString());
        } finally {
          b.release();
        }
      }
    }
  }
}
