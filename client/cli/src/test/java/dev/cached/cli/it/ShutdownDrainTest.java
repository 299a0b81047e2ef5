package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A draining shutdown finishes every accepted write before the process exits. */
class ShutdownDrainTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  @TempDir Path dir;

  private record Sent(String path, byte[] data, CompletableFuture<ObjectNode> ack) {}

  @Test
  void shutdownWithDrainLosesNoAcceptedWrite() throws Exception {
    try (DaemonProcess daemon = new DaemonProcess(dir).start()) {
      Path root = noTempLeft.watch(dir.resolve("root"));
      List<Sent> sent = new ArrayList<>();
      Random r = new Random(11);
      try (CachedClient c = daemon.client(root); CachedClient admin = daemon.admin()) {
        for (int i = 0; i < 3000; i++) {
          byte[] data = new byte[r.nextInt(64 * 1024)];
          r.nextBytes(data);
          String path = "p" + r.nextInt(300);
          try {
            sent.add(new Sent(path, data, c.write(path, data)));
          } catch (CachedException e) {
            break; // the connection was closed by the shutdown: nothing more is accepted
          }
          if (i == 2000) {
            // The client sends from its own thread (b1fdadd): wait until the daemon has accepted
            // these 2001 writes, so "sent before the shutdown" means on the daemon's side.
            sent.get(sent.size() - 1).ack().join();
            admin.shutdown(true);
          }
        }
      }
      assertEquals(0, daemon.awaitExit(Duration.ofSeconds(60)), daemon.output());
      Map<String, byte[]> expected = new HashMap<>();
      int accepted = 0;
      for (Sent s : sent) {
        if (acked(s.ack())) {
          expected.put(s.path(), s.data());
          accepted++;
        }
      }
      assertTrue(accepted >= 2000, "at least the writes sent before the shutdown were accepted: " + accepted);
      for (Map.Entry<String, byte[]> e : expected.entrySet()) {
        assertArrayEquals(e.getValue(), Files.readAllBytes(root.resolve(e.getKey())), e.getKey());
      }
      assertFalse(Files.exists(daemon.socket()), "socket removed");
      assertFalse(Files.exists(daemon.socket().resolveSibling("cached.sock.lock")), "lock removed");
    }
  }

  private static boolean acked(CompletableFuture<ObjectNode> f) throws InterruptedException {
    try {
      return f.get().path("ok").asBoolean();
    } catch (ExecutionException e) {
      return false;
    }
  }
}
