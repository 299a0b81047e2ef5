package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance lock. Regression for issue 17, point 4: it locked the whole lock file, and Windows
 * byte-range locks are mandatory, so no other process could read the pid in it. Linux locks are
 * advisory, so the test asks the JVM instead: within one JVM, a lock that overlaps one already held
 * is refused, which is exactly the range Windows would refuse to other readers.
 */
class InstanceLockTest {
  @TempDir Path dir;

  @Test
  void thePidBytesStayUnlocked_soOthersCanReadThem() throws Exception {
    Path socket = dir.resolve("c.sock");
    InstanceLock held = InstanceLock.acquire(socket);
    try {
      Path file = InstanceLock.lockFileOf(socket);
      String pid = Long.toString(ProcessHandle.current().pid());
      assertEquals(pid, InstanceLock.readPid(file));
      long size = Files.size(file);
      try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock overPid = reader.tryLock(0, size, false); // overlaps a whole-file lock, not ours
        assertNotNull(overPid);
        overPid.release();
        assertThrows(java.nio.channels.OverlappingFileLockException.class,
            () -> reader.tryLock(InstanceLock.LOCKED_BYTE, 1, false), "the locked byte is held");
      }
    } finally {
      held.close();
    }
  }
}
