package dev.cached.cli.it;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of test classes whose tests share one real daemon, started once in a temp directory. */
abstract class SharedDaemon {
  @TempDir static Path dir;
  static DaemonProcess daemon;

  @BeforeAll
  static void startSharedDaemon() throws Exception {
    daemon = new DaemonProcess(dir).start();
  }

  @AfterAll
  static void stopSharedDaemon() {
    daemon.close();
  }
}
