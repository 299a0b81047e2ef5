package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cached bench --daemon-config}: a key its daemon refuses ends the run with the daemon's
 * own reason, not a path inside the work directory (which the bench removes).
 */
class BenchDaemonConfigTest {
  @TempDir Path dir;

  @Test
  void aRefusedKeyIsReportedWithTheDaemonsReason() throws Exception {
    Cli cli = new Cli(dir, dir.resolve("run").resolve("cached.sock"), dir.resolve("state"));
    List<String> cmd = DaemonProcess.cachedCommand();
    cmd.addAll(List.of("bench", "--quick", "--sizes", "4096", "--clients", "1", "--dir", dir.resolve("work").toString(),
        "--daemon-config", "intakeFirst=fast"));
    Cli.Result r = cli.exec(cmd, Map.of());
    assertNotEquals(0, r.exit(), r.toString());
    assertTrue(r.err().contains("bench daemon did not start"), r.toString());
    assertTrue(r.err().contains("intakeFirst") && r.err().contains("a duration"), r.toString());
  }
}
