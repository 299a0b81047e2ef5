package dev.cached.cli.it.faults;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The host's own tools for making real faults: commands, mounts, a dir on a real disk. */
final class Host {
  private Host() {}

  /** Runs a command, waits up to 30 s, and returns its output; fails with the output on a non-zero exit. */
  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + ": no exit within 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": exit " + p.exitValue() + ": " + out.strip());
    }
    return out;
  }

  /** Unmounts {@code dir}, lazily when it is busy; never throws (cleanup). */
  static void unmount(Path dir) {
    try {
      run("umount", dir.toString());
    } catch (IOException | InterruptedException e) {
      try {
        run("umount", "-l", dir.toString());
      } catch (IOException | InterruptedException again) {
        System.err.println("cannot unmount " + dir + ": " + again.getMessage());
      }
    }
  }

  /**
   * A fresh directory under this module's build directory, which lives on the real disk (not a
   * tmpfs {@code /tmp}), for faults that need a real file system such as {@code chattr +i}.
   */
  static Path realDiskDir(String name) throws IOException, InterruptedException {
    Path base = Path.of("target", "faults-it").toAbsolutePath();
    Files.createDirectories(base);
    Path dir = Files.createTempDirectory(base, name + "-");
    String type = run("stat", "-f", "-c", "%T", dir.toString()).strip();
    assumeTrue(!List.of("tmpfs", "ramfs", "overlayfs").contains(type),
        "the build directory is on " + type + ", which has no immutable attribute");
    return dir;
  }
}
