package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.cli.StopCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cached start}, {@code stop}, {@code restart} and a second daemon, as real processes. */
class LifecycleTest {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");

  @TempDir Path dir;

  @Test
  void startIsIdempotentSecondDaemonNamesThePidAndStopReturnsOnlyAfterTheExit() throws Exception {
    Cli cli = new Cli(dir, dir.resolve("run").resolve("cached.sock"), dir.resolve("state"));
    Cli.Result first = cli.run("start");
    assertEquals(0, first.exit(), first.toString());
    long pid = pid(first.out());
    assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), first.toString());
    try {
      Cli.Result again = cli.run("start");
      assertEquals(0, again.exit(), again.toString());
      assertTrue(again.out().contains("already running (pid " + pid + ")"), again.toString());

      Cli.Result second = cli.run("daemon", "--background"); // as autostart runs it: the refusal still reaches stderr
      assertEquals(1, second.exit(), second.toString());
      assertTrue(second.err().contains("another cached daemon (pid " + pid + ")"), second.toString());
      Cli.Result status = cli.run("status", "--json");
      assertEquals(0, status.exit(), "the refused second daemon left the first one's socket alone: " + status);
      assertEquals(pid, LifecycleTest.pid(status.out().replace("\"pid\" : ", "pid ")));

      Cli.Result restart = cli.run("restart");
      assertEquals(0, restart.exit(), restart.toString());
      assertTrue(StopCommand.exited(pid), "the old daemon is gone (exited; its reaping is init's business): " + restart);
      long newPid = pid(restart.out().substring(restart.out().indexOf("cached started")));
      assertTrue(newPid != pid, restart.toString());
      pid = newPid;

      Cli.Result stop = cli.run("stop");
      assertEquals(0, stop.exit(), stop.toString());
      // No waiting here: stop has returned, so the process must already be gone.
      assertTrue(StopCommand.exited(pid), "stop returned while pid " + pid + " was running");
      assertFalse(Files.exists(cli.socket()), "socket removed");
      assertFalse(Files.exists(lockOf(cli.socket())), "lock removed");
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    Cli.Result stopAgain = cli.run("stop");
    assertEquals(3, stopAgain.exit(), stopAgain.toString());
    assertEquals(1, stopAgain.err().lines().count(), stopAgain.toString());
    assertTrue(stopAgain.err().startsWith("cached is not running"), stopAgain.toString());
    assertEquals("", stopAgain.out());
  }

  @Test
  void afterSigkillTheStaleSocketAndLockAreReportedAndTheNextStartReplacesThem() throws Exception {
    Cli cli;
    try (DaemonProcess d = new DaemonProcess(dir).start()) {
      cli = Cli.of(d);
      long pid = d.pid();
      d.kill();
      assertTrue(Files.exists(d.socket()), "SIGKILL leaves the socket");
      assertTrue(Files.exists(d.lockFile()), "SIGKILL leaves the lock file");

      Cli.Result status = cli.run("status");
      assertEquals(3, status.exit(), status.toString());
      assertEquals(1, status.err().lines().count(), status.toString());
      assertTrue(status.err().contains("stale socket from pid " + pid), status.toString());

      Cli.Result doctor = cli.run("doctor");
      assertEquals(1, doctor.exit(), doctor.toString());
      assertTrue(doctor.out().contains("FIX: stale files:"), doctor.toString());
      assertTrue(doctor.out().contains("left by pid " + pid), doctor.toString());
    }
    Cli.Result start = cli.run("start");
    assertEquals(0, start.exit(), start.toString());
    long pid = pid(start.out());
    try {
      assertTrue(Files.readString(cli.stateDir().resolve("cached.log")).contains("removed stale socket"));
      assertEquals(Long.toString(pid), Files.readString(lockOf(cli.socket())).trim(), "the lock names the new daemon");
      Cli.Result doctor = cli.run("doctor");
      assertEquals(0, doctor.exit(), doctor.toString());
      assertTrue(doctor.out().contains("ok   daemon: answers (pid " + pid), doctor.toString());
    } finally {
      Cli.Result stop = cli.run("stop");
      assertEquals(0, stop.exit(), stop.toString());
    }
  }

  static long pid(String text) {
    Matcher m = PID.matcher(text);
    assertTrue(m.find(), "no pid in: " + text);
    return Long.parseLong(m.group(1));
  }

  static Path lockOf(Path socket) {
    return socket.resolveSibling(socket.getFileName() + ".lock");
  }
}
