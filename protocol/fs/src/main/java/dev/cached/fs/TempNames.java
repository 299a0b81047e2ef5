package dev.cached.fs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one recognisable name of cached's temp files: {@code .<target name>.<16 hex>.cached-tmp},
 * beside the target, for example {@code .enum.data.json.3f9a1c07d2b4e881.cached-tmp}. The target
 * name part is cut so the whole name stays within 255 bytes. The janitor removes only names that
 * match {@link #PATTERN}, never anything else.
 */
public final class TempNames {
  /** Suffix of every temp file. */
  public static final String SUFFIX = ".cached-tmp";
  /** Matches a temp file name, and nothing a user would name a cache file by accident. */
  public static final Pattern PATTERN = Pattern.compile("^\\..*\\.[0-9a-f]{16}\\.cached-tmp$", Pattern.DOTALL);

  private static final int MAX_NAME_BYTES = 255;
  private static final int FIXED = 1 + 1 + 16 + SUFFIX.length();

  private TempNames() {}

  /** A fresh temp path beside {@code target}. */
  public static Path tempFor(Path target) {
    String name = target.getFileName().toString();
    String stem = truncateUtf8(name, MAX_NAME_BYTES - FIXED);
    String hex = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return target.resolveSibling("." + stem + "." + hex + SUFFIX);
  }

  /** True when {@code fileName} is one of ours. */
  public static boolean isTemp(String fileName) {
    return PATTERN.matcher(fileName).matches();
  }

  private static String truncateUtf8(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > maxBytes) {
        break;
      }
      b.appendCodePoint(cp);
      bytes += n;
      i += Character.charCount(cp);
    }
    return b.toString();
  }
}
