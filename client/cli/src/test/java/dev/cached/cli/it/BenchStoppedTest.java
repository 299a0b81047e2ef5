package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cached bench} stopped by a signal (Ctrl-C, a kill) stops the daemon it started: that
 * daemon has no idle timeout and listens on a socket nobody else knows of.
 */
class BenchStoppedTest {
  @TempDir Path dir;

  private static boolean hasSocket(Path work) throws Exception {
    if (!Files.isDirectory(work)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(work)) {
      return s.anyMatch(p -> p.getFileName().toString().equals("cached.sock"));
    }
  }

  @Test
  void aSignalledBenchStopsItsDaemon() throws Exception {
    Path work = dir.resolve("work");
    List<String> cmd = DaemonProcess.cachedCommand();
    cmd.addAll(List.of("bench", "--quick", "--sizes", "4096", "--clients", "1", "--dir", work.toString()));
    Process bench = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("bench.txt").toFile()).start();
    List<ProcessHandle> started = List.of();
    try {
      Await.until(Duration.ofSeconds(60), () -> hasSocket(work), () -> "the bench's daemon never listened");
      started = bench.toHandle().descendants().filter(ProcessHandle::isAlive).toList();
      assertTrue(!started.isEmpty(), "the bench started a daemon");
      bench.destroy(); // SIGTERM, as a kill or the service manager sends
      assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "the bench ends");
      for (ProcessHandle p : started) {
        Await.until(Duration.ofSeconds(30), () -> !p.isAlive(),
            () -> "process " + p.pid() + " (" + p.info().commandLine().orElse("?") + ") outlived the bench");
      }
    } finally {
      bench.destroyForcibly();
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
