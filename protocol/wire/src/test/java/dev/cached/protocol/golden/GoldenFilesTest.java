package dev.cached.protocol.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed golden files are exactly what {@link GoldenCases} generates: a change of the
 * encoder or of a case fails here until the files are rewritten on purpose, with
 * {@code -Dcached.golden.write=true} (then review the diff: other languages' tests read them).
 */
class GoldenFilesTest {
  private static final String WRITE_PROPERTY = "cached.golden.write";

  @Test
  void committedFilesAreWhatTheGeneratorMakes() throws IOException {
    Path dir = Golden.dir();
    boolean write = Boolean.getBoolean(WRITE_PROPERTY);
    Set<String> expected = new TreeSet<>();
    for (GoldenCase c : GoldenCases.all()) {
      byte[] description = describe(c);
      expected.add(c.name() + ".frame");
      expected.add(c.name() + ".json");
      if (write) {
        Files.write(dir.resolve(c.name() + ".frame"), c.frame());
        Files.write(dir.resolve(c.name() + ".json"), description);
        continue;
      }
      assertArrayEquals(c.frame(), read(dir.resolve(c.name() + ".frame")), c.name() + ".frame" + hint());
      assertEquals(new String(description, StandardCharsets.UTF_8),
          new String(read(dir.resolve(c.name() + ".json")), StandardCharsets.UTF_8), c.name() + ".json" + hint());
    }
    Set<String> present;
    try (Stream<Path> files = Files.list(dir)) {
      present = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".frame") || n.endsWith(".json"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    present.removeAll(expected);
    assertTrue(present.isEmpty(), "golden files no case generates (remove them): " + present);
  }

  @Test
  void namesAreUnique() {
    Set<String> names = new TreeSet<>();
    for (GoldenCase c : GoldenCases.all()) {
      assertTrue(names.add(c.name()), "two cases named " + c.name());
    }
  }

  /** The committed form of a description: pretty-printed JSON, two-space indent, a final newline. */
  static byte[] describe(GoldenCase c) throws IOException {
    String json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(c.describe());
    return (json + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path p) throws IOException {
    return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
  }

  private static String hint() {
    return " differs from what GoldenCases generates; if the change is meant, rewrite the files with -D"
        + WRITE_PROPERTY + "=true and review the diff";
  }
}
