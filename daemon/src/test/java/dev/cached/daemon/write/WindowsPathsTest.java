package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PathGuard} on a Windows file system (Jimfs in its Windows configuration). Regressions for
 * issue 17: point 6, absolute Windows paths inside the root were refused as {@code BAD_PATH}; point
 * 3, a junction (which Java reports as a directory) let a write leave the root.
 */
class WindowsPathsTest {
  private final FileSystem fs = Jimfs.newFileSystem(Configuration.windows());
  private final Path root = fs.getPath("C:\\cache\\root");

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private static ProtocolException refused(Path root, String path) {
    return assertThrows(ProtocolException.class, () -> PathGuard.resolve(root, path, 4096, 3L));
  }

  @Test
  void absoluteWindowsPathsInsideTheRoot_withEitherSlash_resolve() throws Exception {
    Path expected = root.resolve("py").resolve("a.json");
    assertEquals(expected, PathGuard.resolve(root, "C:\\cache\\root\\py\\a.json", 4096, 1L));
    assertEquals(expected, PathGuard.resolve(root, "C:/cache/root/py/a.json", 4096, 1L));
    assertEquals(expected, PathGuard.resolve(root, "c:/Cache/ROOT/py/a.json", 4096, 1L), "drive and names ignore case");
    assertEquals(expected, PathGuard.resolve(root, "py/a.json", 4096, 1L));
  }

  @Test
  void absoluteWindowsPathsOutsideTheRoot_areOutsideRoot() {
    for (String p : new String[] {"D:/cache/root/a.json", "C:\\cache\\rootsibling\\a", "C:\\cache\\root", "\\cache\\root\\a", "/cache/root/a"}) {
      ProtocolException e = refused(root, p);
      assertEquals(ErrorCode.OUTSIDE_ROOT, e.code(), p + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("absolute path outside the root"), e.getMessage());
    }
  }

  @Test
  void dotDotAndBadNamesAfterAnAbsolutePrefix_areStillCaught() {
    assertEquals(ErrorCode.OUTSIDE_ROOT, refused(root, "C:\\cache\\root\\..\\x").code());
    ProtocolException com = refused(root, "C:/cache/root/COM\u00b2.txt");
    assertEquals(ErrorCode.BAD_PATH, com.code());
    assertTrue(com.getMessage().contains("reserved name"), com.getMessage());
    ProtocolException driveRelative = refused(root, "C:x");
    assertEquals(ErrorCode.BAD_PATH, driveRelative.code());
    assertTrue(driveRelative.getMessage().contains("':' at 1"), driveRelative.getMessage());
  }

  /**
   * A junction {@code root\sub -> C:\outside}. Jimfs has no junctions, so it is a Jimfs symlink
   * (which {@code toRealPath} follows, as Windows follows a junction) that the probe reports the
   * way the JDK on Windows reports a junction: not a symlink, a directory, and "other".
   */
  @Test
  void aJunctionLeadingOut_isRefused() throws Exception {
    Files.createDirectories(root);
    Path outside = Files.createDirectories(fs.getPath("C:\\outside"));
    Path junction = Files.createSymbolicLink(root.resolve("sub"), outside);
    PathGuard.LinkProbe windowsJdk = p -> {
      boolean isJunction = p.equals(junction);
      boolean symlink = Files.readAttributes(p, "basic:isSymbolicLink", LinkOption.NOFOLLOW_LINKS).get("isSymbolicLink") == Boolean.TRUE;
      return isJunction || symlink; // isJunction: what isOther() (or the reparse-point bit) says there
    };
    String reason = PathGuard.checkParents(root, junction.resolve("x.json"), windowsJdk);
    assertNotNull(reason, "a write through the junction");
    assertTrue(reason.contains("outside the root"), reason);
    assertNull(PathGuard.checkParents(root, root.resolve("plain").resolve("x.json"), windowsJdk));
    PathGuard.LinkProbe symlinksOnly = p -> !p.equals(junction) && Files.isSymbolicLink(p);
    assertNull(PathGuard.checkParents(root, junction.resolve("x.json"), symlinksOnly),
        "the old check, which asked for symlinks only, let it through");
  }
}
