package dev.cached.daemon.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.config.CachedConfig;
import dev.cached.config.ConfigLoader;
import dev.cached.daemon.janitor.LazyDeleter;
import dev.cached.daemon.stats.Stats;
import dev.cached.daemon.write.Breakers;
import dev.cached.daemon.write.IntakeFirst;
import dev.cached.daemon.write.PendingBytes;
import dev.cached.daemon.write.ReleaseBehind;
import dev.cached.daemon.write.WriteScheduler;
import dev.cached.daemon.write.WriterHold;
import dev.cached.fs.FsyncPolicy;
import dev.cached.fs.RetryPolicy;
import dev.cached.fs.emulation.SharingEmulation;
import dev.cached.fs.fakes.FakeTime;
import dev.cached.fs.fakes.ManualExecutor;
import dev.cached.fs.fakes.MemoryFileOps;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.Json;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection's real pipeline on an {@link EmbeddedChannel}, in front of a real {@link
 * WriteScheduler} on fakes only (memory files under the Windows sharing emulation, a fake clock, a
 * manual executor). The test's thread plays the socket, the event loop and the writer threads.
 */
final class PipelineRig {
  static final Path ROOT = Path.of("/mem/root");

  final FakeTime time = new FakeTime();
  final ManualExecutor writers = new ManualExecutor();
  final MemoryFileOps disk = new MemoryFileOps(ROOT);
  final SharingEmulation fs = new SharingEmulation(disk, time);
  final Stats stats = new Stats();
  final PendingBytes pending = new PendingBytes(1L << 40);
  final WriterHold hold = new WriterHold(pending::paused, time::nanos);
  final WriteScheduler scheduler;
  final CachedConfig config;
  final AtomicBoolean shuttingDown = new AtomicBoolean();
  final EmbeddedChannel channel;
  private final ConnectionSetup setup;
  final RefusalLog refusals;
  final IntakeFirst intake;
  /** The channels' clock: their hello and frame timers. */
  private final MockTicker clock = Ticker.newMockTicker();
  private long nextId = 1;

  /** {@code settings}: config keys and values over the defaults, e.g. {@code "maxPendingRequests", "2"}. */
  PipelineRig(String... settings) {
    this(null, settings);
  }

  /** The TCP listener's pipeline, whose connections must present {@code cookie}. */
  static PipelineRig tcp(String cookie, String... settings) {
    return new PipelineRig(cookie, settings);
  }

