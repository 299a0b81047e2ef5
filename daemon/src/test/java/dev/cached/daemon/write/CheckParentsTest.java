package dev.cached.daemon.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PathGuard#checkParents} and {@link PathGuard#realPrefix} against real symlinks. */
class CheckParentsTest {
  @TempDir Path tmp;
  Path root;
  Path realRoot;
  Path outside;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(tmp.resolve("root"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    realRoot = PathGuard.realPrefix(root);
  }

  @Test
  void aParentSymlinkLeadingOutIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("sub"), outside);
    String reason = PathGuard.checkParents(realRoot, root.resolve("sub/x.json"));
    assertNotNull(reason);
    assertTrue(reason.contains("outside the root"), reason);
    assertNotNull(PathGuard.checkParents(realRoot, root.resolve("sub/new/deeper/x.json")), "missing dirs below the link");
  }

  @Test
  void aSymlinkDeeperDownLeadingOutIsRefused() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.createSymbolicLink(root.resolve("a/b/c"), outside.resolve("."));
    assertNotNull(PathGuard.checkParents(realRoot, root.resolve("a/b/c/x")));
  }

  @Test
  void aSymlinkInsideTheRootIsAllowed() throws Exception {
    Files.createDirectories(root.resolve("real/dir"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
    assertNull(PathGuard.checkParents(realRoot, root.resolve("alias/dir/x.json")));
    assertNull(PathGuard.checkParents(realRoot, root.resolve("alias/not-yet/x.json")));
  }

  @Test
  void ordinaryAndMissingParentsAreAllowed() throws Exception {
    assertNull(PathGuard.checkParents(realRoot, root.resolve("x.json")));
    assertNull(PathGuard.checkParents(realRoot, root.resolve("a/b/c/x.json")));
    Path notYet = tmp.resolve("later/root");
    assertNull(PathGuard.checkParents(PathGuard.realPrefix(notYet), notYet.resolve("a/x")), "root not created yet");
  }

  /** A dangling link is left to the step, which fails creating the directory (see VanishingRootTest). */
  @Test
  void aDanglingParentSymlinkIsLeftToTheStep() throws Exception {
    Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("gone"));
    assertNull(PathGuard.checkParents(realRoot, root.resolve("dangling/x")));
  }

  /** The root bound at hello is pinned: a root later swapped for a symlink leading out is refused. */
  @Test
  void aRootSwappedForASymlinkAfterBindingIsRefused() throws Exception {
    Files.delete(root);
    Files.createSymbolicLink(root, outside);
    assertNotNull(PathGuard.checkParents(realRoot, root.resolve("x.json")));
  }

  @Test
  void aRootThatIsASymlinkWhenBoundIsFollowedOnce() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
    Path pinned = PathGuard.realPrefix(link);
    assertEquals(root.toRealPath(), pinned);
    assertNull(PathGuard.checkParents(pinned, link.resolve("x.json")));
  }

  @Test
  void aSymlinkHalfWayDownADeepPathIsRefusedWhenItLeadsOut() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.createDirectories(outside.resolve("d/e"));
    Files.createSymbolicLink(root.resolve("a/b/c"), outside);
    assertNotNull(PathGuard.checkParents(realRoot, root.resolve("a/b/c/d/e/x.json")));
    assertNotNull(PathGuard.checkParents(realRoot, root.resolve("a/b/c/d/e/not-yet/x.json")));
  }

  @Test
  void aSymlinkHalfWayDownADeepPathIsAllowedWhenItStaysInside() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.createDirectories(root.resolve("real/d/e"));
    Files.createSymbolicLink(root.resolve("a/b/c"), root.resolve("real"));
    assertNull(PathGuard.checkParents(realRoot, root.resolve("a/b/c/d/e/x.json")));
  }

  /** A root bound as a symlink, swapped after binding: refused however deep the target. */
  @Test
  void aBoundSymlinkRootRepointedOutIsRefusedForADeepTarget() throws Exception {
    Files.createDirectories(root.resolve("a/b"));
    Files.createDirectories(outside.resolve("a/b"));
    Path link = Files.createSymbolicLink(tmp.resolve("link"), root);
    Path pinned = PathGuard.realPrefix(link);
    assertNull(PathGuard.checkParents(pinned, link.resolve("a/b/x.json")));
    Files.delete(link);
    Files.createSymbolicLink(link, outside);
    assertNotNull(PathGuard.checkParents(pinned, link.resolve("a/b/x.json")));
    assertNotNull(PathGuard.checkParents(pinned, link.resolve("a/b/new/x.json")));
  }

  /**
   * The fast path looks at each existing level once, from the root down, and stops at the first
   * one that is missing: the cost a write pays, and the order that finds a link nearest the root.
   */
  @Test
  void theFastPathProbesEachExistingLevelOnceFromTheRootDown() throws Exception {
    Path real = root.toRealPath();
    Files.createDirectories(real.resolve("a/b/c"));
    List<Path> probed = new ArrayList<>();
    PathGuard.LinkProbe recording = p -> {
      probed.add(p);
      return PathGuard.isLink(p);
    };
    assertNull(PathGuard.checkParents(real, real.resolve("a/b/c/d/e/x.json"), recording));
    assertEquals(List.of(real, real.resolve("a"), real.resolve("a/b"), real.resolve("a/b/c"), real.resolve("a/b/c/d")), probed);

    probed.clear();
    assertNull(PathGuard.checkParents(real, real.resolve("x.json"), recording));
    assertEquals(List.of(real), probed, "a target in the root itself: the root only");

    probed.clear();
    assertNull(PathGuard.checkParents(real, real.resolve("a/b/c/x.json"), recording));
    assertEquals(List.of(real, real.resolve("a"), real.resolve("a/b"), real.resolve("a/b/c")), probed);
  }

  @Test
  void realPrefixResolvesTheExistingPartAndKeepsTheRest() throws Exception {
    Files.createSymbolicLink(tmp.resolve("l"), outside);
    assertEquals(outside.toRealPath().resolve("a/b"), PathGuard.realPrefix(tmp.resolve("l/a/b")));
  }
}
