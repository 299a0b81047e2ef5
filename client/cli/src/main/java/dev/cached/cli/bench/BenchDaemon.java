package dev.cached.cli.bench;

import dev.cached.cli.DaemonLauncher;
import dev.cached.client.CachedClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A daemon the benchmark starts for itself, in its own directory, and stops at the end. */
final class BenchDaemon implements AutoCloseable {
  final Path socket;
  final long pid;
  final double startMillis;
  private final Process process;

  private BenchDaemon(Path socket, Process process, double startMillis) {
    this.socket = socket;
    this.process = process;
    this.pid = process.pid();
    this.startMillis = startMillis;
  }

  /** Starts a daemon under {@code dir} with extra environment (fault injection); returns once its socket answers. */
  static BenchDaemon start(Path dir, Map<String, String> env) throws Exception {
    Path socket = dir.resolve("run").resolve("cached.sock");
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put("socket", socket.toString());
    flags.put("stateDir", dir.resolve("state").toString());
    flags.put("config", "none");
    java.nio.file.Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Process p = DaemonLauncher.spawn(flags, env, dir.resolve("daemon-output.txt"));
    if (!DaemonLauncher.awaitSocket(p, socket, Duration.ofSeconds(30))) {
      p.destroyForcibly();
      throw new IOException("bench daemon did not start; see " + dir.resolve("daemon-output.txt"));
    }
    return new BenchDaemon(socket, p, (System.nanoTime() - t0) / 1e6);
  }

  @Override
  public void close() throws IOException {
    try (CachedClient c = CachedClient.connect(CachedClient.options().socket(socket).clientName("cached-bench"))) {
      c.shutdown(false);
    } catch (IOException e) {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
