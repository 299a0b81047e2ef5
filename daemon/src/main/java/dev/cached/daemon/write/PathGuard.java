package dev.cached.daemon.write;

import dev.cached.fs.TempNames;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.ProtocolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;

/**
 * Confines paths to a connection's root. {@link #resolve} checks a client path before anything
 * touches the disk (syntax only); {@link #checkParents} runs on the writer thread just before the
 * step, and refuses a target whose existing parent directories lead out of the root through a
 * symlink. A symlink at the target itself is fine: the rename replaces the link, never its target.
 *
 * <p>Concurrency: stateless.
 */
public final class PathGuard {
  private static final int MAX_SEGMENT_BYTES = 255;
  private static final Set<String> RESERVED =
      Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
          "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private PathGuard() {}

  /**
   * Resolves a client path against {@code root}. An absolute path is accepted when it lies inside
   * the root (it is made relative first).
   *
   * @throws ProtocolException {@code BAD_PATH} or {@code OUTSIDE_ROOT}, naming the offending part
   */
  public static Path resolve(Path root, String path, int maxPathBytes, Long id) throws ProtocolException {
    String p = path;
    if (p.startsWith("/")) {
      String prefix = root.toString().endsWith("/") ? root.toString() : root + "/";
      if (!p.startsWith(prefix)) {
        throw ProtocolException.request(
            ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': absolute path outside the root " + root);
      }
      p = p.substring(prefix.length());
    }
    if (p.isEmpty()) {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': empty");
    }
    if (p.getBytes(StandardCharsets.UTF_8).length > maxPathBytes) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': longer than " + maxPathBytes + " bytes");
    }
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw ProtocolException.request(
            ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': control character U+" + String.format("%04X", (int) c) + " at " + i);
      }
      if (c == '\\') {
        throw ProtocolException.request(
            ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': backslash at " + i + " (use '/')");
      }
      if (c == ':') {
        throw ProtocolException.request(
            ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': ':' at " + i + " (not portable: drive letters and Windows streams)");
      }
    }
    String[] segments = p.split("/", -1);
    for (String s : segments) {
      checkSegment(path, s, id);
    }
    Path target = root.resolve(p).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw ProtocolException.request(ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': leaves the root " + root);
    }
    return target;
  }

  private static void checkSegment(String path, String s, Long id) throws ProtocolException {
    if (s.isEmpty()) {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': empty segment");
    }
    if (s.equals("..")) {
      throw ProtocolException.request(
          ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': '..' segment leaves the root");
    }
    if (s.equals(".")) {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': '.' segment");
    }
    if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment longer than " + MAX_SEGMENT_BYTES + " bytes");
    }
    if (s.endsWith(".") || s.endsWith(" ")) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(s) + "' ends in a dot or space (not valid on Windows)");
    }
    int dot = s.indexOf('.');
    String stem = (dot < 0 ? s : s.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
    if (RESERVED.contains(stem)) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(s) + "' is a reserved name on Windows");
    }
    if (TempNames.isTemp(s)) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(s) + "' matches cached's temp-file pattern");
    }
  }

  /**
   * Refuses {@code target} when an existing parent directory (below or at the root) is, or passes
   * through, a symlink leading outside the root.
   *
   * @return null when confined, else the reason
   */
  public static String checkParents(Path root, Path target) {
    if (!anySymlink(root, target.getParent())) {
      return null; // no link between the root and the target: the path cannot lead out
    }
    Path dir = target.getParent();
    while (dir != null && dir.startsWith(root) && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      dir = dir.getParent();
    }
    if (dir == null || !dir.startsWith(root)) {
      return null; // nothing below the root exists yet: mkdir creates real directories
    }
    try {
      Path realRoot = root.toRealPath();
      Path real = dir.toRealPath();
      if (!real.startsWith(realRoot)) {
        return "parent " + dir + " resolves to " + real + ", outside the root " + realRoot;
      }
      return null;
    } catch (IOException e) {
      return null; // a dangling link or a vanished directory fails the step itself, with its reason
    }
  }

  /**
   * True when the root or an existing directory between it and {@code dir} is a symlink. One
   * {@code lstat} per level below the root (usually one or two), instead of resolving real paths on
   * every write; only a path with a link pays for the full check.
   */
  private static boolean anySymlink(Path root, Path dir) {
    if (Files.isSymbolicLink(root)) {
      return true;
    }
    Path cur = root;
    for (Path part : root.relativize(dir)) {
      if (part.toString().isEmpty()) {
        break;
      }
      cur = cur.resolve(part);
      try {
        BasicFileAttributes a = Files.readAttributes(cur, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
          return true;
        }
      } catch (IOException e) {
        return false; // the rest does not exist yet
      }
    }
    return false;
  }

  private static String shown(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 200; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return s.length() > 200 ? b + "…" : b.toString();
  }
}
