package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Commands in messages are spelled for the platform. Regression for issue 17, point 8: on Windows
 * 'cached stop' and 'cached doctor' told the user to 'kill' the daemon.
 */
class HintsTest {
  @Test
  void windowsIsToldTaskkill_andThatItDoesNotDrain() {
    assertEquals("'taskkill /F /PID 42' (ends it without a drain)", Hints.kill(42, true));
    assertEquals("'kill 42' (it drains)", Hints.kill(42, false));
  }

  @Test
  void leftoversAreRemovedWithTheShellsOwnCommand() {
    Path sock = Path.of("run", "c.sock");
    assertEquals("del /f \"" + sock + "\" \"" + sock + ".lock\"", Hints.remove(true, sock, Path.of(sock + ".lock")));
    assertEquals("rm -f " + sock + " " + sock + ".lock", Hints.remove(false, sock, Path.of(sock + ".lock")));
  }
}
