package dev.cached.cli.bench;

import dev.cached.cli.ClientTransport;
import dev.cached.cli.CommandJvm;
import dev.cached.cli.Main;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times {@code cached status} as a whole process (JVM start, connect, status, print, exit), with
 * the JVM options the launcher gives short-lived commands, class-data archive included when a fresh
 * one is beside the jar.
 */
final class StatusTimer {
  private StatusTimer() {}

  /** Median wall time of {@code runs} status processes, in milliseconds. */
  static double median(Path socket, int runs) throws Exception {
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(CommandJvm.options());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "status", "--socket", socket.toString(),
          "--transport", ClientTransport.chosen().wire()));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      t[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(t);
    return t[runs / 2];
  }
}
