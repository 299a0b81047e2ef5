package dev.cached.client;

import dev.cached.fs.TempNames;
import dev.cached.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves a path the caller names (relative to the root, or absolute inside it) for the in-process
 * fallback, with the daemon's confinement: no {@code ..} segment, nothing outside the root, no
 * parent that is a symlink leading out, no temp-file name.
 *
 * <p>Stateless.
 */
final class RootPaths {
  private RootPaths() {}

  static Path resolve(Path root, String path) throws CachedException {
    if (path == null || path.isEmpty() || path.indexOf('\0') >= 0 || path.indexOf('\\') >= 0) {
      throw new CachedException(ErrorCode.BAD_PATH, "path '" + path + "': empty, or has NUL or backslash");
    }
    Path p;
    try {
      p = Path.of(path);
    } catch (InvalidPathException e) {
      throw new CachedException(ErrorCode.BAD_PATH, "path '" + path + "': " + e.getMessage());
    }
    for (Path segment : p) {
      if (segment.toString().equals("..")) {
        throw new CachedException(ErrorCode.OUTSIDE_ROOT, "path '" + path + "': '..' segment leaves the root " + root);
      }
    }
    Path abs = root.resolve(p).normalize();
    if (!abs.startsWith(root) || abs.equals(root)) {
      throw new CachedException(ErrorCode.OUTSIDE_ROOT, "path '" + path + "': not inside the root " + root);
    }
    if (TempNames.isTemp(abs.getFileName().toString())) {
      throw new CachedException(ErrorCode.BAD_PATH, "path '" + path + "': a cached temp-file name");
    }
    checkNoEscape(root, abs, path);
    return abs;
  }

  /** The nearest existing ancestor of the target must really be inside the root. */
  private static void checkNoEscape(Path root, Path abs, String path) throws CachedException {
    if (!Files.exists(root)) {
      return;
    }
    Path dir = abs.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      return;
    }
    boolean inside;
    try {
      inside = dir.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      throw new CachedException(ErrorCode.BAD_PATH, "path '" + path + "': cannot resolve " + dir + ": " + e.getMessage(), e);
    }
    if (!inside) {
      throw new CachedException(ErrorCode.OUTSIDE_ROOT, "path '" + path + "': " + dir + " leads out of the root " + root);
    }
  }
}
