package dev.cached.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadedConfigJsonTest {
  @TempDir Path home;

  @Test
  void toJson_everyKey_numbersAsNumbers_durationsAsText() throws Exception {
    LoadedConfig loaded = new Loads(home).load(Map.of("allowedRoots", Loads.abs("/r")), Map.of("CACHED_FSYNC", "FILE"));
    ObjectNode json = loaded.toJson();
    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertEquals(loaded.entries().stream().map(LoadedConfig.Entry::key).toList(), names);
    assertEquals(home.resolve(".cache/cached/cached.sock").toString(), json.get("socket").textValue());
    assertEquals(64L << 20, json.get("maxPayload").longValue());
    assertEquals(256, json.get("maxConnections").intValue());
    assertEquals("10s", json.get("helloTimeout").textValue());
    assertEquals("off", json.get("idleTimeout").textValue());
    assertEquals("file", json.get("fsync").textValue());
    assertEquals(2.0, json.get("retry.factor").doubleValue());
    assertEquals("2ms", json.get("retry.first").textValue());
    assertEquals(1, json.get("allowedRoots").size());
    assertEquals(Loads.abs("/r"), json.get("allowedRoots").get(0).textValue());
    assertEquals(0.0, json.get("faults.holdShare").doubleValue());
  }

  @Test
  void toJsonWithSources_pairsValueAndSource() throws Exception {
    LoadedConfig loaded = new Loads(home).load(Map.of(), Map.of("CACHED_MAX_PAYLOAD", "1MiB"));
    ObjectNode json = loaded.toJsonWithSources();
    assertEquals("{\"value\":1048576,\"source\":\"env CACHED_MAX_PAYLOAD\"}", json.get("maxPayload").toString());
    assertEquals("{\"value\":\"info\",\"source\":\"default\"}", json.get("log.level").toString());
  }

  @Test
  void entryText_parsesBackToTheSameConfig() throws Exception {
    Loads loads = new Loads(home);
    LoadedConfig first = loads.load(Map.of("allowedRoots", Loads.abs("/a"), "retry.factor", "1.25", "log.maxFileSize", "1500"),
        Map.of("CACHED_IDLE_TIMEOUT", "90s"));
    Map<String, String> flags = new java.util.HashMap<>();
    for (LoadedConfig.Entry e : first.entries()) {
      flags.put(e.key(), e.key().equals("allowedRoots") ? Loads.abs("/a") : e.value());
    }
    assertEquals(first.config(), loads.load(flags, Map.of()).config());
  }
}
