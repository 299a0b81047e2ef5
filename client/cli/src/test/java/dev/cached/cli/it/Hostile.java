package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.protocol.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Helpers for the security and bad-input process tests: config files, raw frames, checks. */
final class Hostile {
  private static final AtomicLong SEQ = new AtomicLong();

  private Hostile() {}

  /** Writes {@code toml} to a config file in {@code dir} and returns the daemon flags that use it. */
  static String[] config(Path dir, String toml) throws IOException {
    Path file = dir.resolve("cached-" + SEQ.incrementAndGet() + ".toml");
    Files.writeString(file, toml, StandardCharsets.UTF_8);
    return new String[] {"--config", file.toString()};
  }

  /** A TOML string literal (escaping backslashes and quotes) for a path. */
  static String toml(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** A length prefix alone. */
  static byte[] prefix(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  /** A frame whose header is {@code json} exactly as given. */
  static byte[] rawFrame(String json) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + h.length).putInt(h.length).put(h).array();
  }

  static ObjectNode write(long id, String path, String ack) {
    return Json.object().put("op", "write").put("id", id).put("path", path).put("ack", ack);
  }

  /** The daemon still serves: a fresh client writes durably and the bytes are on disk. */
  static void assertServes(DaemonProcess daemon, Path root) throws Exception {
    byte[] data = ("alive " + SEQ.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("alive.txt", data));
    }
    assertArrayEquals(data, Files.readAllBytes(root.resolve("alive.txt")));
  }

  /** Every file and directory under {@code dir}, relative, sorted. */
  static List<String> tree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  /** Reads the next answer, failing when the connection closes or nothing comes in time. */
  static ObjectNode answer(RawConnection c) throws IOException {
    ObjectNode a = c.read(Duration.ofSeconds(20));
    if (a == null) {
      throw new IOException("connection closed before an answer");
    }
    return a;
  }

  static String code(ObjectNode answer) {
    return answer.path("error").path("code").asText("(none: " + answer + ")");
  }
}
