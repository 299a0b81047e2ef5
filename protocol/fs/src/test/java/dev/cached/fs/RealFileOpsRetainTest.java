package dev.cached.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RealFileOps#retain} on real files: it keeps a replaced or deleted file's old version
 * readable until closed, and it never opens what is not a regular file (a FIFO would block).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "retain pays only where the last close frees the storage")
class RealFileOpsRetainTest {
  @TempDir Path dir;

  private static final byte[] OLD = {9, 9, 9, 9};
  private static final byte[] NEW = {1, 2, 3};

  private static byte[] readAll(Closeable handle) throws Exception {
    FileChannel ch = assertInstanceOf(FileChannel.class, handle);
    ByteBuffer b = ByteBuffer.allocate(64);
    ch.read(b, 0);
    b.flip();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  @Test
  void theOldVersionOutlivesTheReplaceUntilClosed() throws Exception {
    Path target = Files.write(dir.resolve("a.cache"), OLD);
    try (Closeable old = RealFileOps.INSTANCE.retain(target)) {
      Path temp = AtomicReplace.prepare(RealFileOps.INSTANCE, target, NEW, null, FsyncPolicy.NONE);
      AtomicReplace.commit(RealFileOps.INSTANCE, temp, target, FsyncPolicy.NONE);
      assertArrayEquals(NEW, Files.readAllBytes(target), "readers see the new version at once");
      assertArrayEquals(OLD, readAll(old), "the handle still holds the old one");
    }
  }

  @Test
  void aDeletedFileIsKeptToo() throws Exception {
    Path target = Files.write(dir.resolve("b.cache"), OLD);
    try (Closeable old = RealFileOps.INSTANCE.retain(target)) {
      AtomicReplace.delete(RealFileOps.INSTANCE, target);
      assertFalse(Files.exists(target));
      assertArrayEquals(OLD, readAll(old));
    }
  }

  @Test
  void nothingToKeepIsNull() throws Exception {
    assertNull(RealFileOps.INSTANCE.retain(dir.resolve("missing")));
    assertNull(RealFileOps.INSTANCE.retain(Files.createDirectory(dir.resolve("sub"))));
    Path real = Files.write(dir.resolve("real"), OLD);
    assertNull(RealFileOps.INSTANCE.retain(Files.createSymbolicLink(dir.resolve("link"), real)), "a symlink is not followed");
    assertNull(RealFileOps.INSTANCE.retain(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("none"))));
    assertNull(RealFileOps.INSTANCE.retain(dir.resolve("missing-dir/x")));
  }

  @Test
  void lookTellsWhatIsThereFromOneLookup() throws Exception {
    RealFileOps fs = RealFileOps.INSTANCE;
    assertEquals(new FileOps.Look(null, FileOps.Found.NOTHING), fs.look(dir.resolve("missing")));
    assertEquals(new FileOps.Look(null, FileOps.Found.NOTHING), fs.look(dir.resolve("missing-dir/x")));
    Path real = Files.write(dir.resolve("real"), OLD);
    Files.setPosixFilePermissions(real, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    assertEquals(new FileOps.Look(0640, FileOps.Found.REGULAR), fs.look(real));
    assertEquals(new FileOps.Look(null, FileOps.Found.OTHER), fs.look(Files.createDirectory(dir.resolve("sub"))));
    assertEquals(new FileOps.Look(null, FileOps.Found.OTHER), fs.look(Files.createSymbolicLink(dir.resolve("link"), real)),
        "a symlink is not followed");
    assertEquals(new FileOps.Look(null, FileOps.Found.NOTHING),
        fs.look(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("none"))));
    assertEquals(0640, fs.mode(real), "mode answers what look found");
  }

  @Test
  void aFoundFileIsKeptWithoutLookingAgain() throws Exception {
    Path target = Files.write(dir.resolve("c.cache"), OLD);
    assertEquals(FileOps.Found.REGULAR, RealFileOps.INSTANCE.look(target).found());
    try (Closeable old = RealFileOps.INSTANCE.retainFound(target)) {
      Path temp = AtomicReplace.prepareLooked(RealFileOps.INSTANCE, target, new ByteBuffer[] {ByteBuffer.wrap(NEW)}, 0600,
          FsyncPolicy.NONE);
      AtomicReplace.commit(RealFileOps.INSTANCE, temp, target, FsyncPolicy.NONE);
      assertArrayEquals(NEW, Files.readAllBytes(target));
      assertEquals(0600, RealFileOps.INSTANCE.mode(target), "prepareLooked gives the mode it is told");
      assertArrayEquals(OLD, readAll(old), "the handle still holds the old version");
    }
    assertNull(RealFileOps.INSTANCE.retainFound(dir.resolve("gone")), "a file gone since the look is nothing to keep");
  }

  @Test
  void aFifoIsNotOpened() throws Exception {
    Path fifo = dir.resolve("pipe");
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is needed");
    // opening a FIFO for reading blocks until a writer comes; retain must return instead
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertNull(RealFileOps.INSTANCE.retain(fifo)));
    assertEquals(FileOps.Found.OTHER, RealFileOps.INSTANCE.look(fifo).found(), "so a write never opens it either");
    assertEquals(true, Files.exists(fifo));
  }
}
