package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CacheWriter;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.client.FlushResult;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code replace} op against the real daemon: adopt a file the caller wrote beside the target. */
@Timeout(120)
class ReplaceOpTest extends SharedDaemon {

  private static Path file(Path p, String content) throws Exception {
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  private static ErrorCode refusal(CompletableFuture<ObjectNode> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    return ((CachedException) e.getCause()).code();
  }

  private static TreeSet<String> names(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void aTempFileBesideTheTargetIsMovedOntoIt() throws Exception {
    Path root = dir.resolve("adopt");
    file(root.resolve("d/x.json"), "old");
    file(root.resolve("d/.x.json.tmp1"), "new");
    file(root.resolve("d/.y.json.tmp1"), "by absolute path");
    try (CachedClient c = daemon.client(root)) {
      c.replace("d/.x.json.tmp1", "d/x.json").get(10, TimeUnit.SECONDS);
      c.replace(root.resolve("d/.y.json.tmp1").toString(), "d/y.json");
      assertTrue(c.flush().ok());
    }
    assertEquals("new", Files.readString(root.resolve("d/x.json")));
    assertEquals("by absolute path", Files.readString(root.resolve("d/y.json")));
    assertEquals(new TreeSet<>(List.of("x.json", "y.json")), names(root.resolve("d")));
  }

  @Test
  void fromInAnotherDirectory_isBadPathAndStaysTheCallers() throws Exception {
    Path root = dir.resolve("other-dir");
    file(root.resolve("tmp/.x.json.t"), "mine");
    try (CachedClient c = daemon.client(root)) {
      assertEquals(ErrorCode.BAD_PATH, refusal(c.replace("tmp/.x.json.t", "d/x.json")));
      FlushResult r = c.flush();
      assertEquals(List.of(ErrorCode.BAD_PATH), r.failed().stream().map(f -> f.code()).toList());
    }
    assertEquals("mine", Files.readString(root.resolve("tmp/.x.json.t")), "a refused replace does not take the file");
    assertFalse(Files.exists(root.resolve("d/x.json")));
  }

  @Test
  void fromMissingADirectoryOrASymlink_isBadPath() throws Exception {
    Path root = dir.resolve("not-a-file");
    Files.createDirectories(root.resolve("d/sub"));
    file(root.resolve("d/real"), "real");
    Files.createSymbolicLink(root.resolve("d/link"), root.resolve("d/real"));
    try (CachedClient c = daemon.client(root)) {
      assertEquals(ErrorCode.BAD_PATH, refusal(c.replace("d/missing", "d/x.json")));
      assertEquals(ErrorCode.BAD_PATH, refusal(c.replace("d/sub", "d/x.json")));
      assertEquals(ErrorCode.BAD_PATH, refusal(c.replace("d/link", "d/x.json")));
      assertEquals(ErrorCode.OUTSIDE_ROOT, refusal(c.replace("../elsewhere", "x.json")));
    }
    assertFalse(Files.exists(root.resolve("d/x.json")));
    assertTrue(Files.isDirectory(root.resolve("d/sub")));
  }

  @Test
  void supersededReplacesLeaveNoStrayFromFiles() throws Exception {
    Path root = dir.resolve("superseded");
    int n = 200;
    for (int i = 0; i < n; i++) {
      file(root.resolve("a/.a" + i + ".1"), "first " + i);
      file(root.resolve("a/.a" + i + ".2"), "second " + i);
      file(root.resolve("b/.b" + i + ".1"), "replaced " + i);
    }
    try (CachedClient c = daemon.client(root)) {
      for (int i = 0; i < n; i++) {
        c.replace("a/.a" + i + ".1", "a/" + i + ".json");
        c.replace("a/.a" + i + ".2", "a/" + i + ".json");
        c.replace("b/.b" + i + ".1", "b/" + i + ".json");
        c.write("b/" + i + ".json", ("written " + i).getBytes());
      }
      FlushResult r = c.flush();
      assertTrue(r.ok(), r.failed().toString());
      assertEquals(4L * n, r.done());
    }
    TreeSet<String> expected = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      assertEquals("second " + i, Files.readString(root.resolve("a/" + i + ".json")));
      assertEquals("written " + i, Files.readString(root.resolve("b/" + i + ".json")));
      expected.add(i + ".json");
    }
    assertEquals(expected, names(root.resolve("a")), "no stray from files or temps");
    assertEquals(expected, names(root.resolve("b")), "no stray from files or temps");
  }

  @Test
  void durableReplace_isOnDiskWhenAnswered() throws Exception {
    Path root = dir.resolve("durable");
    try (CachedClient c = daemon.client(root)) {
      for (int i = 0; i < 20; i++) {
        file(root.resolve("d/.t" + i), "v" + i);
        assertEquals("written", c.replaceDurable("d/.t" + i, "d/x.json"));
        assertEquals("v" + i, Files.readString(root.resolve("d/x.json")));
        assertFalse(Files.exists(root.resolve("d/.t" + i)));
      }
    }
  }

  @Test
  void cacheWriterReplace_goesThroughTheDaemon() throws Exception {
    Path root = dir.resolve("writer");
    file(root.resolve("d/.t"), "via writer");
    try (CacheWriter w = CacheWriter.open(CacheWriter.options().socket(daemon.socket()).root(root))) {
      assertTrue(w.connected());
      w.replace("d/.t", "d/x.json");
      assertTrue(w.flush().ok());
    }
    assertEquals("via writer", Files.readString(root.resolve("d/x.json")));
    assertFalse(Files.exists(root.resolve("d/.t")));
  }
}
