package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.cli.it.DaemonProcess;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import dev.cached.client.Failure;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache directory is replaced under the daemon, mid-run, by a plain file or a dangling symlink
 * (mypy's own report): each write there fails with a reason, the daemon never crashes, and other
 * roots go on. Needs no root.
 */
class VanishingRootTest {
  private static final int WRITES = 6;
  private static final Set<ErrorCode> PER_WRITE = Set.of(ErrorCode.IO_ERROR, ErrorCode.BREAKER_OPEN);

  @TempDir static Path tmp;
  static DaemonProcess daemon;

  @BeforeAll
  static void start() throws Exception {
    daemon = new DaemonProcess(Files.createDirectories(tmp.resolve("d"))).start();
  }

  @AfterAll
  static void stop() {
    daemon.close();
  }

  @Test
  void subdirectoryReplacedByAPlainFile() throws Exception {
    Path root = tmp.resolve("file-sub");
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("3.11/a.json", new byte[] {1}));
      deleteTree(root.resolve("3.11"));
      Files.write(root.resolve("3.11"), new byte[] {9});
      writeAndExpectFailures(c, "3.11/");
    }
    assertHealthy();
  }

  @Test
  void rootReplacedByAPlainFile() throws Exception {
    Path root = tmp.resolve("file-root");
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("a.json", new byte[] {1}));
      deleteTree(root);
      Files.write(root, new byte[] {9});
      writeAndExpectFailures(c, "");
      writeAndExpectFailures(c, "sub/");
    }
    assertHealthy();
  }

  @Test
  void rootReplacedByADanglingSymlink() throws Exception {
    Path root = tmp.resolve("link-root");
    Path nowhere = tmp.resolve("nowhere");
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("a.json", new byte[] {1}));
      deleteTree(root);
      Files.createSymbolicLink(root, nowhere);
      writeAndExpectFailures(c, "");
      writeAndExpectFailures(c, "sub/");
    }
    assertFalse(Files.exists(nowhere), "nothing is created through the dangling link");
    assertHealthy();
  }

  private static void writeAndExpectFailures(CachedClient c, String prefix) throws Exception {
    for (int i = 0; i < WRITES; i++) {
      c.write(prefix + "w" + i + ".json", new byte[] {(byte) i});
    }
    FlushResult f = c.flush();
    assertEquals(WRITES, f.failed().size(), "one failure per write: " + f.failed());
    for (Failure x : f.failed()) {
      assertTrue(PER_WRITE.contains(x.code()), x.toString());
      assertFalse(x.message().isBlank());
    }
    assertTrue(f.failed().stream().anyMatch(x -> x.code() == ErrorCode.IO_ERROR && x.message().contains("mkdir")),
        "the first failures name the step: " + f.failed());
  }

  private static void assertHealthy() throws Exception {
    assertTrue(daemon.process().isAlive(), daemon.output());
    try (CachedClient other = daemon.client(tmp.resolve("other"))) {
      assertEquals("written", other.writeDurable("ok.json", new byte[] {1}));
    }
  }

  private static void deleteTree(Path p) throws Exception {
    try (Stream<Path> s = Files.walk(p)) {
      List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
      for (Path x : all) {
        Files.delete(x);
      }
    }
  }
}
