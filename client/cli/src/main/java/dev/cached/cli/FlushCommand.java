package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.FlushResult;
import dev.cached.config.CachedConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cached flush}: waits until every write the daemon has accepted so far is final. */
@Command(name = "flush", mixinStandardHelpOptions = true,
    description = "Wait until every write accepted by the daemon so far is final (written, superseded or failed).")
final class FlushCommand implements Callable<Integer> {
  @Mixin Places places;

  @Override
  public Integer call() throws Exception {
    CachedConfig config = places.load();
    try (CachedClient c = Admin.connectOrNull(config.socket())) {
      if (c == null) {
        return Admin.notRunning(config.socket());
      }
      long t0 = System.nanoTime();
      FlushResult r = c.flush();
      System.out.println("flushed in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
      return 0;
    }
  }
}
