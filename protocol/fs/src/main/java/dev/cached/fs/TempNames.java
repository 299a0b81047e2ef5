package dev.cached.fs;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one recognisable name of cached's temp files: {@code .<target name>.<16 hex>.cached-tmp},
 * beside the target, for example {@code .enum.data.json.3f9a1c07d2b4e881.cached-tmp}. The target
 * name part is cut so the whole name stays within 255 bytes (UTF-8), never inside a character. The
 * janitor removes only names that match {@link #PATTERN}, never anything else.
 */
public final class TempNames {
  /** Suffix of every temp file. */
  public static final String SUFFIX = ".cached-tmp";
  /** Matches a temp file name, and nothing a user would name a cache file by accident. */
  public static final Pattern PATTERN = Pattern.compile("^\\..*\\.[0-9a-f]{16}\\.cached-tmp$", Pattern.DOTALL);

  private static final int MAX_NAME_BYTES = 255;
  private static final int FIXED = 1 + 1 + 16 + SUFFIX.length();
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TempNames() {}

  /**
   * A fresh temp path beside {@code target}. Runs once per write on the writer thread, so it makes
   * one name string and one path from the target's own path string (kept by the path), without the
   * intermediate strings, byte arrays and paths of encoding, hex formatting and resolving a sibling.
   */
  public static Path tempFor(Path target) {
    String path = target.toString();
    String sep = target.getFileSystem().getSeparator();
    int nameStart = path.lastIndexOf(sep) + 1; // 0 for a bare name: the temp is a bare name too
    if (nameStart == 0 && !sep.equals("/")) {
      nameStart = path.indexOf(':') + 1; // Windows' drive-relative "C:name"
    }
    int keep = nameStart + Utf8.fit(path, nameStart, MAX_NAME_BYTES - FIXED);
    StringBuilder b = new StringBuilder(keep + FIXED);
    b.append(path, 0, nameStart).append('.').append(path, nameStart, keep).append('.');
    long r = ThreadLocalRandom.current().nextLong();
    for (int shift = 60; shift >= 0; shift -= 4) {
      b.append(HEX[(int) (r >>> shift) & 0xf]);
    }
    return target.getFileSystem().getPath(b.append(SUFFIX).toString());
  }

  /** True when {@code fileName} is one of ours. */
  public static boolean isTemp(String fileName) {
    return PATTERN.matcher(fileName).matches();
  }
}