  private PipelineRig(String cookie, String[] settings) {
    Map<String, String> flags = new HashMap<>();
    flags.put(ConfigLoader.CONFIG_FLAG, ConfigLoader.NO_FILE);
    for (int i = 0; i < settings.length; i += 2) {
      flags.put(settings[i], settings[i + 1]);
    }
    try {
      config = ConfigLoader.load(flags, Map.of());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    scheduler = new WriteScheduler(fs, writers, time, time, RetryPolicy.DAEMON_DEFAULT, FsyncPolicy.NONE,
        new Breakers(3, Duration.ofSeconds(1), Duration.ofSeconds(8)), new LazyDeleter(fs, 1000), stats, pending,
        new ReleaseBehind(0, 1));
    ServerContext context = new ServerContext(config, "test", scheduler, stats,
        new RootPolicy(Path.of("/mem/home"), List.of()), new Hooks());
    refusals = new RefusalLog(time::nanos);
    // Told of every read, as in the daemon; the rig's writers are not wrapped (a fake clock never
    // lets a waiting writer go), so only the marking is exercised here.
    intake = new IntakeFirst(config.intakeFirst(), pending::bytes, config.maxPendingBytes(), time::nanos);
    Admission admission = new Admission(config, stats, pending, shuttingDown::get, refusals, intake);
    CookieGate gate = cookie == null ? null : new CookieGate(cookie, config.maxPayload(), stats, refusals);
    this.setup = new ConnectionSetup(context, admission, null, gate);
    channel = onMockClock(setup);
  }

  /**
   * A channel on {@link #clock}, which moves only by {@link #advance}. (On Netty's own embedded
   * clock, real time runs underneath: a test thread paused for a millisecond under load fired a
   * 2 s timer after {@code advance(1999)}.)
   */
  private EmbeddedChannel onMockClock(ConnectionSetup setup) {
    return EmbeddedChannel.builder().handlers(setup).ticker(clock).build();
  }

  /** A request header: {@code op}, a fresh id, then field/value pairs. */
  ObjectNode request(String op, Object... fields) {
    ObjectNode h = Json.object();
    h.put("op", op);
    h.put("id", nextId++);
    for (int i = 0; i < fields.length; i += 2) {
      h.set((String) fields[i], Json.mapper().valueToTree(fields[i + 1]));
    }
    return h;
  }

  ObjectNode hello(boolean ordered) {
    return request("hello", "protocol", Protocol.VERSION, "client", "rig", "root", ROOT.toString(), "ordered", ordered);
  }

  /** Sends {@code header} as one frame (no payload). */
  PipelineRig send(ObjectNode header) {
    return sendBytes(bytes(FrameEncoder.head(header, 0)));
  }

  /** Sends a write of {@code content} to {@code path}. */
  PipelineRig write(String path, String content, String ack) {
    byte[] data = content.getBytes(StandardCharsets.UTF_8);
    ObjectNode h = request("write", "path", path, "size", data.length, "ack", ack);
    ByteBuf buf = Unpooled.buffer();
    buf.writeBytes(FrameEncoder.head(h, data.length));
    buf.writeBytes(data);
    channel.writeInbound(buf);
    return this;
  }

  PipelineRig sendBytes(byte[] raw) {
    channel.writeInbound(Unpooled.wrappedBuffer(raw));
    return this;
  }

  /** A second connection to the same daemon (same admission, scheduler and config). */
  EmbeddedChannel connectAnother() {
    return onMockClock(setup);
  }

  /** Every answer written so far, in order. */
  List<ObjectNode> answers() {
    return answers(channel);
  }

  /** Every answer written so far on {@code channel}, in order; one frame per outbound buffer. */
  static List<ObjectNode> answers(EmbeddedChannel channel) {
    FrameDecoder answers = new FrameDecoder(Protocol.MAX_HEADER, 0);
    channel.runPendingTasks();
    List<ObjectNode> out = new ArrayList<>();
    for (ByteBuf b; (b = channel.readOutbound()) != null; ) {
      try {
        Frame f = answers.decode(b.nioBuffer());
        if (f == null) {
          throw new AssertionError("partial answer frame");
        }
        out.add(f.header());
      } catch (ProtocolException e) {
        throw new AssertionError(e);
      } finally {
        b.release();
      }
    }
    return out;
  }

  /** The single answer written since the last call. */
  ObjectNode answer() {
    List<ObjectNode> a = answers();
    if (a.size() != 1) {
      throw new AssertionError("expected one answer, got " + a);
    }
    return a.get(0);
  }

  /** Moves the channel's clock: its timers (hello, frame) fire. */
  void advance(long millis) {
    clock.advance(millis, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
  }

  /** Runs every queued file-system step, retries included, for up to {@code millis} of fake time. */
  void runWriters(long millis) {
    writers.runAll();
    for (long t = 0; t < millis; t += 10) {
      time.advance(Duration.ofMillis(10), writers::runAll);
      writers.runAll();
    }
  }

  String read(String path) {
    byte[] b = disk.read(ROOT.resolve(path));
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static String code(ObjectNode answer) {
    return answer.path("error").path("code").asText(null);
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.get(a);
    return a;
  }

  private final class Hooks implements DaemonServer.Hooks {
    @Override
    public ObjectNode status() {
      return Json.object().put("rig", true);
    }

    @Override
    public void shutdown(boolean drain) {
      shuttingDown.set(true);
    }

    @Override
    public boolean shuttingDown() {
      return shuttingDown.get();
    }

    @Override
    public WriterHold writerHold() {
      return hold;
    }

    @Override
    public void rememberRoot(Path root) {}
  }
}
