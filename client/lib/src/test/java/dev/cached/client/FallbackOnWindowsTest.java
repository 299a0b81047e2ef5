package dev.cached.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cached.fs.ErrorClassifier;
import dev.cached.fs.RealFileOps;
import dev.cached.fs.Ticker;
import dev.cached.fs.emulation.SharingEmulation;
import dev.cached.fs.emulation.Violation;
import dev.cached.fs.fakes.NoTempLeft;
import dev.cached.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's in-process fallback on an emulated Windows (the fs test-jar's {@link SharingEmulation}
 * over real files): a target held by a scanner is retried until it is free, whatever the language
 * of the error text, and a read-only target fails at once, saying so.
 */
@Timeout(30)
class FallbackOnWindowsTest {
  @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
  @TempDir Path dir;

  @Test
  void heldTarget_germanOrFrenchWindows_isRetriedUntilFree() throws Exception {
    for (Locale language : List.of(Locale.GERMAN, Locale.FRENCH)) {
      Path root = noTempLeft.watch(Files.createDirectories(dir.resolve(language.getLanguage())));
      Files.writeString(root.resolve("a.json"), "old");
      SharingEmulation windows = new SharingEmulation(RealFileOps.INSTANCE, Ticker.system()).windows(language);
      windows.hold(root.resolve("a.json"), Duration.ofMillis(150), Violation.SHARING_VIOLATION);
      Fallback f = new Fallback(root, FallbackMode.INLINE, Duration.ofSeconds(20), windows);
      f.apply(PendingOp.write("a.json", "new".getBytes(StandardCharsets.UTF_8)), false);
      assertEquals(new FlushResult(1, List.of()), f.drain(), language.toString());
      assertEquals("new", Files.readString(root.resolve("a.json")), language.toString());
      assertTrue(windows.calls() > 2, "the held target was tried more than once: " + windows.calls());
    }
  }

  @Test
  void readOnlyTarget_failsAtOnce_sayingItIsReadOnly() throws Exception {
    Path root = noTempLeft.watch(Files.createDirectories(dir.resolve("ro")));
    Files.writeString(root.resolve("ro.json"), "kept");
    SharingEmulation windows = new SharingEmulation(RealFileOps.INSTANCE, Ticker.system()).windows(Locale.GERMAN);
    windows.readOnly(root.resolve("ro.json"));
    Fallback f = new Fallback(root, FallbackMode.INLINE, Duration.ofSeconds(60), windows);
    f.apply(PendingOp.write("ro.json", "lost".getBytes(StandardCharsets.UTF_8)), false);
    FlushResult r = f.drain();
    assertEquals(1, r.failed().size(), r.toString());
    Failure failure = r.failed().get(0);
    assertEquals(ErrorCode.IO_ERROR, failure.code(), failure.toString());
    assertTrue(failure.message().contains(ErrorClassifier.DENIED_READ_ONLY), failure.message());
    assertEquals("kept", Files.readString(root.resolve("ro.json")));
  }
}
