package dev.cached.daemon.lifecycle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per socket: an OS file lock on {@code <socket>.lock}, holding the owner's pid. The OS
 * drops the lock when the process dies, however it dies, so a crash never leaves a lock that blocks
 * the next start; a socket file found while we hold the lock is stale and is replaced.
 *
 * <p>The lock covers one byte far past the pid ({@link #LOCKED_BYTE}), not the whole file: Windows
 * byte-range locks are mandatory, and a lock over the pid would stop every other process from
 * reading it, so a second daemon would report "pid unknown" and {@code cached} would call a live
 * daemon's files stale. A daemon of an older version that locks the whole file still excludes it.
 *
 * <p>Concurrency: acquired once at start, released once at exit.
 */
public final class InstanceLock implements AutoCloseable {
  /** The locked byte's offset: past any pid, and locking past the end of a file is allowed. */
  static final long LOCKED_BYTE = 1L << 30;

  private final Path path;
  private final FileChannel channel;
  private final FileLock lock;

  private InstanceLock(Path path, FileChannel channel, FileLock lock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of a socket. */
  public static Path lockFileOf(Path socket) {
    return socket.resolveSibling(socket.getFileName() + ".lock");
  }

  /**
   * Takes the lock of {@code socket}.
   *
   * @throws StartupException naming the pid that holds it when another daemon runs
   */
  public static InstanceLock acquire(Path socket) throws StartupException {
    Path path = lockFileOf(socket);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = ch.tryLock(LOCKED_BYTE, 1, false);
      if (lock == null) {
        String pid = awaitPid(path);
        ch.close();
        throw new StartupException(
            "another cached daemon (pid " + pid + ") is serving " + socket + "; stop it with 'cached stop' or choose another --socket");
      }
      byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      ch.write(ByteBuffer.wrap(pid), 0); // write first, then cut: a reader never sees an empty file
      ch.truncate(pid.length);
      ch.force(false);
      return new InstanceLock(path, ch, lock);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      throw new StartupException("cannot lock " + path + ": " + e, e);
    }
  }

  /**
   * The pid in a lock file whose holder may have just taken it and not yet written its pid: looks
   * again for up to a second while the file is empty.
   */
  private static String awaitPid(Path lockFile) {
    long deadline = System.nanoTime() + 1_000_000_000L;
    String pid = readPid(lockFile);
    Object tick = new Object();
    while (pid.equals("unknown") && System.nanoTime() < deadline) {
      synchronized (tick) {
        try {
          tick.wait(20); // polling a file another process is about to write
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return pid;
        }
      }
      pid = readPid(lockFile);
    }
    return pid;
  }

  /** The pid written in a lock file, or "unknown". */
  public static String readPid(Path lockFile) {
    try {
      String s = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      return s.isEmpty() ? "unknown" : s;
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Deletes the lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      Files.deleteIfExists(path);
    } finally {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
