package dev.cached.cli;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.fs.NullDevice;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Makes the class-data archives of {@code cached.jar} ({@link ClassDataArchive}) by running what
 * they are for: a daemon, started as {@code cached start} starts one, takes writes, a delete, a
 * flush and a status from this process, and a {@code cached status} from a short-lived command;
 * then it drains and exits. Each of the two JVMs writes the classes it loaded when it exits
 * ({@code -XX:ArchiveClassesAtExit}) under a temporary name in the jar's directory, and each file is
 * flushed to disk and renamed into place only once its JVM has exited cleanly (a JVM that fails to
 * write it removes it and exits non-zero), so no JVM ever maps a partial archive.
 * It takes some seconds, once per build.
 *
 * <p>Outcomes of {@link #ensure}: both archives fresh (made now, or already); or nothing done,
 * because the jar's directory is not writable, or another process is training right now (it does
 * not wait), or an earlier training failed for these same jars; or a failure: a step failed or
 * passed its deadline ({@link #STEP_DEADLINE}), the jars changed meanwhile, or a rename failed. A
 * failure leaves the previous archives as they were, removes every temporary file and process, and
 * writes {@link #FAILED_MARKER} with the reason, which stops further attempts until the jars change
 * (or {@code --force}). Nothing is thrown and nothing printed: the caller gets an {@link Outcome}.
 *
 * <p>Concurrency: one training at a time per directory, by a file lock ({@link #LOCK}) held for the
 * whole run; the temporary files carry the trainer's pid.
 */
final class ArchiveTraining {
  /** Written when a training fails; while it is newer than the jars, nobody tries again. */
  static final String FAILED_MARKER = "cached-cds.failed";
  /** Held while a training runs. */
  static final String LOCK = "cached-cds.lock";
  /** The most any one step (daemon start, status run, drain and exit) may take. */
  static final Duration STEP_DEADLINE = Duration.ofSeconds(60);

  /** What {@link #ensure} did: {@code ok} when fresh archives are in place. */
  record Outcome(boolean ok, String message) {}

  private final Path jar;
  private final String java;
  private final ClassDataArchive daemon;
  private final ClassDataArchive command;

  /**
   * @param jar {@code cached.jar}, absolute
   * @param java the java executable that will run the jar (an archive fits one JDK build only)
   */
  ArchiveTraining(Path jar, String java) {
    this.jar = jar;
    this.java = java;
    this.daemon = new ClassDataArchive(jar, ClassDataArchive.Kind.DAEMON);
    this.command = new ClassDataArchive(jar, ClassDataArchive.Kind.COMMAND);
  }

  /** Makes both archives unless both are fresh; {@code force} makes them anyway, and retries after a failure. */
  Outcome ensure(boolean force) {
    if (!force && bothFresh()) {
      return new Outcome(true, "fresh: " + daemon.file() + ", " + command.file());
    }
    Path dir = jar.getParent();
    if (!Files.isWritable(dir)) {
      return new Outcome(false, dir + " is not writable: no class-data archives (commands and the daemon run without)");
    }
    Path marker = dir.resolve(FAILED_MARKER);
    if (!force && daemon.newerThanJars(marker)) {
      return new Outcome(false, "an earlier training failed for these jars (" + marker + "); --force tries again");
    }
    try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.tryLock()) {
      if (lock == null) {
        return new Outcome(false, "another process is making the archives in " + dir);
      }
      if (!force && bothFresh()) {
        return new Outcome(true, "fresh: " + daemon.file() + ", " + command.file());
      }
      return trainLocked(dir, marker);
    } catch (IOException e) {
      return new Outcome(false, "cannot lock " + dir.resolve(LOCK) + ": " + e);
    }
  }

  private boolean bothFresh() {
    return daemon.fresh() && command.fresh();
  }

  private Outcome trainLocked(Path dir, Path marker) {
    long t0 = System.nanoTime();
    long pid = ProcessHandle.current().pid();
    Path daemonTmp = dir.resolve(daemon.file().getFileName() + "." + pid + ".tmp");
    Path commandTmp = dir.resolve(command.file().getFileName() + "." + pid + ".tmp");
    Path work = null;
    try {
      removeLeftovers(dir); // under the lock, every temporary archive is a killed trainer's
      List<FileTime> before = jarTimes();
      work = Files.createTempDirectory("cached-cds-");
      run(work, daemonTmp, commandTmp);
      if (!before.equals(jarTimes())) {
        throw new TrainingException("the jars changed during the training (a build?): archives discarded");
      }
      forceQuietly(daemonTmp);
      forceQuietly(commandTmp);
      Files.move(daemonTmp, daemon.file(), StandardCopyOption.ATOMIC_MOVE);
      Files.move(commandTmp, command.file(), StandardCopyOption.ATOMIC_MOVE);
      forceQuietly(dir);
      Files.deleteIfExists(marker);
      return new Outcome(true, "made " + daemon.file() + " and " + command.file() + " in "
          + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
    } catch (IOException | TrainingException e) {
      return failed(marker, e.getMessage(), t0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(marker, "interrupted", t0);
    } finally {
      deleteQuietly(daemonTmp);
      deleteQuietly(commandTmp);
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private Outcome failed(Path marker, String why, long t0) {
    String message = "training failed after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms: " + why;
    try {
      Files.writeString(marker, Instant.now() + " " + message + System.lineSeparator(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      message += " (and " + marker + " could not be written: " + e + ")";
    }
    return new Outcome(false, message);
  }

  /** The training itself: a daemon, this process's client work, one status command, the drain. */
  private void run(Path work, Path daemonTmp, Path commandTmp)
      throws IOException, InterruptedException, TrainingException {
    Path socket = work.resolve("run").resolve("cached.sock");
    Path root = Files.createDirectories(work.resolve("root"));
    List<String> d = new ArrayList<>(List.of(java));
    d.addAll(DaemonJvm.baseOptions());
    d.addAll(ClassDataArchive.dumpOptions(daemonTmp));
    d.addAll(List.of("-cp", jar.toString(), Main.class.getName(), "daemon", "--background",
        "--socket", socket.toString(), "--state-dir", work.resolve("state").toString(), "--config", "none"));
    Path daemonOut = work.resolve("daemon.out");
    Process p = start(d, daemonOut);
    try {
      if (!DaemonLauncher.awaitSocket(p, socket, STEP_DEADLINE)) {
        throw new TrainingException("the training daemon did not answer on " + socket + " within "
            + STEP_DEADLINE.toSeconds() + " s; its output: " + tail(daemonOut));
      }
      exercise(socket, root);
      List<String> s = new ArrayList<>(List.of(java));
      s.addAll(CommandJvm.baseOptions());
      s.addAll(ClassDataArchive.dumpOptions(commandTmp));
      s.addAll(List.of("-cp", jar.toString(), Main.class.getName(), "status", "--socket", socket.toString(), "--config", "none"));
      Path statusOut = work.resolve("status.out");
      awaitCleanExit(start(s, statusOut), "cached status", statusOut, commandTmp);
      try (CachedClient c = CachedClient.connect(ClientTransport.options(socket, "cached-cds"))) {
        c.shutdown(true);
      }
      awaitCleanExit(p, "the training daemon", daemonOut, daemonTmp);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /** What a client does most: queued writes (some coalesced), a durable write and delete, flush, status. */
  private static void exercise(Path socket, Path root) throws CachedException {
    try (CachedClient c = CachedClient.connect(ClientTransport.options(socket, "cached-cds").root(root))) {
      for (int i = 0; i < 20; i++) {
        c.write("t/" + (i % 5) + ".bin", new byte[i % 2 == 0 ? 4096 : 256 * 1024]);
      }
      c.writeDurable("t/durable.bin", new byte[4096]);
      c.deleteDurable("t/0.bin");
      c.flush();
      c.status();
    }
  }

  private static Process start(List<String> cmd, Path out) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .redirectInput(NullDevice.input());
    pb.environment().keySet().removeIf(k -> k.startsWith("CACHED_")); // the user's settings do not matter here
    return pb.start();
  }

  private static void awaitCleanExit(Process p, String what, Path out, Path archive)
      throws InterruptedException, TrainingException {
    if (!p.waitFor(STEP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new TrainingException(what + " did not exit within " + STEP_DEADLINE.toSeconds() + " s; its output: " + tail(out));
    }
    if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
      throw new TrainingException(what + " exited with code " + p.exitValue()
          + (Files.isRegularFile(archive) ? "" : " without writing " + archive) + "; its output: " + tail(out));
    }
  }

  private List<FileTime> jarTimes() throws IOException {
    List<FileTime> times = new ArrayList<>();
    for (Path j : daemon.jars()) {
      times.add(Files.getLastModifiedTime(j));
    }
    return times;
  }

  private static void removeLeftovers(Path dir) throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "cached-*.jsa.*.tmp")) {
      for (Path p : s) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static String tail(Path out) {
    try {
      String s = Files.readString(out, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "(none)" : s.length() > 1000 ? "…" + s.substring(s.length() - 1000) : s;
    } catch (IOException e) {
      return "(cannot read " + out + ": " + e + ")";
    }
  }

  /**
   * Flushes {@code p} (a file, or a directory's entries) to disk, so that a crash after the rename
   * cannot leave a short archive in place. Best effort: where a read-only handle cannot be flushed
   * (Windows), the rename goes ahead unflushed.
   */
  private static void forceQuietly(Path p) {
    try (FileChannel c = FileChannel.open(p, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException e) {
      // see above
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover temporary archive: the next training removes it
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(ArchiveTraining::deleteQuietly);
    } catch (IOException e) {
      // a leftover temp directory of a few files
    }
  }

  /** A training step failed; the message says which and why. */
  static final class TrainingException extends Exception {
    TrainingException(String message) {
      super(message);
    }
  }
}
