package dev.cached.daemon.server;

import dev.cached.daemon.write.PathGuard;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides which roots a hello may bind: absolute, not a file-system root, not the user's home
 * itself, and under one of {@code allowedRoots} when that list is not empty. Each rule holds both
 * for the path as given and for where it leads once symlinks are resolved, so a link inside an
 * allowed directory cannot bind a root elsewhere.
 *
 * <p>Concurrency: immutable.
 */
public final class RootPolicy {
  private final Path home;
  private final List<Path> allowed;

  public RootPolicy(Path home, List<Path> allowed) {
    this.home = home.toAbsolutePath().normalize();
    this.allowed = allowed.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** Null when {@code root} may be bound, else the reason it may not. */
  String refusal(String root) {
    if (root.isEmpty() || root.indexOf('\0') >= 0) {
      return "root '" + root + "': empty or contains NUL";
    }
    Path p;
    try {
      p = Path.of(root);
    } catch (InvalidPathException e) {
      return "root '" + root + "': not a valid path here (" + e.getReason() + ")";
    }
    if (!p.isAbsolute()) {
      return "root '" + root + "': not absolute";
    }
    Path n = p.normalize();
    Path real = PathGuard.realPrefix(n);
    String shown = real.equals(n) ? "root '" + root + "'" : "root '" + root + "' (resolves to " + real + ")";
    if (n.getParent() == null || real.getParent() == null) {
      return shown + ": a file-system root may not be bound";
    }
    if (n.equals(home) || real.equals(PathGuard.realPrefix(home))) {
      return shown + ": the home directory itself may not be bound (bind its cache directory)";
    }
    if (!allowed.isEmpty()
        && allowed.stream().noneMatch(a -> n.startsWith(a) && real.startsWith(PathGuard.realPrefix(a)))) {
      return shown + ": not under any of allowedRoots " + allowed;
    }
    return null;
  }
}
