package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When an archive counts as fresh, what options it gives, and what a failed training leaves. */
class ClassDataArchiveTest {
  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  @TempDir Path dir;
  Path jar;
  Path lib;

  @BeforeEach
  void jars() throws IOException {
    jar = Files.writeString(dir.resolve("cached.jar"), "jar");
    lib = Files.writeString(Files.createDirectories(dir.resolve("lib")).resolve("netty.jar"), "lib");
    at(jar, 0);
    at(lib, 0);
  }

  private static void at(Path p, long seconds) throws IOException {
    Files.setLastModifiedTime(p, FileTime.from(T0.plusSeconds(seconds)));
  }

  private ClassDataArchive daemonArchive() throws IOException {
    ClassDataArchive a = new ClassDataArchive(jar, ClassDataArchive.Kind.DAEMON);
    Files.writeString(a.file(), "archive");
    return a;
  }

  @Test
  void freshWhenNewerThanTheJarAndEveryLibrary() throws IOException {
    ClassDataArchive a = daemonArchive();
    at(a.file(), 10);
    assertTrue(a.fresh());
    List<String> o = a.useOptions();
    assertTrue(o.containsAll(ClassDataArchive.QUIET), o.toString());
    assertTrue(o.contains("-XX:SharedArchiveFile=" + dir.resolve("cached-daemon.jsa")), o.toString());
  }

  @Test
  void staleWhenALibraryIsNewer_noOptions() throws IOException {
    ClassDataArchive a = daemonArchive();
    at(a.file(), 10);
    at(lib, 20);
    assertFalse(a.fresh());
    assertEquals(List.of(), a.useOptions());
  }

  @Test
  void staleWhenTheJarHasTheSameTime() throws IOException {
    ClassDataArchive a = daemonArchive();
    at(a.file(), 0);
    assertFalse(a.fresh());
  }

  @Test
  void missing_noOptions() {
    ClassDataArchive a = new ClassDataArchive(jar, ClassDataArchive.Kind.COMMAND);
    assertFalse(a.fresh());
    assertEquals(List.of(), a.useOptions());
  }

  @Test
  void noArchiveWhenRunningFromClassDirectories() {
    // surefire runs these tests from target/classes directories, which a JDK cannot archive
    assertTrue(ClassDataArchive.runningJar().isEmpty());
    assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), CommandJvm.options());
    assertEquals(DaemonJvm.baseOptions(), DaemonJvm.options());
  }

  @Test
  void failedTraining_writesTheMarker_andIsNotRetriedUntilForcedOrTheJarsChange() throws IOException {
    ArchiveTraining t = new ArchiveTraining(jar, dir.resolve("no-such-java").toString());
    ArchiveTraining.Outcome first = t.ensure(false);
    assertFalse(first.ok(), first.message());
    assertTrue(first.message().contains("training failed"), first.message());
    Path marker = dir.resolve(ArchiveTraining.FAILED_MARKER);
    assertTrue(Files.readString(marker).contains("no-such-java"), Files.readString(marker));

    ArchiveTraining.Outcome second = t.ensure(false);
    assertTrue(second.message().contains("an earlier training failed"), second.message());

    at(marker, -10); // older than the jars: a rebuild since
    assertTrue(t.ensure(false).message().contains("training failed"));
    assertTrue(t.ensure(true).message().contains("training failed"), "--force tries again");
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".jsa")).toList());
    }
  }
}
