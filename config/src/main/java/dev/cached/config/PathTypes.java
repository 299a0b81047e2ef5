package dev.cached.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Path values. {@code ~} and a leading {@code ~/} expand to the user's home. A relative path is an
 * error in the file and the environment (it would depend on where the daemon was started) and is
 * resolved against the working directory when it comes from a flag. Paths are normalized
 * ({@code a/./b/../c} is {@code a/c}); they need not exist.
 */
final class PathTypes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String EXPECTED = "an absolute path, or one starting with ~/";
  private static final String EXPECTED_LIST =
      "an array of absolute paths (or ones starting with ~/); in the environment or a flag, paths separated by '"
          + File.pathSeparator + "'";

  private PathTypes() {}

  /** One path. */
  static ValueType path() {
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        if (!raw.isTextual()) {
          throw new BadValue(EXPECTED);
        }
        Path p = toPath(raw.textValue(), ctx);
        if (p == null) {
          throw new BadValue(EXPECTED);
        }
        return p;
      }

      @Override
      public String text(Object value) {
        return value.toString();
      }

      @Override
      public JsonNode json(Object value) {
        return NODES.textNode(value.toString());
      }
    };
  }

  /**
   * A list of paths: a TOML array of strings, or text with paths separated by the platform's path
   * separator ({@code :}, or {@code ;} on Windows). Empty text is the empty list.
   */
  static ValueType pathList() {
    return new ValueType() {
      @Override
      public Object parse(JsonNode raw, ParseContext ctx) throws BadValue {
        List<String> texts = new ArrayList<>();
        if (raw.isArray()) {
          for (JsonNode element : raw) {
            if (!element.isTextual()) {
              throw new BadValue(EXPECTED_LIST);
            }
            texts.add(element.textValue());
          }
        } else if (raw.isTextual()) {
          for (String part : raw.textValue().split(Pattern.quote(File.pathSeparator))) {
            if (!part.isBlank()) {
              texts.add(part);
            }
          }
        } else {
          throw new BadValue(EXPECTED_LIST);
        }
        List<Path> paths = new ArrayList<>();
        for (String t : texts) {
          Path p = toPath(t, ctx);
          if (p == null) {
            throw new BadValue(EXPECTED_LIST);
          }
          paths.add(p);
        }
        return List.copyOf(paths);
      }

      @Override
      public String text(Object value) {
        return json(value).toString();
      }

      @Override
      public JsonNode json(Object value) {
        ArrayNode array = NODES.arrayNode();
        for (Object p : (List<?>) value) {
          array.add(p.toString());
        }
        return array;
      }
    };
  }

  /** The absolute, normalized path for {@code text}, or null when it is empty, invalid or relative where that is not allowed. */
  static Path toPath(String text, ParseContext ctx) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      Path p;
      if (text.equals("~")) {
        p = ctx.home();
      } else if (text.startsWith("~/") || text.startsWith("~" + File.separator)) {
        p = ctx.home().resolve(text.substring(2));
      } else {
        p = Path.of(text);
      }
      if (!p.isAbsolute()) {
        if (ctx.relativeBase() == null) {
          return null;
        }
        p = ctx.relativeBase().resolve(p);
      }
      return p.normalize();
    } catch (InvalidPathException bad) {
      return null;
    }
  }
}
