package dev.cached.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The top-level field names in the README's "Status fields" table, so a test keeps the table true. */
final class ReadmeStatusFields {
  private static final Pattern FIELD = Pattern.compile("`(\\w+)(?:\\[\\])?`");

  private ReadmeStatusFields() {}

  static Set<String> topLevel() throws IOException {
    Path readme = Path.of("").toAbsolutePath();
    while (!Files.exists(readme.resolve("README.md")) || !Files.exists(readme.resolve("protocol"))) {
      readme = readme.getParent();
    }
    String text = Files.readString(readme.resolve("README.md"));
    String table = text.substring(text.indexOf("## Status fields"));
    table = table.substring(0, table.indexOf("\n## ", 5));
    Set<String> fields = new TreeSet<>();
    for (String line : table.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      Matcher m = FIELD.matcher(line.substring(1, line.indexOf(" |", 2)));
      while (m.find()) {
        fields.add(m.group(1));
      }
    }
    return fields;
  }
}
