package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.protocol.Ack;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Request;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched acknowledgements against the real daemon process, over its real socket. */
class BatchAcksProcessTest {
  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = new DaemonProcess(dir).start();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.close();
  }

  @Test
  void javaClient_getsBatchAcks_everyWriteCompletesAndLands() throws Exception {
    Path root = Files.createDirectories(dir.resolve("client"));
    List<CompletableFuture<ObjectNode>> acks = new ArrayList<>();
    try (CachedClient c = daemon.client(root)) {
      assertEquals("batch", c.helloAnswer().path("acks").asText(), c.helloAnswer().toString());
      for (int i = 0; i < 2000; i++) {
        acks.add(c.write("d/" + (i % 300), ("v" + i).getBytes(StandardCharsets.UTF_8)));
      }
      assertTrue(c.flush().ok());
    }
    for (CompletableFuture<ObjectNode> a : acks) {
      assertTrue(a.isDone() && !a.isCompletedExceptionally(), String.valueOf(a));
    }
    for (int p = 0; p < 300; p++) {
      int last = p + 300 * ((1999 - p) / 300);
      assertArrayEquals(("v" + last).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(root.resolve("d/" + p)));
    }
  }

  /** One send of 50 writes (one refused) and a flush: the refusal by its id, the rest in few {@code through}s, before the flush's answer. */
  @Test
  void rawBatch_refusalByIdThroughsInOrder_flushLast() throws Exception {
    Path root = Files.createDirectories(dir.resolve("raw"));
    try (RawConnection c = new RawConnection(daemon.socket())) {
      c.send(new Request.Hello(0, Protocol.VERSION, "raw", ProcessHandle.current().pid(), root.toString(), false)
          .withBatchAcks(true).header(), new byte[0]);
      ObjectNode hello = c.read(Duration.ofSeconds(10));
      assertEquals("batch", hello.path("acks").asText(), hello.toString());
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int id = 1; id <= 50; id++) {
        String path = id == 20 ? "../outside" : "f" + id;
        byte[] data = ("x" + id).getBytes(StandardCharsets.UTF_8);
        append(all, FrameEncoder.head(new Request.Write(id, path, Ack.QUEUED, data).header(), data.length));
        all.write(data);
      }
      append(all, FrameEncoder.head(new Request.Flush(51, null).header(), 0));
      c.send(all.toByteArray());
      long covered = 0;
      boolean refused = false;
      int answers = 0;
      while (true) {
        ObjectNode a = c.read(Duration.ofSeconds(10));
        answers++;
        long id = a.path("id").asLong();
        if (id == 51) {
          assertTrue(a.path("ok").asBoolean(), a.toString());
          break;
        }
        if (id == 20) {
          assertFalse(a.path("ok").asBoolean(), a.toString());
          assertTrue(covered < 20, "the refusal comes before any through that covers later requests: " + a);
          refused = true;
        } else {
          assertTrue(a.path("through").asBoolean() && id > covered, a.toString());
          covered = id;
        }
      }
      assertTrue(refused, "write 20 is refused by its id");
      assertEquals(50, covered, "every queued write is acknowledged before the flush answer");
      assertTrue(answers < 52, "fewer answers than requests: " + answers);
    }
    assertArrayEquals("x50".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(root.resolve("f50")));
  }

  private static void append(ByteArrayOutputStream out, ByteBuffer b) {
    out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
  }
}
