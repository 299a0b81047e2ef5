package dev.cached.cli.bench;

import dev.cached.cli.ClientTransport;
import dev.cached.cli.DaemonLauncher;
import dev.cached.client.CachedClient;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import dev.cached.protocol.Request;
import dev.cached.protocol.Responses;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A daemon the benchmark starts for itself, in its own directory, and stops at the end. */
final class BenchDaemon implements AutoCloseable {
  final Path socket;
  final long pid;
  final double startMillis;
  private final Process process;
  /**
   * Stops the daemon when the benchmark is stopped (Ctrl-C, a kill) before {@link #close}: it was
   * started with no idle timeout, on a socket in a directory nobody looks at, and stayed running.
   * Registered as soon as the daemon is spawned, before its socket answers.
   */
  private final Thread stopOnExit;

  private BenchDaemon(Path socket, Process process, Thread stopOnExit, double startMillis) {
    this.socket = socket;
    this.process = process;
    this.stopOnExit = stopOnExit;
    this.pid = process.pid();
    this.startMillis = startMillis;
  }

  /** A shutdown hook that stops {@code p}; when the JVM is exiting already, stops it now. */
  private static Thread stopOnExit(Process p) {
    Thread hook = new Thread(() -> stopNow(p), "cached-bench-daemon-stop");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      stopNow(p);
    }
    return hook;
  }

  private static void stopNow(Process p) {
    p.destroy(); // SIGTERM: the daemon stops as for `cached stop`
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
    }
  }

  private static void forget(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException exiting) {
      // the JVM is exiting: the hook stops the daemon
    }
  }

  /**
   * Starts a daemon under {@code dir} with extra environment (fault injection) and config keys given
   * as flags ({@code cached bench --daemon-config}); returns once its socket answers.
   */
  static BenchDaemon start(Path dir, Map<String, String> env, Map<String, String> config) throws Exception {
    Path socket = dir.resolve("run").resolve("cached.sock");
    Map<String, String> flags = new LinkedHashMap<>(config);
    flags.put("socket", socket.toString());
    flags.put("stateDir", dir.resolve("state").toString());
    flags.put("config", "none");
    if (ClientTransport.needsTcp()) {
      flags.put("listen", "unix,tcp");
    }
    java.nio.file.Files.createDirectories(dir);
    warmClientPath(dir);
    long t0 = System.nanoTime();
    Process p = DaemonLauncher.spawn(flags, env, dir.resolve("daemon-output.txt"));
    Thread hook = stopOnExit(p);
    if (!DaemonLauncher.awaitSocket(p, socket, Duration.ofSeconds(30))) {
      p.destroyForcibly();
      forget(hook);
      throw new IOException("bench daemon did not start: " + tail(dir.resolve("daemon-output.txt")));
    }
    return new BenchDaemon(socket, p, hook, (System.nanoTime() - t0) / 1e6);
  }

  /** The last lines of the daemon's output, for the error: the work directory is removed afterwards. */
  private static String tail(Path output) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(output);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    } catch (IOException e) {
      return "no output (" + e.getMessage() + ")";
    }
  }

  /**
   * Runs the client side of a hello once before the clock starts (JSON both ways, a Unix socket
   * connect that finds nobody): the start time is the daemon's, not the first use of Jackson and
   * of Unix sockets in this JVM, which took about 300 ms here.
   */
  private static void warmClientPath(Path dir) throws IOException {
    Request hello = new Request.Hello(0, Protocol.VERSION, "cached-bench", ProcessHandle.current().pid(), null, false);
    try {
      Responses.hello(new FrameDecoder(Protocol.MAX_HEADER, 0).decode(FrameEncoder.head(hello.header(), 0)).header());
    } catch (ProtocolException e) {
      throw new IOException("bench: the client's own hello frame did not decode: " + e.getMessage(), e);
    }
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(dir.resolve("nobody.sock")));
    } catch (IOException expected) {
      // nothing listens there: only the classes of a connect were wanted
    }
  }

  @Override
  public void close() throws IOException {
    forget(stopOnExit);
    try (CachedClient c = CachedClient.connect(ClientTransport.options(socket, "cached-bench"))) {
      c.shutdown(false);
    } catch (IOException e) {
      process.destroy();
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
