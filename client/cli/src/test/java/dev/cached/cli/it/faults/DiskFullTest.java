package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.cli.it.Await;
import dev.cached.cli.it.DaemonProcess;
import dev.cached.cli.it.Root;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root on a 1 MiB tmpfs: ENOSPC is reported, the breaker opens, other roots go on, freed space heals it. */
class DiskFullTest {
  private static final int CHUNK = 400 * 1024;

  @TempDir Path tmp;

  @Test
  void diskFullOpensTheBreakerOfThatRootOnlyAndFreeSpaceClosesIt() throws Exception {
    Root.assume("mount -t tmpfs");
    Path full = Files.createDirectories(tmp.resolve("full"));
    Path other = tmp.resolve("other");
    Path config = Files.writeString(tmp.resolve("config.toml"),
        "[breaker]\nthreshold = 3\nprobeFirst = \"300ms\"\nprobeCap = \"600ms\"\n");
    Host.run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", full.toString());
    try (DaemonProcess daemon = new DaemonProcess(Files.createDirectories(tmp.resolve("d"))).start("--config", config.toString());
        CachedClient cf = daemon.client(full);
        CachedClient co = daemon.client(other);
        CachedClient admin = daemon.admin()) {
      assertEquals("written", cf.writeDurable("a.bin", new byte[CHUNK]));
      assertEquals("written", cf.writeDurable("b.bin", new byte[CHUNK]));
      for (int i = 0; i < 3; i++) {
        String path = "big" + i + ".bin";
        CachedException e = assertThrows(CachedException.class, () -> cf.writeDurable(path, new byte[CHUNK]));
        assertEquals(ErrorCode.IO_ERROR, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device") && e.getMessage().contains(full.resolve(path).toString()),
            e.getMessage());
      }
      JsonNode breakers = admin.status().path("breakers");
      assertEquals(1, breakers.size(), breakers.toString());
      assertEquals(full.toString(), breakers.get(0).path("directory").asText());
      assertTrue(breakers.get(0).path("reason").asText().contains("No space left on device"), breakers.toString());

      CachedException fast = assertThrows(CachedException.class, () -> cf.writeDurable("small.json", new byte[10]));
      assertEquals(ErrorCode.BREAKER_OPEN, fast.code(), fast.getMessage());
      assertEquals("written", co.writeDurable("x.json", new byte[10]), "another root keeps working");

      Files.delete(full.resolve("a.bin"));
      Files.delete(full.resolve("b.bin"));
      Await.result(Duration.ofSeconds(10), "a probe after the space was freed succeeds", () -> {
        try {
          return cf.writeDurable("after.bin", new byte[CHUNK]);
        } catch (CachedException e) {
          assertEquals(ErrorCode.BREAKER_OPEN, e.code(), e.getMessage());
          return null;
        }
      });
      assertEquals(0, admin.status().path("breakers").size());
      assertEquals("written", cf.writeDurable("again.bin", new byte[CHUNK]));
      assertTrue(daemon.process().isAlive());
    } finally {
      Host.unmount(full);
    }
  }
}
