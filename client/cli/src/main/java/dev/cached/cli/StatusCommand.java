package dev.cached.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedUnavailableException;
import dev.cached.config.CachedConfig;
import dev.cached.protocol.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cached status}: is it healthy, and what is it doing. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show the daemon's state: one screen, or the raw JSON with --json. Exit 3 when not running.")
final class StatusCommand implements Callable<Integer> {
  @Mixin Places places;

  @Option(names = "--json", description = "print the status object as JSON (field names are stable; see README)")
  boolean json;

  @Option(names = "--watch", description = "refresh every second until interrupted")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    CachedConfig config = places.load();
    try (CachedClient c = Admin.connectOrNull(config.socket())) {
      if (c == null) {
        return Admin.notRunning(config.socket());
      }
      while (true) {
        ObjectNode s;
        try {
          s = c.status();
        } catch (CachedUnavailableException e) {
          return Admin.notRunning(config.socket());
        }
        if (watch) {
          System.out.print("\033[H\033[2J");
        }
        System.out.println(json ? Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(s) : StatusText.render(s));
        if (!watch) {
          return 0;
        }
        System.out.flush();
        Thread.sleep(1000); // the refresh interval of --watch, not synchronisation
      }
    }
  }
}
