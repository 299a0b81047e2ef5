package dev.cached.cli.it;

import dev.cached.client.CacheWriter;
import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A client process for {@link AutostartRaceTest}: prints {@code ready}, waits for a line on stdin
 * (so two probes start together), opens a {@link CacheWriter} with autostart, writes one file and
 * prints what it saw as {@code key=value} lines.
 *
 * <p>Arguments: socket, root, name.
 */
public final class AutostartProbe {
  private AutostartProbe() {}

  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    Path root = Path.of(args[1]);
    String name = args[2];
    System.out.println("ready");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    try (CacheWriter w = CacheWriter.open(CacheWriter.options().socket(socket).root(root).clientName(name)
        .autostart(true).autostartWait(Duration.ofSeconds(60)).reconnectInterval(Duration.ofSeconds(-1)))) {
      System.out.println("connected=" + w.connected());
      w.write(name + ".json", name.getBytes(StandardCharsets.UTF_8));
      FlushResult r = w.flush();
      System.out.println("flushed=" + r.ok() + " done=" + r.done());
    }
    try (CachedClient admin = CachedClient.connect(CachedClient.options().socket(socket).clientName(name + "-admin"))) {
      System.out.println("pid=" + admin.status().path("pid").asLong());
    }
  }
}
