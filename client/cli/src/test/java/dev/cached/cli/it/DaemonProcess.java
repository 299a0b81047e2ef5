package dev.cached.cli.it;

import dev.cached.client.CachedClient;
import dev.cached.client.CachedException;
import dev.cached.client.CachedUnavailableException;
import dev.cached.client.Transport;
import dev.cached.protocol.Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real daemon in a child JVM, started as a user would ({@code cached daemon --socket …
 * --state-dir …}) with the test class path, on a socket in a temp directory.
 */
public final class DaemonProcess implements AutoCloseable {
  private static final Duration START_DEADLINE = Duration.ofSeconds(30);

  private final Path dir;
  private final Path socket;
  private final Path stateDir;
  private final Path output;
  private Process process;
  private Transport transport = Transport.UNIX;

  public DaemonProcess(Path dir) {
    this.dir = dir;
    this.socket = dir.resolve("run").resolve("cached.sock");
    this.stateDir = dir.resolve("state");
    this.output = dir.resolve("daemon-output.txt");
  }

  /** The java command and class path that run {@code cached} in a child JVM. */
  public static List<String> cachedCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx512m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.cached.cli.Main");
    return cmd;
  }

  /** How {@link #client} and {@link #admin} connect (and the start waits): the Unix socket unless told. */
  public DaemonProcess over(Transport t) {
    this.transport = t;
    return this;
  }

  /** The endpoint file beside the socket. */
  public Path endpointFile() {
    return Endpoint.fileOf(socket);
  }

  /** Starts the daemon with extra config flags and environment; returns once its socket answers. */
  public DaemonProcess start(Map<String, String> env, String... extraArgs) throws IOException, InterruptedException {
    List<String> cmd = cachedCommand();
    cmd.add("daemon");
    cmd.add("--socket");
    cmd.add(socket.toString());
    cmd.add("--state-dir");
    cmd.add(stateDir.toString());
    if (!List.of(extraArgs).contains("--config")) {
      cmd.add("--config");
      cmd.add("none"); // never the developer's own config file
    }
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    pb.environment().putAll(env);
    process = pb.start();
    awaitSocket();
    return this;
  }

  public DaemonProcess start(String... extraArgs) throws IOException, InterruptedException {
    return start(Map.of(), extraArgs);
  }

  private void awaitSocket() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_DEADLINE.toNanos();
    long delay = 5;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("daemon exited with " + process.exitValue() + " before answering:\n" + output());
      }
      try (CachedClient c = admin()) {
        c.status();
        return;
      } catch (CachedUnavailableException e) {
        process.waitFor(delay, TimeUnit.MILLISECONDS);
        delay = Math.min(100, delay * 2);
      }
    }
    throw new IOException("daemon did not answer on " + socket + " within " + START_DEADLINE + ":\n" + output());
  }

  public Path socket() {
    return socket;
  }

  public Path stateDir() {
    return stateDir;
  }

  public Path dir() {
    return dir;
  }

  public Process process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /** A client bound to {@code root}. */
  public CachedClient client(Path root) throws CachedException {
    return client(root, false);
  }

  public CachedClient client(Path root, boolean ordered) throws CachedException {
    return CachedClient.connect(CachedClient.options().socket(socket).root(root).ordered(ordered).clientName("test").transport(transport));
  }

  /** An admin connection (no root). */
  public CachedClient admin() throws CachedException {
    return CachedClient.connect(CachedClient.options().socket(socket).clientName("test-admin").transport(transport));
  }

  /** Waits for the process to exit, up to {@code timeout}; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IOException("daemon still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Sends {@code SIG<name>} ({@code "INT"}, {@code "TERM"}) with {@code kill}. */
  public void signal(String name) throws IOException, InterruptedException {
    Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!k.waitFor(30, TimeUnit.SECONDS) || k.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** The instance lock file beside the socket. */
  public Path lockFile() {
    return socket.resolveSibling(socket.getFileName() + ".lock");
  }

  /** SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Everything the daemon printed so far. */
  public String output() {
    try {
      return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(cannot read output: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
