package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.cli.it.Await;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.cli.it.Immutable;
import dev.cached.cli.it.Root;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import dev.cached.fs.fakes.NoTempLeft;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kernel lock: {@code chattr +i} makes {@code rename} onto the target fail with {@code EPERM}
 * until it is cleared. The client never waits for it; the daemon retries on its own.
 */
class ImmutableTargetTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  private static final Duration HOLD = Duration.ofSeconds(2);

  @TempDir Path tmp;

  @Test
  void writesToAnImmutableTargetAreAckedAtOnceRetriedAndLandWhenItIsCleared() throws Exception {
    Root.assume("chattr +i");
    Path root = noTempLeft.watch(Host.realDiskDir("chattr").resolve("cache"));
    Path target = root.resolve("index.json");
    try (DaemonProcess daemon = new DaemonProcess(tmp).start();
        CachedClient c = daemon.client(root, true);
        CachedClient admin = daemon.admin()) {
      c.writeDurable("index.json", bytes("v0"));
      Immutable lock = Immutable.hold(target);
      long locked = System.nanoTime();
      try {
        List<CompletableFuture<ObjectNode>> acks = new ArrayList<>();
        for (int v = 1; v <= 3; v++) {
          acks.add(c.write("index.json", bytes("v" + v)));
        }
        // the target stays locked until this test releases it: an ack that waited for its write
        // would never come, and the get would time out
        for (CompletableFuture<ObjectNode> a : acks) {
          assertTrue(a.get(30, TimeUnit.SECONDS).path("ok").asBoolean());
        }
        c.write("after.json", bytes("written after the index")); // ordered: held back by the retrying index

        JsonNode retrying = Await.result(Duration.ofSeconds(5), "status lists the locked target as retrying", () -> {
          for (JsonNode r : admin.status().path("retrying")) {
            if (r.path("path").asText().equals(target.toString()) && r.path("attempts").asInt() > 2) {
              return r;
            }
          }
          return null;
        });
        assertTrue(retrying.path("lastError").asText().contains("Operation not permitted"), retrying.toString());
        ObjectNode status = admin.status();
        assertTrue(blockedBy(status).contains(target.toString()), "ordered connection blocked: " + status.path("connections"));
        assertTrue(Files.notExists(root.resolve("after.json")), "a later write of an ordered connection waits");
        String human = humanStatus(daemon);
        assertTrue(human.contains("retrying     1") && human.contains("write " + target), human);
        assertTrue(human.contains("blocked by " + target), human);

        Await.result(HOLD.plusSeconds(5), "the lock has lasted " + HOLD,
            () -> System.nanoTime() - locked >= HOLD.toNanos() ? true : null);
        assertArrayEquals(bytes("v0"), Files.readAllBytes(target), "the locked file stays whole");
      } finally {
        lock.release();
      }
      FlushResult f = c.flush();
      assertTrue(f.ok(), f.failed().toString());
      assertArrayEquals(bytes("v3"), Files.readAllBytes(target));
      assertArrayEquals(bytes("written after the index"), Files.readAllBytes(root.resolve("after.json")));
      assertEquals(0, admin.status().path("retrying").size());
      assertTrue(admin.status().path("totals").path("retries").asLong() > 3);
    }
  }

  private static List<String> blockedBy(JsonNode status) {
    List<String> out = new ArrayList<>();
    status.path("connections").forEach(n -> out.add(n.path("blockedBy").asText()));
    return out;
  }

  /** What {@code cached status} prints, run as a user would. */
  private static String humanStatus(DaemonProcess daemon) throws Exception {
    List<String> cmd = DaemonProcess.cachedCommand();
    cmd.addAll(List.of("status", "--socket", daemon.socket().toString(), "--config", "none"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
