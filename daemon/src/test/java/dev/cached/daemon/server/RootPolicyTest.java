package dev.cached.daemon.server;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which roots a hello may bind. */
class RootPolicyTest {
  /** The file-system root of the working directory: {@code /}, or {@code C:\\} on Windows. */
  private static final String FS_ROOT = Path.of("").toAbsolutePath().getRoot().toString();

  @TempDir Path tmp;

  private static void refused(RootPolicy p, String root, String mention) {
    String r = p.refusal(root);
    assertTrue(r != null && r.contains(mention), "root " + root + ": expected a refusal mentioning '" + mention + "', got " + r);
  }

  @Test
  void refusesRelativeEmptyNulRootAndHome() {
    Path home = tmp.resolve("home/u");
    RootPolicy p = new RootPolicy(home, List.of());
    refused(p, "", "empty");
    refused(p, FS_ROOT + "a\0b", "NUL");
    refused(p, "relative/cache", "not absolute");
    refused(p, ".", "not absolute");
    refused(p, FS_ROOT, "file-system root");
    refused(p, FS_ROOT + "..", "file-system root");
    refused(p, home.toString(), "home directory itself");
    refused(p, home + "/", "home directory itself");
    refused(p, home + "/sub/..", "home directory itself");
  }

  @Test
  void acceptsAnAbsoluteDirectoryWhenNoAllowedRootsAreSet() {
    RootPolicy p = new RootPolicy(tmp.resolve("home/u"), List.of());
    assertNull(p.refusal(tmp.resolve("home/u/.mypy_cache").toString()));
    assertNull(p.refusal(tmp.resolve("anywhere/else").toString()));
  }

  @Test
  void allowedRootsNarrowWhereRootsMayBeBound() {
    Path allowed = tmp.resolve("caches");
    RootPolicy p = new RootPolicy(tmp.resolve("home"), List.of(allowed));
    assertNull(p.refusal(allowed.resolve("proj/.mypy_cache").toString()));
    assertNull(p.refusal(allowed.toString()));
    refused(p, tmp.resolve("elsewhere").toString(), "not under any of allowedRoots");
    refused(p, tmp.resolve("caches-sibling/x").toString(), "not under any of allowedRoots");
    refused(p, allowed + "/../elsewhere", "not under any of allowedRoots");
  }

  /** A symlink inside an allowed directory may not bind a root elsewhere. */
  @Test
  void aSymlinkUnderAnAllowedRootLeadingOutIsRefused() throws Exception {
    Path allowed = Files.createDirectories(tmp.resolve("caches"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(allowed.resolve("link"), elsewhere);
    RootPolicy p = new RootPolicy(tmp.resolve("home"), List.of(allowed));
    refused(p, allowed.resolve("link/cache").toString(), "resolves to");
  }

  @Test
  void aSymlinkToHomeIsRefused() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home/u"));
    Files.createSymbolicLink(tmp.resolve("h"), home);
    refused(new RootPolicy(home, List.of()), tmp.resolve("h").toString(), "home directory itself");
  }
}
