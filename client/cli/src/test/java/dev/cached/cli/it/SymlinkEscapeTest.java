package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.client.FlushResult;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symlinks never lead a write out of its root (contract point 10), on a real daemon and real links. */
class SymlinkEscapeTest extends SharedDaemon {

  private static Path fresh(String name) throws Exception {
    Files.createDirectories(dir.resolve(name + "/root"));
    return Files.createDirectories(dir.resolve(name + "/outside"));
  }

  @Test
  void aParentSymlinkLeadingOutFailsOutsideRootAndCreatesNothingOutside() throws Exception {
    Path outside = fresh("parent-link");
    Path root = dir.resolve("parent-link/root");
    Files.createSymbolicLink(root.resolve("sub"), outside);
    try (CachedClient c = daemon.client(root)) {
      CachedException e = assertThrows(CachedException.class, () -> c.writeDurable("sub/x.json", new byte[] {1}));
      assertEquals(ErrorCode.OUTSIDE_ROOT, e.code(), e.getMessage());
      assertTrue(e.getMessage().contains("outside the root"), e.getMessage());
      c.write("sub/deeper/y.json", new byte[] {2});
      c.delete("sub/z.json");
      FlushResult f = c.flush();
      assertEquals(3, f.failed().size(), "the durable one too: " + f.failed());
      f.failed().forEach(x -> assertEquals(ErrorCode.OUTSIDE_ROOT, x.code(), x.toString()));
    }
    assertEquals(List.of(), Hostile.tree(outside));
  }

  @Test
  void aTargetThatIsASymlinkIsReplacedByAFileAndItsTargetIsUntouched() throws Exception {
    Path outside = fresh("target-link");
    Path root = dir.resolve("target-link/root");
    Path secret = Files.writeString(outside.resolve("secret.txt"), "do not touch");
    Path link = Files.createSymbolicLink(root.resolve("x.json"), secret);
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("x.json", "new bytes".getBytes()));
    }
    assertFalse(Files.isSymbolicLink(link), "the link was replaced");
    assertTrue(Files.isRegularFile(link, LinkOption.NOFOLLOW_LINKS));
    assertEquals("new bytes", Files.readString(link));
    assertEquals("do not touch", Files.readString(secret));
    assertEquals(List.of("secret.txt"), Hostile.tree(outside));
  }

  @Test
  void aSymlinkSwappedInBetweenTwoWritesIsRefused() throws Exception {
    Path outside = fresh("swap");
    Path root = dir.resolve("swap/root");
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("sub/x", new byte[] {1}));
      assertArrayEquals(new byte[] {1}, Files.readAllBytes(root.resolve("sub/x")));
      Files.delete(root.resolve("sub/x"));
      Files.delete(root.resolve("sub"));
      Files.createSymbolicLink(root.resolve("sub"), outside);
      CachedException e = assertThrows(CachedException.class, () -> c.writeDurable("sub/y", new byte[] {2}));
      assertEquals(ErrorCode.OUTSIDE_ROOT, e.code(), e.getMessage());
    }
    assertEquals(List.of(), Hostile.tree(outside));
  }

  /** The root bound in hello is pinned: replacing the root itself by a link after hello is refused. */
  @Test
  void aRootReplacedByASymlinkAfterHelloIsRefused() throws Exception {
    Path outside = fresh("root-swap");
    Path root = dir.resolve("root-swap/root");
    try (CachedClient c = daemon.client(root)) {
      assertEquals("written", c.writeDurable("a", new byte[] {1}));
      Files.delete(root.resolve("a"));
      Files.delete(root);
      Files.createSymbolicLink(root, outside);
      CachedException e = assertThrows(CachedException.class, () -> c.writeDurable("b", new byte[] {2}));
      assertEquals(ErrorCode.OUTSIDE_ROOT, e.code(), e.getMessage());
    }
    assertEquals(List.of(), Hostile.tree(outside));
  }
}
