package dev.cached.daemon.janitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.RealFileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up sweep removes only cached's own stale temps, and never follows a symlink. */
class TempSweeperTest {
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  private static final String HEX = "0123456789abcdef";

  @TempDir Path dir;

  private static Path file(Path p, Instant mtime) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[] {1});
    Files.setLastModifiedTime(p, FileTime.from(mtime));
    return p;
  }

  @Test
  void removesOnlyPatternMatchingTempsOlderThanTheStart() throws IOException {
    Instant old = START.minusSeconds(60);
    Path root = dir.resolve("root");
    Path stale = file(root.resolve(".a.json." + HEX + ".cached-tmp"), old);
    Path nested = file(root.resolve("3.11/deep/.b." + HEX + ".cached-tmp"), old);
    Path fresh = file(root.resolve(".c.json." + HEX + ".cached-tmp"), START.plusSeconds(1));
    List<Path> others = List.of(
        file(root.resolve("a.json"), old),
        file(root.resolve(".a.json.tmp"), old),
        file(root.resolve(".a.json.0123456789ABCDEF.cached-tmp"), old), // upper-case hex: not ours
        file(root.resolve(".a.json.0123456789abcde.cached-tmp"), old), // 15 digits
        file(root.resolve("a.json." + HEX + ".cached-tmp"), old), // no leading dot
        file(root.resolve(".a.json." + HEX + ".cached-tmp.bak"), old));
    LazyDeleter lazy = new LazyDeleter(RealFileOps.INSTANCE, 10);
    TempSweeper.Result r = new TempSweeper(RealFileOps.INSTANCE, lazy).sweep(List.of(root), FileTime.from(START));
    assertEquals(2, r.removed());
    assertEquals(0, r.failed());
    assertTrue(Files.notExists(stale));
    assertTrue(Files.notExists(nested));
    assertTrue(Files.exists(fresh), "a temp of the running daemon is left alone");
    for (Path p : others) {
      assertTrue(Files.exists(p), p + " is not ours");
    }
  }

  @Test
  void neverFollowsSymlinks() throws IOException {
    Instant old = START.minusSeconds(60);
    Path root = dir.resolve("root");
    Path outside = dir.resolve("outside");
    Path outsideTemp = file(outside.resolve(".x." + HEX + ".cached-tmp"), old);
    Files.createDirectories(root);
    Files.createSymbolicLink(root.resolve("linked-dir"), outside);
    Path linkNamedLikeTemp = Files.createSymbolicLink(root.resolve(".y." + HEX + ".cached-tmp"), outsideTemp);
    TempSweeper.Result r = new TempSweeper(RealFileOps.INSTANCE, new LazyDeleter(RealFileOps.INSTANCE, 10))
        .sweep(List.of(root, dir.resolve("gone")), FileTime.from(START));
    assertEquals(0, r.removed());
    assertEquals(2, r.roots());
    assertTrue(Files.exists(outsideTemp));
    assertTrue(Files.isSymbolicLink(linkNamedLikeTemp));
  }

  @Test
  void rootThatIsASymlinkIsNotWalked() throws IOException {
    Path outside = dir.resolve("outside");
    Path temp = file(outside.resolve(".x." + HEX + ".cached-tmp"), START.minusSeconds(60));
    Path root = Files.createSymbolicLink(dir.resolve("root"), outside);
    TempSweeper.Result r = new TempSweeper(RealFileOps.INSTANCE, new LazyDeleter(RealFileOps.INSTANCE, 10))
        .sweep(List.of(root), FileTime.from(START));
    assertEquals(0, r.removed());
    assertTrue(Files.exists(temp));
  }
}
