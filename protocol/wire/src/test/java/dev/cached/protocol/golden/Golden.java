package dev.cached.protocol.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.protocol.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * One committed golden frame of {@code protocol/wire/golden}: {@code NAME.frame} (the bytes on the
 * wire) and {@code NAME.json} (what they mean; the format is in {@code golden/README.md}). Tests
 * of every module read them through this class; {@link GoldenFilesTest} keeps them equal to what
 * {@link GoldenCases} generates.
 *
 * @param name the file name without extension
 * @param frame the bytes of {@code NAME.frame}
 * @param description the parsed {@code NAME.json}
 */
public record Golden(String name, byte[] frame, JsonNode description) {
  /** Overrides where the directory is (else found from the working directory upwards). */
  public static final String DIR_PROPERTY = "cached.golden.dir";

  /** Every golden frame, by name. */
  public static List<Golden> all() {
    Path dir = dir();
    List<Golden> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path json : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        out.add(new Golden(name, Files.readAllBytes(dir.resolve(name + ".frame")),
            new ObjectMapper().readTree(json.toFile())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("golden frames in " + dir + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no golden frames in " + dir);
    }
    return out;
  }

  /** {@code protocol/wire/golden}: the property {@value #DIR_PROPERTY}, else found from {@code user.dir} upwards. */
  public static Path dir() {
    String given = System.getProperty(DIR_PROPERTY);
    if (given != null) {
      return Path.of(given);
    }
    for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
      Path g = d.resolve("protocol/wire/golden");
      if (Files.isDirectory(g)) {
        return g;
      }
    }
    throw new IllegalStateException("protocol/wire/golden not found above " + System.getProperty("user.dir")
        + " (set -D" + DIR_PROPERTY + ")");
  }

  /** {@code request} or {@code answer}. */
  public String direction() {
    return description.path("direction").asText();
  }

  public boolean isRequest() {
    return direction().equals("request");
  }

  public boolean valid() {
    return description.path("valid").asBoolean();
  }

  /** The decoded header, or null when the header bytes are not a JSON object. */
  public ObjectNode header() {
    JsonNode h = description.get("header");
    return h instanceof ObjectNode ? ((ObjectNode) h).deepCopy() : null;
  }

  /** The payload bytes of the frame (empty when it has none). */
  public byte[] payload() {
    return bytes(description.path("payload"));
  }

  /** For an answer: the op of the request it answers. */
  public String answers() {
    return description.path("answers").asText(null);
  }

  /** For an invalid frame: the error code it must get, or null when it gets no answer. */
  public ErrorCode error() {
    JsonNode e = description.get("error");
    return e == null || e.isNull() ? null : ErrorCode.valueOf(e.asText());
  }

  /** For an invalid frame: {@code usable}, {@code closed} or {@code waits}. */
  public String stream() {
    return description.path("stream").asText();
  }

  /** For an invalid frame: the id its error answer carries (null: {@code "id":null}). */
  public Long answerId() {
    JsonNode id = description.get("answerId");
    return id == null || id.isNull() ? null : id.asLong();
  }

  @Override
  public String toString() {
    return name;
  }

  /** The bytes of {@code {"utf8": …}} or {@code {"hex": …}}; a missing node is no bytes. */
  static byte[] bytes(JsonNode n) {
    if (n.has("utf8")) {
      return n.get("utf8").asText().getBytes(StandardCharsets.UTF_8);
    }
    if (n.has("hex")) {
      return HexFormat.of().parseHex(n.get("hex").asText());
    }
    return new byte[0];
  }
}
