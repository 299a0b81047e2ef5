package dev.cached.daemon.write;

import dev.cached.fs.TempNames;
import dev.cached.fs.Utf8;
import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Confines paths to a connection's root. {@link #resolve} checks a client path before anything
 * touches the disk (syntax only); {@link #checkParents} runs on the writer thread just before the
 * step, and refuses a target whose existing parent directories lead out of the root through a
 * symlink. A symlink at the target itself is fine: the rename replaces the link, never its target.
 * A Windows junction counts as a symlink (see {@link #isLink}).
 *
 * <p>Concurrency: stateless.
 */
public final class PathGuard {
  private static final int MAX_SEGMENT_BYTES = 255;
  /** Windows' reserved device names, the superscript-digit ports (U+00B9, U+00B2, U+00B3) included. */
  private static final Set<String> RESERVED =
      Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM1", "COM2", "COM3", "COM4", "COM5",
          "COM6", "COM7", "COM8", "COM9", "COM\u00b9", "COM\u00b2", "COM\u00b3", "LPT1", "LPT2", "LPT3",
          "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00b9", "LPT\u00b2", "LPT\u00b3");
  /** {@code FILE_ATTRIBUTE_REPARSE_POINT}: a junction, a mount point or a symlink on NTFS. */
  private static final int REPARSE_POINT = 0x400;
  /** Passed as varargs without a new array per call. Never modified. */
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  /** Tells whether an existing path is a link of any kind; throws when it does not exist. */
  interface LinkProbe {
    boolean isLink(Path p) throws IOException;
  }

  private PathGuard() {}

  /**
   * Resolves a client path against {@code root}. An absolute path is accepted when it lies inside
   * the root (it is made relative first); what is absolute is decided by the root's file system, so
   * on Windows {@code C:/r/a.json} and {@code C:\\r\\a.json} are, and {@code /r/a.json} (rooted on
   * no drive) is refused as outside. {@code root} must be normalized (as a connection's root is).
   *
   * @throws ProtocolException {@code BAD_PATH} or {@code OUTSIDE_ROOT}, naming the offending part
   */
  public static Path resolve(Path root, String path, int maxPathBytes, long id) throws ProtocolException {
    String p = underRoot(root, path, id);
    if (p.isEmpty()) {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': empty");
    }
    int pathBytes = Utf8.length(p, 0, p.length());
    if (pathBytes > maxPathBytes) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': " + pathBytes + " bytes, longer than maxPathBytes " + maxPathBytes);
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
    for (int start = 0, n = 1; start <= p.length(); n++) {
      int end = p.indexOf('/', start);
      if (end < 0) {
        end = p.length();
      }
      checkSegment(path, p, start, end, n, id);
      start = end + 1;
    }
    Path target;
    try {
      // no segment is empty, "." or "..", so under a normalized root the result is normalized already
      target = root.resolve(p);
    } catch (InvalidPathException e) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': not a valid file name here (" + e.getReason() + ")");
    }
    if (!target.startsWith(root) || target.equals(root)) {
      throw ProtocolException.request(ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': leaves the root " + root);
    }
    return target;
  }

  /** {@code path} relative to {@code root}: itself when relative, the rest after the root when absolute. */
  private static String underRoot(Path root, String path, long id) throws ProtocolException {
    FileSystem fs = root.getFileSystem();
    if (fs.getSeparator().equals("/")) {
      if (!path.startsWith("/")) {
        return path;
      }
      String prefix = root.toString().endsWith("/") ? root.toString() : root + "/";
      if (!path.startsWith(prefix)) {
        throw outside(root, path, id);
      }
      return path.substring(prefix.length());
    }
    if (path.startsWith("/") || path.startsWith(fs.getSeparator())) {
      throw outside(root, path, id); // rooted, on no drive: not inside a root that has one
    }
    Path given;
    try {
      given = fs.getPath(path);
    } catch (InvalidPathException e) {
      return path; // the character checks name what is wrong
    }
    if (!given.isAbsolute()) {
      return path; // a drive-relative "C:x" meets the ':' check
    }
    boolean isRoot = given.equals(root) && !(path.endsWith("/") || path.endsWith(fs.getSeparator()));
    if (!given.startsWith(root) || isRoot) {
      throw outside(root, path, id); // the root itself is no file to write, as on POSIX
    }
    StringJoiner rest = new StringJoiner("/");
    for (Path name : root.relativize(given)) {
      rest.add(name.toString());
    }
    return rest.toString();
  }

  private static ProtocolException outside(Path root, String path, long id) {
    return ProtocolException.request(
        ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': absolute path outside the root " + root);
  }

  /**
   * Checks segment {@code n} of {@code p}, the characters {@code from} to {@code to}; a string is
   * made of it only for a message or for the few checks that need one.
   */
  private static void checkSegment(String path, String p, int from, int to, int n, long id) throws ProtocolException {
    int len = to - from;
    if (len == 0) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment " + n + " is empty (a leading, doubled or trailing '/')");
    }
    if (len == 2 && p.charAt(from) == '.' && p.charAt(from + 1) == '.') {
      throw ProtocolException.request(
          ErrorCode.OUTSIDE_ROOT, id, "path '" + shown(path) + "': segment " + n + " is '..', which may leave the root");
    }
    if (len == 1 && p.charAt(from) == '.') {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment " + n + " is '.'");
    }
    int bytes = Utf8.length(p, from, to);
    if (bytes > MAX_SEGMENT_BYTES) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment " + n + " is " + bytes + " bytes (expected: at most " + MAX_SEGMENT_BYTES + ")");
    }
    char last = p.charAt(to - 1);
    if (last == '.' || last == ' ') {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(p.substring(from, to)) + "' ends in a dot or space (not valid on Windows)");
    }
    if (reservedStem(p, from, to)) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(p.substring(from, to)) + "' is a reserved name on Windows");
    }
    if (p.charAt(from) == '.' && p.startsWith(TempNames.SUFFIX, to - TempNames.SUFFIX.length())
        && TempNames.isTemp(p.substring(from, to))) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "path '" + shown(path) + "': segment '" + shown(p.substring(from, to)) + "' matches cached's temp-file pattern");
    }
  }

  /** The longest reserved name, {@code CONOUT$}: a longer stem is never reserved. */
  private static final int MAX_RESERVED = 7;

  /**
   * True when the segment's stem (before its first dot, blanks trimmed) is a Windows device name,
   * in any case. The stem is copied and upper-cased only when its length and first letter could match (upper-casing
   * never shortens a string).
   */
  private static boolean reservedStem(String p, int from, int to) {
    int dot = p.indexOf('.', from);
    int end = dot < 0 || dot > to ? to : dot;
    int start = from;
    while (start < end && p.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && p.charAt(end - 1) <= ' ') {
      end--;
    }
    int len = end - start;
    if (len < 3 || len > MAX_RESERVED) {
      return false;
    }
    // every reserved name starts with C, P, A, N or L: most stems are told apart without a copy
    char first = Character.toUpperCase(p.charAt(start));
    if (first != 'C' && first != 'P' && first != 'A' && first != 'N' && first != 'L') {
      return false;
    }
    return RESERVED.contains(p.substring(start, end).toUpperCase(Locale.ROOT));
  }

  /**
   * Refuses {@code target} when the directory it would be written in does not resolve inside
   * {@code realRoot}: an existing parent, or the root itself, that is or passes through a symlink
   * leading out. {@code realRoot} is the root as {@link #realPrefix} saw it when the connection
   * bound it, so a root swapped for a symlink after the hello is caught too. Fast path: one
   * {@code lstat} per existing level from the root down; real paths are resolved only when one of
   * them is a link (or the target is not spelled under {@code realRoot}). A directory above the
   * root swapped for a link is not looked at.
   *
   * <p>Residual risk: the check and the step are separate system calls, so a symlink swapped in
   * between them is not caught (Java has no {@code openat}); only the daemon's own user can do that.
   *
   * @return null when confined, else the reason
   */
  public static String checkParents(Path realRoot, Path target) {
    return checkParents(realRoot, target, PathGuard::isLink);
  }

  /** {@link #checkParents(Path, Path)} with another way to tell links (a test's fake junctions). */
  static String checkParents(Path realRoot, Path target, LinkProbe links) {
    Path dir = target.getParent();
    if (dir.startsWith(realRoot) && !anyLink(realRoot, dir, links)) {
      return null; // no link from the root down to the target: the path cannot lead out
    }
    Path existing = dir;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return null;
    }
    Path resolved;
    try {
      resolved = existing.toRealPath().resolve(existing.relativize(dir));
    } catch (IOException e) {
      // A dangling symlink or a directory that vanished meanwhile: the step itself fails with its
      // reason (mkdir never follows a final symlink, so nothing is created through the link).
      return null;
    }
    if (!resolved.startsWith(realRoot)) {
      return "parent " + dir + " resolves to " + resolved + ", outside the root " + realRoot;
    }
    return null;
  }

  /**
   * The real path of {@code p}'s deepest existing ancestor (symlinks resolved) with the rest of
   * {@code p} appended: where {@code p} is, or would be once created. {@code p} must be absolute
   * and normalized.
   */
  public static Path realPrefix(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p));
    } catch (IOException e) {
      return p;
    }
  }

  /**
   * True when the root or an existing directory between it and {@code dir} is a symlink. One
   * {@code lstat} per level from the root down, stopping at the first that does not exist (usually
   * one to three), instead of resolving real paths on every write; only a path with a link pays for
   * the full check. {@code dir} starts with {@code root}. The levels are {@code dir} and its
   * parents, taken once each; walking down by {@code relativize} and {@code resolve} made three
   * paths and their byte arrays per level.
   */
  private static boolean anyLink(Path root, Path dir, LinkProbe links) {
    try {
      if (links.isLink(root)) {
        return true;
      }
    } catch (IOException e) {
      return false; // no root yet: nothing below it exists either
    }
    int below = dir.getNameCount() - root.getNameCount();
    if (below <= 0) {
      return false;
    }
    Path[] levels = new Path[below]; // levels[0] is the root's child, levels[below - 1] is dir
    levels[below - 1] = dir;
    for (int i = below - 2; i >= 0; i--) {
      levels[i] = levels[i + 1].getParent();
    }
    for (Path level : levels) {
      try {
        if (links.isLink(level)) {
          return true;
        }
      } catch (IOException e) {
        return false; // the rest does not exist yet
      }
    }
    return false;
  }

  /**
   * True when {@code p} (not followed) is a symlink, or a reparse point that is not a plain
   * directory. Java reports an NTFS junction, which any Windows user may create, as a directory; its
   * attributes also say "other" (device or reparse point), and on Windows the DOS attributes carry
   * {@code FILE_ATTRIBUTE_REPARSE_POINT}. Either makes it a link here, so the slow path resolves it.
   */
  static boolean isLink(Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    return a.isSymbolicLink() || a.isOther() || (WINDOWS && a.isDirectory() && reparsePoint(p));
  }

  private static boolean reparsePoint(Path p) {
    try {
      Object attributes = Files.getAttribute(p, "dos:attributes", LinkOption.NOFOLLOW_LINKS);
      return attributes instanceof Integer i && (i & REPARSE_POINT) != 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false; // no DOS attributes: isOther above has decided
    }
  }

  /**
   * Checks the source of a {@code replace}: a regular file (not a link) in the target's own
   * directory, so the move is one atomic rename on one file system.
   *
   * @param source {@code from}, already resolved inside the root
   * @throws ProtocolException {@code BAD_PATH} naming {@code from} and the reason
   */
  public static Path replaceSource(Path source, String from, Path target, long id) throws ProtocolException {
    if (!source.getParent().equals(target.getParent())) {
      throw ProtocolException.request(
          ErrorCode.BAD_PATH, id, "from '" + from + "': not in the target's directory " + target.getParent() + " (a move across directories may not be atomic)");
    }
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      throw ProtocolException.request(ErrorCode.BAD_PATH, id, "from '" + from + "': not a regular file");
    }
    return source;
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
