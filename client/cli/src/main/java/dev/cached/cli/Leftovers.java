package dev.cached.cli;

import dev.cached.daemon.lifecycle.InstanceLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What lies at a socket's place when no daemon answers there: the socket file, the lock file and
 * the pid written in it. Looks without touching: taking the lock to test it could make a daemon
 * that starts at that moment fail, so liveness is judged from the pid instead.
 *
 * @param socketFile the socket file exists
 * @param lockFile the lock file exists
 * @param pid the pid in the lock file, or "unknown"
 * @param holderAlive a live process with that pid runs something named cached: it holds the lock
 */
record Leftovers(boolean socketFile, boolean lockFile, String pid, boolean holderAlive) {

  static Leftovers at(Path socket) {
    Path lock = InstanceLock.lockFileOf(socket);
    boolean lockFile = Files.exists(lock, LinkOption.NOFOLLOW_LINKS);
    String pid = lockFile ? InstanceLock.readPid(lock) : "unknown";
    return new Leftovers(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), lockFile, pid, lockFile && alive(pid));
  }

  private static boolean alive(String pid) {
    Optional<ProcessHandle> h;
    try {
      h = ProcessHandle.of(Long.parseLong(pid));
    } catch (NumberFormatException e) {
      return false;
    }
    if (h.isEmpty() || StopCommand.exited(h.get().pid()) || h.get().pid() == ProcessHandle.current().pid()) {
      return false;
    }
    // A reused pid runs something else; an unreadable command line is given the benefit of the doubt.
    return h.get().info().commandLine().map(c -> c.contains("cached")).orElse(true);
  }

  /** Nothing is left: a clean place. */
  boolean none() {
    return !socketFile && !lockFile;
  }

  /** Files left by a daemon that is gone: the next start replaces them. */
  boolean stale() {
    return !none() && !holderAlive;
  }

  /** The one-line tail for "not running" messages, starting with "; " or empty. */
  String note() {
    if (holderAlive) {
      return "; but pid " + pid + " holds its lock (starting, stopping or hung: 'cached doctor' says more)";
    }
    if (stale()) {
      return "; a stale " + (socketFile ? "socket" : "lock file") + " from pid " + pid + " is left, and the next start replaces it";
    }
    return "";
  }
}
