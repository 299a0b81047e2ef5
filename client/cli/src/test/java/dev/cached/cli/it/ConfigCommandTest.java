package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cached.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cached config}: every key's effective value and its source, as text and as JSON. */
class ConfigCommandTest {
  @TempDir Path dir;

  @Test
  void showsTheSourceOfEveryValue() throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, "drainTimeout = \"45s\"\n[log]\nlevel = \"warn\"\n");
    Cli cli = new Cli(dir, dir.resolve("run").resolve("cached.sock"), dir.resolve("state"));
    Map<String, String> env = Map.of("CACHED_RETRY_DEADLINE", "5m", "CACHED_LOG_LEVEL", "error");

    Cli.Result text = cli.run(env, "config", "--config", file.toString());
    assertEquals(0, text.exit(), text.toString());
    String out = text.out();
    assertTrue(out.startsWith("config file: " + file + "\n"), out);
    assertLine(out, "drainTimeout", "45s", "file " + file);
    assertLine(out, "retry.deadline", "5m", "env CACHED_RETRY_DEADLINE");
    assertLine(out, "log.level", "error", "env CACHED_LOG_LEVEL"); // the environment beats the file
    assertLine(out, "socket", cli.socket().toString(), "flag --socket");
    assertLine(out, "maxPayload", "64MiB", "default");

    Cli.Result json = cli.run(env, "config", "--config", file.toString(), "--json");
    assertEquals(0, json.exit(), json.toString());
    JsonNode n = Json.mapper().readTree(json.out());
    assertEquals(file.toString(), n.path("configFile").asText());
    assertTrue(n.path("configFileRead").asBoolean());
    assertEquals("45s", n.path("values").path("drainTimeout").path("value").asText());
    assertEquals("file " + file, n.path("values").path("drainTimeout").path("source").asText());
    assertEquals("env CACHED_RETRY_DEADLINE", n.path("values").path("retry.deadline").path("source").asText());
  }

  @Test
  void aBadValueIsReportedWithItsKeyAndSourceAndExit1() throws Exception {
    Cli cli = new Cli(dir, dir.resolve("run").resolve("cached.sock"), dir.resolve("state"));
    Cli.Result r = cli.run(Map.of("CACHED_DRAIN_TIMEOUT", "soon"), "config");
    assertEquals(1, r.exit(), r.toString());
    assertTrue(r.err().contains("drainTimeout : \"soon\" from env CACHED_DRAIN_TIMEOUT"), r.toString());
  }

  private static void assertLine(String out, String key, String value, String source) {
    Pattern p = Pattern.compile("(?m)^" + Pattern.quote(key) + " +" + Pattern.quote(value) + " +" + Pattern.quote(source) + "$");
    assertTrue(p.matcher(out).find(), key + " = " + value + " from " + source + " in:\n" + out);
  }
}
