package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon keeps Netty's allocator JFR events off: loading their classes cost about 120 ms on the
 * socket thread at the first connection (see {@code NettyDefaults}). A real daemon, its class
 * loading logged, takes a write: the pooled allocator is in use, its event classes never loaded.
 */
class NettyJfrTest {
  @TempDir Path dir;

  @Test
  void aWriteLoadsNoNettyJfrEventClass() throws Exception {
    Path classes = dir.resolve("classes.txt");
    Path root = Files.createDirectories(dir.resolve("root"));
    try (DaemonProcess d = new DaemonProcess(Files.createDirectories(dir.resolve("d")))
        .start(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes))) {
      try (CachedClient c = d.client(root)) {
        c.write("a.bin", new byte[4096]);
        assertEquals(1, c.flush().done());
      }
      assertEquals(4096, Files.size(root.resolve("a.bin")));
      String log = Files.readString(classes);
      assertTrue(log.contains("io.netty.buffer.PoolChunk "), "the payload went through Netty's pooled allocator");
      assertFalse(log.contains("io.netty.buffer.AllocateChunkEvent"), "Netty's JFR chunk event was loaded");
    }
  }
}
