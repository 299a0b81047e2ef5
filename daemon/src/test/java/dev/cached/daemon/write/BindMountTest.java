package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bind mount inside the root, the nearest Linux analogue of an NTFS junction (issue 17, point 3):
 * a directory that the kernel reports as a plain directory but whose entries live elsewhere. Unlike
 * a junction, only root (in the daemon's mount namespace) can make one, so the guard lets it be, as
 * it lets the root itself be on any mount; what it must still catch there is a symlink. Needs root
 * and {@code mount}; skipped otherwise, with the reason.
 */
class BindMountTest {
  @TempDir Path tmp;

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  @Test
  void aBindMountIsNoLink_butASymlinkInTheSamePlaceIs() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "skipped: a bind mount needs root");
    Path root = Files.createDirectories(tmp.resolve("root"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path sub = Files.createDirectory(root.resolve("sub"));
    assumeTrue(run("mount", "--bind", outside.toString(), sub.toString()) == 0,
        "skipped: 'mount --bind' is not permitted here (a container without CAP_SYS_ADMIN)");
    try {
      assertFalse(PathGuard.isLink(sub), "the kernel reports a bind mount as a plain directory");
      Files.writeString(outside.resolve("seen"), "x");
      try (var entries = Files.list(sub)) {
        assertEquals(List.of(sub.resolve("seen")), entries.toList(), "the mount is in place");
      }
      assertNull(PathGuard.checkParents(PathGuard.realPrefix(root), sub.resolve("x.json")));
    } finally {
      assertEquals(0, run("umount", sub.toString()), "umount " + sub);
    }
    Files.delete(sub);
    Files.createSymbolicLink(sub, outside);
    assertNotNull(PathGuard.checkParents(PathGuard.realPrefix(root), sub.resolve("x.json")));
  }
}
