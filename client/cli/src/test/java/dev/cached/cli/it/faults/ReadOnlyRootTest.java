package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.cli.it.DaemonProcess;
import dev.cached.cli.it.Root;
import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.protocol.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A root on a read-only bind mount: every write and delete there fails with EROFS; the daemon stays healthy. */
class ReadOnlyRootTest {
  @TempDir Path tmp;

  @Test
  void readOnlyRootReportsErofsPerWriteAndTheDaemonServesOthers() throws Exception {
    Root.assume("mount --bind");
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.write(src.resolve("old.json"), new byte[] {1});
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Host.run("mount", "--bind", src.toString(), ro.toString());
    try {
      Host.run("mount", "-o", "remount,ro,bind", ro.toString());
      try (DaemonProcess daemon = new DaemonProcess(Files.createDirectories(tmp.resolve("d"))).start();
          CachedClient c = daemon.client(ro);
          CachedClient fine = daemon.client(tmp.resolve("fine"));
          CachedClient admin = daemon.admin()) {
        CachedException w = assertThrows(CachedException.class, () -> c.writeDurable("a.json", new byte[] {2}));
        assertEquals(ErrorCode.IO_ERROR, w.code());
        assertTrue(w.getMessage().contains("Read-only file system") && w.getMessage().contains("temp-write"), w.getMessage());
        CachedException d = assertThrows(CachedException.class, () -> c.deleteDurable("old.json"));
        assertEquals(ErrorCode.IO_ERROR, d.code());
        assertTrue(d.getMessage().contains("Read-only file system") && d.getMessage().contains("delete"), d.getMessage());
        assertArrayEquals(new byte[] {1}, Files.readAllBytes(ro.resolve("old.json")));
        assertEquals("written", fine.writeDurable("b.json", new byte[] {3}));
        assertTrue(admin.status().path("totals").path("failed").asLong() >= 2);
        assertTrue(daemon.process().isAlive());
      }
    } finally {
      Host.unmount(ro);
    }
  }
}
