package dev.cached.daemon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.config.LoadedConfig;
import dev.cached.fs.emulation.RandomScanner;
import dev.cached.daemon.janitor.KnownRoots;
import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.janitor.TempSweeper;
import dev.cached.daemon.lifecycle.IdleWatch;
import dev.cached.daemon.lifecycle.InstanceLock;
import dev.cached.daemon.lifecycle.LogSetup;
import dev.cached.daemon.lifecycle.OutputCapture;
import dev.cached.daemon.lifecycle.SignalTrap;
import dev.cached.daemon.lifecycle.SocketPlace;
import dev.cached.daemon.lifecycle.StartupException;
import dev.cached.daemon.memory.HeapTrim;
import dev.cached.daemon.memory.NativeTrim;
import dev.cached.daemon.server.DaemonServer;
import dev.cached.daemon.server.NettyDefaults;
import dev.cached.daemon.server.RootPolicy;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.Breakers;
import dev.cached.daemon.write.IntakeFirst;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.WriterHold;
import dev.cached.daemon.write.WriterPool;
import dev.cached.daemon.write.ReleaseBehind;
import dev.cached.daemon.write.WriteOp;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.fs.FileOps;
import dev.cached.fs.RealFileOps;
import dev.cached.fs.Ticker;
import dev.cached.protocol.Json;
import dev.cached.protocol.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's lifecycle: start (private directories, the instance lock, a stale socket replaced,
 * bind, the start-up sweep), serve, and shut down (drain with a deadline, or stop now), removing
 * the socket, the endpoint file and the lock on every way out that the JVM gets to run code for.
 *
 * <p>Ways out, and the exit code {@link #awaitExit} returns: {@code cached stop}, SIGTERM, a first
 * SIGINT and the idle timeout drain (0; 1 when the drain deadline passed and ops were dropped); a
 * second SIGINT during a drain stops at once (130); {@code cached stop --now} stops after the steps
 * in progress (0). SIGKILL or a crash leaves the socket, endpoint file and lock file behind, and the
 * next start replaces them (the OS lock itself dies with the process).
 *
 * <p>Concurrency: {@link #start} runs once on the caller's thread; {@link #shutdown} may be called
 * from any thread any number of times, and the first call wins; {@link #awaitExit} blocks until the
 * shutdown has finished.
 */
public final class Daemon {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  /**
   * Threads that free replaced files' old versions ({@link ReleaseBehind}): they mostly wait for the
   * device, so two overlap two such waits without taking a core from the socket thread.
   */
  private static final int RELEASE_THREADS = 2;
  /** Old versions waiting to be freed, at most: 64 open files, and their space on disk a moment longer. */
  private static final int RELEASE_CAPACITY = 64;

  private final CachedConfig config;
  private final LoadedConfig loaded;
  private final FileOps fs;
  private final Ticker ticker = Ticker.system();
  private final long startedNanos = ticker.nanos();
  private final Instant startedAt = Instant.now();
  private final Stats stats = new Stats();
  private final AtomicBoolean shuttingDown = new AtomicBoolean();
  private final CountDownLatch exited = new CountDownLatch(1);
  private final CompletableFuture<Void> abort = new CompletableFuture<>();
  private final AtomicInteger interrupts = new AtomicInteger();

  private InstanceLock lock;
  private WriterPool writers;
  private ReleaseBehind releaseBehind;
  private ScheduledThreadPoolExecutor timer;
  private LazyDeleter lazy;
  private KnownRoots knownRoots;
  private WriteScheduler scheduler;
  private DaemonServer server;
  private PendingBytes pendingBytes;
  private WriterHold writerHold;
  private volatile TempSweeper.Result lastSweep;
  private volatile int exitCode;

  private Daemon(LoadedConfig loaded, FileOps fs) {
    this.loaded = loaded;
    this.config = loaded.config();
    this.fs = fs;
  }

  /** How the daemon was started, for logging. */
  public enum Mode {
    FOREGROUND,
    BACKGROUND
  }

  /**
   * Starts a daemon on the config's socket and returns once it accepts connections.
   *
   * @param wrapFs lets a diagnostic or test wrap the real file operations (the fault-injection seam)
   * @throws StartupException with a message that says what is wrong and how to fix it
   */
  public static Daemon start(LoadedConfig loaded, Mode mode, Function<FileOps, FileOps> wrapFs)
      throws StartupException {
    NettyDefaults.apply(); // before anything touches Netty
    CachedConfig config = loaded.config();
    SocketPlace.preparePrivateDir(config.stateDir());
    LogSetup.configure(config.stateDir(), config.logLevel(), config.logMaxFileSize(), config.logMaxHistory(), mode == Mode.FOREGROUND);
    Daemon d = new Daemon(loaded, wrapFs.apply(diagnosticFaults(config, RealFileOps.INSTANCE)));
    try {
      d.run();
    } catch (StartupException e) {
      LOG.error("start failed: {}", e.getMessage());
      d.release();
      throw e;
    }
    if (mode == Mode.BACKGROUND) {
      // Only now: a start failure above must still reach the spawner's output file on stderr.
      OutputCapture.install();
    }
    return d;
  }

  /**
   * The {@code faults.*} diagnostic: with {@code faults.holdShare > 0}, an emulated scanner holds
   * that share of replace targets for {@code faults.holdTime}, Windows-style, so the retry path runs
   * on any platform. Off by default; never for normal use.
   */
  private static FileOps diagnosticFaults(CachedConfig config, FileOps real) {
    if (config.faultHoldShare() <= 0) {
      return real;
    }
    LOG.warn("faults: DIAGNOSTIC emulated scanner holds {} of replace targets for {} ms each (faults.holdShare)",
        config.faultHoldShare(), config.faultHoldTime().toMillis());
    return RandomScanner.wrap(real, Ticker.system(), config.faultHoldShare(), config.faultHoldTime(), System.nanoTime());
  }

  private void run() throws StartupException {
    Path socket = config.socket();
    SocketPlace.preparePrivateDir(socket.getParent());
    lock = InstanceLock.acquire(socket);
    Listening.removeStale(socket);
    timer = new ScheduledThreadPoolExecutor(1, named("cached-timer"));
    timer.setRemoveOnCancelPolicy(true);
    lazy = new LazyDeleter(fs, 100_000);
    knownRoots = new KnownRoots(config.stateDir());
    pendingBytes = new PendingBytes(config.maxPendingBytes());
    releaseBehind = new ReleaseBehind(RELEASE_THREADS, RELEASE_CAPACITY);
    IntakeFirst intakeFirst = new IntakeFirst(
        config.intakeFirst(), pendingBytes::bytes,
        config.maxPendingBytes(), System::nanoTime);
    writerHold = new WriterHold(pendingBytes::paused, System::nanoTime);
    writers = new WriterPool(config.writerThreads(), named("cached-writer-"), writerHold, intakeFirst);
    scheduler = new WriteScheduler(
        fs, writers,
        (task, nanos) -> {
          java.util.concurrent.ScheduledFuture<?> f = timer.schedule(() -> writers.execute(task), nanos, TimeUnit.NANOSECONDS);
          return () -> f.cancel(false);
        },
        ticker, config.retry(), config.fsync(),
        new Breakers(config.breakerThreshold(), config.breakerProbeFirst(), config.breakerProbeCap()),
        lazy, stats, pendingBytes, releaseBehind);
    server = new DaemonServer(config, Version.get(), scheduler, stats, pendingBytes, intakeFirst,
        new RootPolicy(Path.of(System.getProperty("user.home")), config.allowedRoots()), ownUid(), new Hooks());
    try {
      Listening.open(server, config);
    } catch (StartupException e) {
      server.close();
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::onJvmExit, "cached-shutdown-hook"));
    SignalTrap.install("TERM", this::onTerm);
    SignalTrap.install("INT", this::onInterrupt);
    watchIdle();
    timer.scheduleWithFixedDelay(() -> lazy.retry(), 1, 1, TimeUnit.SECONDS);
    timer.scheduleWithFixedDelay(
        new HeapTrim(() -> scheduler.outstandingCount() == 0, stats::acceptedBytes, 32L << 20, HeapTrim.QUIET, HeapTrim.MAX_GAP,
            System::nanoTime, HeapTrim::collect, NativeTrim.jvm()),
        1, 1, TimeUnit.SECONDS);
    FileTime before = FileTime.from(startedAt);
    writers.execute(() -> lastSweep = new TempSweeper(fs, lazy).sweep(knownRoots.all(), before));
    loaded.entries().forEach(e -> LOG.info("config: {} = {} ({})", e.key(), e.value(), e.source()));
    LOG.info("cached {} started: pid {}, socket {}, state {}, {} writer threads, fsync {}",
        Version.get(), ProcessHandle.current().pid(), socket, config.stateDir(), config.writerThreads(), config.fsync().wire());
  }

  /** Blocks until the daemon has shut down; returns its exit code. */
  public int awaitExit() throws InterruptedException {
    exited.await();
    return exitCode;
  }

  /** Starts a shutdown on its own thread; the first call wins. */
  public void shutdown(boolean drain) {
    if (shuttingDown.compareAndSet(false, true)) {
      Thread t = new Thread(() -> stop(drain), "cached-shutdown");
      t.setDaemon(false);
      t.start();
    }
  }

  private void onTerm() {
    LOG.info("SIGTERM: draining before exit");
    shutdown(true);
  }

  private void onInterrupt() {
    if (interrupts.incrementAndGet() == 1) {
      LOG.info("SIGINT: draining before exit (interrupt again to stop at once)");
      shutdown(true);
    } else {
      LOG.warn("SIGINT again: stopping at once");
      exitCode = 130;
      abort.complete(null);
      shutdown(false);
    }
  }

  private void watchIdle() {
    if (config.idleTimeout().isZero()) {
      return;
    }
    IdleWatch idle = new IdleWatch(ticker, config.idleTimeout(),
        () -> server.connectionCount() > 0 || scheduler.outstandingCount() > 0);
    long period = IdleWatch.period(config.idleTimeout()).toNanos();
    timer.scheduleWithFixedDelay(() -> {
      if (idle.check() && !shuttingDown.get()) {
        LOG.info("idle for {} ms (idleTimeout {}): exiting", idle.idleFor().toMillis(), config.idleTimeout());
        shutdown(true);
      }
    }, period, period, TimeUnit.NANOSECONDS);
  }

  /**
   * The JVM is exiting for a reason the traps above did not see (SIGHUP, an untrapped signal, an
   * exit elsewhere): drain, then clean up, before the JVM goes.
   */
  private void onJvmExit() {
    if (shuttingDown.compareAndSet(false, true)) {
      LOG.info("JVM exit: draining before exit");
      stop(true);
    } else {
      try {
        exited.await(config.drainTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void stop(boolean drain) {
    long t0 = ticker.nanos();
    server.stopAccepting();
    writerHold.releaseAll(); // a drain must write, and dropped work need not wait
    if (drain) {
      int pending = scheduler.outstandingCount();
      LOG.info("shutdown: draining {} pending ops (deadline {} ms)", pending, config.drainTimeout().toMillis());
      try {
        CompletableFuture.anyOf(scheduler.barrier(), abort).get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (abort.isDone()) {
          LOG.warn("shutdown: drain cut short with {} ops pending; they are dropped", scheduler.outstandingCount());
        }
      } catch (TimeoutException e) {
        LOG.warn("shutdown: drain deadline passed with {} ops still pending; they are dropped", scheduler.outstandingCount());
        exitCode = 1;
      } catch (ExecutionException e) {
        LOG.warn("shutdown: drain failed: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      LOG.info("shutdown: stopping now; {} pending ops dropped", scheduler.outstandingCount());
    }
    server.close();
    writers.shutdown();
    timer.shutdownNow();
    try {
      if (!writers.awaitTermination(abort.isDone() ? 1 : 10, TimeUnit.SECONDS)) {
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (WriteOp op : scheduler.outstanding()) {
      LOG.warn("shutdown: dropped {} {}", op.opName(), op.target());
    }
    releaseBehind.close();
    int left = lazy.retry();
    if (left > 0) {
      lazy.snapshot().forEach((p, why) -> LOG.warn("shutdown: could not remove temp {} ({})", p, why));
    }
    release();
    LOG.info("shutdown: done in {} ms", (ticker.nanos() - t0) / 1_000_000);
    exited.countDown();
  }

  private void release() {
    if (lock == null) {
      return; // never took the instance lock: the socket, if any, is another daemon's
    }
    Listening.remove(config.socket());
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("shutdown: cannot remove lock: {}", e.toString());
    }
  }

  /** The status object (see README: "Status fields"). */
  public ObjectNode status() {
    long now = ticker.nanos();
    ObjectNode s = Json.object();
    s.put("version", Version.get());
    s.put("pid", ProcessHandle.current().pid());
    s.put("startedAt", startedAt.toString());
    s.put("uptimeMillis", (now - startedNanos) / 1_000_000);
    s.put("socket", config.socket().toString());
    s.put("stateDir", config.stateDir().toString());
    s.put("logFile", LogSetup.logFile(config.stateDir()).toString());
    s.put("transport", server.usesEpoll() ? "epoll" : "nio");
    s.set("listeners", server.describeListeners());
    s.put("ioCpuNanos", server.ioCpuNanos());
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    s.put("jitMillis", jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1);
    s.put("shuttingDown", shuttingDown.get());
    s.set("connections", server.describeConnections());
    WorkStatus.put(s, now, scheduler, pendingBytes, writerHold, lazy, lastSweep);
    s.set("totals", stats.totals());
    s.set("roots", stats.rootsJson());
    s.set("latency", stats.latencyJson());
    s.set("config", loaded.toJson());
    return s;
  }

  private final class Hooks implements DaemonServer.Hooks {
    @Override
    public ObjectNode status() {
      return Daemon.this.status();
    }

    @Override
    public void shutdown(boolean drain) {
      Daemon.this.shutdown(drain);
    }

    @Override
    public boolean shuttingDown() {
      return shuttingDown.get();
    }

    @Override
    public WriterHold writerHold() {
      return writerHold;
    }

    @Override
    public void rememberRoot(Path root) {
      if (knownRoots.add(root)) {
        LOG.info("new root {}", root);
      }
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
      t.setDaemon(true);
      return t;
    };
  }

  private static long ownUid() {
    try {
      Object uid = Files.getAttribute(Path.of(System.getProperty("user.home")).getFileSystem().getPath("/proc/self"), "unix:uid");
      return ((Number) uid).longValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }
}
