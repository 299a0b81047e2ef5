package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PathGuard#isLink} on the real file system: a symlink, and anything the JDK calls "other",
 * count; a plain directory does not. On Windows the JDK reports an NTFS junction as a directory
 * that is also "other" (issue 17, point 3); here a FIFO is the "other" at hand.
 */
class IsLinkTest {
  @TempDir Path tmp;

  @Test
  void symlinksAndOtherFilesAreLinks_plainDirectoriesAreNot() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    assertFalse(PathGuard.isLink(dir));
    assertTrue(PathGuard.isLink(Files.createSymbolicLink(tmp.resolve("link"), dir)));
    Path fifo = tmp.resolve("fifo");
    Process p;
    try {
      p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    } catch (java.io.IOException e) {
      p = null;
    }
    assumeTrue(p != null && p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "skipped: no mkfifo here (Windows)");
    assertTrue(Files.readAttributes(fifo, BasicFileAttributes.class).isOther(), "a FIFO is 'other' to the JDK");
    assertTrue(PathGuard.isLink(fifo));
  }
}
