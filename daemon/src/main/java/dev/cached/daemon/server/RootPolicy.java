package dev.cached.daemon.server;

import java.nio.file.Path;
import java.util.List;

/**
 * Decides which roots a hello may bind: absolute, not a file-system root, not the user's home
 * itself, and under one of {@code allowedRoots} when that list is not empty.
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
  public String refusal(String root) {
    if (root.isEmpty() || root.indexOf('\0') >= 0) {
      return "root '" + root + "': empty or contains NUL";
    }
    Path p = Path.of(root);
    if (!p.isAbsolute()) {
      return "root '" + root + "': not absolute";
    }
    Path n = p.normalize();
    if (n.getParent() == null) {
      return "root '" + root + "': a file-system root may not be bound";
    }
    if (n.equals(home)) {
      return "root '" + root + "': the home directory itself may not be bound (bind its cache directory)";
    }
    if (!allowed.isEmpty() && allowed.stream().noneMatch(n::startsWith)) {
      return "root '" + root + "': not under any of allowedRoots " + allowed;
    }
    return null;
  }
}
