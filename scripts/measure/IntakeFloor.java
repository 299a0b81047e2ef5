import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cached.client.CachedClient;
import dev.cached.daemon.write.PathGuard;
import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.FrameEncoder;
import dev.cached.protocol.HeaderReader;
import dev.cached.protocol.Json;
import dev.cached.protocol.Request;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a socket thread spends per pipelined 4 KiB write on this machine with Netty (epoll, Unix
 * socket) and without the daemon's own work, beside what the daemon's socket thread spends on the
 * same bytes. One sender writes the same pre-encoded frames to each, in 64 KiB chunks.
 *
 * <ul>
 *   <li>{@code floor}: frames split by their length prefix, the header skipped, the payload
 *       copied into a direct buffer of its size from an allocator set up like the daemon's, and
 *       released by a second thread (as the daemon's writer does); one small answer per read.
 *   <li>{@code floor+header}: the same, with the header read by the daemon's own {@code
 *       HeaderReader} (its streaming parse).
 *   <li>{@code floor+header+path}: the same, with the path confined under ROOT by the daemon's
 *       own {@code PathGuard.resolve}: the least a daemon keeping the protocol's contract does.
 *   <li>{@code daemon}: a running daemon (hello with batched acknowledgements, then the frames).
 * </ul>
 *
 * The socket threads' CPU comes from their thread CPU clocks: {@code ThreadMXBean} here, the
 * daemon's status {@code ioCpuNanos} (as {@code cached bench}'s intake column) there. Three
 * rounds first warm the JIT up, unprinted. Linux only (epoll). Run from the repository after
 * {@code mvn package}:
 *
 * <pre>
 * java -cp client/cli/target/cached.jar scripts/measure/IntakeFloor.java SOCKET ROOT [WRITES] [ROUNDS]
 * </pre>
 *
 * where SOCKET is a running daemon's socket and ROOT a directory it may write under (tmpfs keeps
 * the disk out of it). Prints µs of socket-thread CPU per write for each, round by round,
 * then each one's median and range.
 */
public final class IntakeFloor {
  private static final int SIZE = 4096;

  public static void main(String[] a) throws Exception {
    Path daemonSocket = Path.of(a[0]);
    Path root = Path.of(a[1]);
    int n = a.length > 2 ? Integer.parseInt(a[2]) : 20_000;
    int rounds = a.length > 3 ? Integer.parseInt(a[3]) : 5;
    CachedClient admin = CachedClient.connect(CachedClient.options().socket(daemonSocket).clientName("intake-floor"));
    double[][] results = new double[4][rounds];
    int warmUp = 3; // rounds that let the JIT compile the floor servers' code; not printed
    for (int r = 1 - warmUp; r <= rounds; r++) {
      double plain = floor(n, Work.FRAME, root, r);
      double parsed = floor(n, Work.HEADER, root, r);
      double confined = floor(n, Work.PATH, root, r);
      double daemon = daemon(admin, daemonSocket, root, n, r);
      if (r >= 1) {
        System.out.printf("round %d: floor %.2f, floor+header %.2f, floor+header+path %.2f, daemon %.2f µs of socket-thread CPU per write%n",
            r, plain, parsed, confined, daemon);
        for (int i = 0; i < 4; i++) {
          results[i][r - 1] = new double[] {plain, parsed, confined, daemon}[i];
        }
      }
    }
    String[] names = {"floor", "floor+header", "floor+header+path", "daemon"};
    for (int i = 0; i < 4; i++) {
      double[] v = results[i].clone();
      java.util.Arrays.sort(v);
      System.out.printf("%s: median %.2f, range %.2f-%.2f µs%n", names[i], v[v.length / 2], v[0], v[v.length - 1]);
    }
    admin.close();
  }

  /** The frames of round {@code r}: {@code n} writes of 4 KiB to distinct paths. */
  private static byte[] frames(int n, int r) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(n * (SIZE + 100));
    byte[] payload = new byte[SIZE];
    java.util.Arrays.fill(payload, (byte) 'x');
    for (int i = 0; i < n; i++) {
      ObjectNode h = Json.object().put("op", "write").put("id", i + 1).put("path", "floor/" + r + "/" + i);
      ByteBuffer head = FrameEncoder.head(h, SIZE);
      out.write(head.array(), head.arrayOffset() + head.position(), head.remaining());
      out.write(payload, 0, SIZE);
    }
    return out.toByteArray();
  }

  private static void send(SocketChannel ch, byte[] bytes) throws Exception {
    for (int off = 0; off < bytes.length; off += 65536) {
      ByteBuffer b = ByteBuffer.wrap(bytes, off, Math.min(65536, bytes.length - off));
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /** What a floor server does with a frame besides reading it and copying its payload. */
  enum Work {
    /** Frames split by their length prefix, the header skipped. */
    FRAME,
    /** The header read by the daemon's {@code HeaderReader}. */
    HEADER,
    /** That, and the path confined under the root by the daemon's {@code PathGuard.resolve}. */
    PATH
  }

  /** The floor server: µs of its socket thread per write. */
  private static double floor(int n, Work work, Path root, int r) throws Exception {
    byte[] bytes = frames(n, r);
    Path sock = Files.createTempDirectory("floor").resolve("s");
    ByteBufAllocator alloc = new PooledByteBufAllocator(true, 0, 1, 8192, 5, 0, 0, false);
    BlockingQueue<ByteBuf> written = new ArrayBlockingQueue<>(n + 1);
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < n; i++) {
          written.take().release();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "floor-writer");
    writer.start();
    CountDownLatch all = new CountDownLatch(1);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, (java.util.concurrent.ThreadFactory) r2 -> new Thread(r2, "floor-io"), EpollIoHandler.newFactory());
    try {
      new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
          .childOption(ChannelOption.ALLOCATOR, alloc)
          .childHandler(new ChannelInitializer<EpollDomainSocketChannel>() {
            @Override
            protected void initChannel(EpollDomainSocketChannel ch) {
              ch.pipeline().addLast(new Floor(n, work, root, written, all));
            }
          })
          .bind(new DomainSocketAddress(sock.toString())).sync();
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(sock));
        Thread drain = drainer(ch);
        send(ch, bytes);
        if (!all.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("floor: not every frame arrived");
        }
        ch.shutdownOutput();
        drain.join();
      }
      writer.join();
      return (Floor.end - Floor.start) / 1000.0 / n;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      Files.deleteIfExists(sock);
      Files.deleteIfExists(sock.getParent());
    }
  }

  /** Reads and drops whatever the server answers, until it closes. */
  private static Thread drainer(SocketChannel ch) {
    Thread t = new Thread(() -> {
      ByteBuffer b = ByteBuffer.allocate(65536);
      try {
        while (ch.read(b.clear()) >= 0) {
          // answers are not looked at
        }
      } catch (Exception e) {
        // closed
      }
    }, "floor-drain");
    t.start();
    return t;
  }

  /** Splits frames, optionally parses headers, copies payloads, answers each read with a few bytes. */
  private static final class Floor extends ChannelInboundHandlerAdapter {
    static volatile long start;
    static volatile long end;
    private final int n;
    private final Work work;
    private final Path root;
    private final BlockingQueue<ByteBuf> written;
    private final CountDownLatch all;
    private final HeaderReader headers = new HeaderReader(65536, 64L << 20);
    private final ByteBuffer length = ByteBuffer.allocate(4);
    private int headerLeft = -1;
    private ByteBuf payload;
    private int frames;

    Floor(int n, Work work, Path root, BlockingQueue<ByteBuf> written, CountDownLatch all) {
      this.n = n;
      this.work = work;
      this.root = root;
      this.written = written;
      this.all = all;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      ByteBuf in = (ByteBuf) msg;
      if (frames == 0 && start == 0) {
        start = cpuNanos();
      }
      try {
        while (in.isReadable()) {
          if (payload == null) {
            if (work != Work.FRAME) {
              ByteBuffer view = in.nioBuffer(in.readerIndex(), in.readableBytes());
              int before = view.position();
              HeaderReader.Header h = headers.readHeader(view);
              in.skipBytes(view.position() - before);
              if (h == null) {
                break;
              }
              if (work == Work.PATH) {
                Request.Write w = (Request.Write) h.request();
                PathGuard.resolve(root, w.path(), 4096, w.id());
              }
            } else {
              while (length.hasRemaining() && in.isReadable()) {
                length.put(in.readByte());
              }
              if (length.hasRemaining()) {
                break;
              }
              if (headerLeft < 0) {
                headerLeft = length.getInt(0);
              }
              int skip = Math.min(headerLeft, in.readableBytes());
              in.skipBytes(skip);
              headerLeft -= skip;
              if (headerLeft > 0) {
                break;
              }
              headerLeft = -1;
              length.clear();
            }
            payload = ctx.alloc().directBuffer(SIZE, SIZE);
          }
          payload.writeBytes(in, Math.min(in.readableBytes(), SIZE - payload.writerIndex()));
          if (payload.writerIndex() == SIZE) {
            written.add(payload);
            payload = null;
            if (++frames == n) {
              end = cpuNanos();
              all.countDown();
            }
          }
        }
      } finally {
        in.release();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.writeAndFlush(ctx.alloc().directBuffer(48).writeZero(48)); // about the size of a "through" answer
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      headers.release();
      start = 0;
    }
  }

  /** This thread's CPU time (the clock the daemon's status reads for {@code ioCpuNanos}). */
  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /**
   * The daemon's socket thread: µs of its CPU per write over one round of the same frames, from
   * status {@code ioCpuNanos} before and after (as {@code cached bench}'s intake column).
   */
  private static double daemon(CachedClient admin, Path sock, Path root, int n, int r) throws Exception {
    byte[] bytes = frames(n, r);
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(sock));
      send(ch, bytes(FrameEncoder.encode(Frame.of(Json.object().put("op", "hello").put("id", 0).put("protocol", 1)
          .put("client", "intake-floor").put("root", root.toString()).put("acks", "batch")))));
      Answers answers = new Answers(ch);
      ObjectNode h = answers.next();
      if (!h.path("ok").asBoolean() || !"batch".equals(h.path("acks").asText())) {
        throw new IllegalStateException("hello: " + h);
      }
      long before = admin.status().path("ioCpuNanos").asLong();
      Thread sender = new Thread(() -> {
        try {
          send(ch, bytes);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, "daemon-sender");
      sender.start();
      while (true) {
        ObjectNode ack = answers.next();
        if (!ack.path("ok").asBoolean()) {
          throw new IllegalStateException("refused: " + ack);
        }
        if (ack.path("id").asLong() == n) {
          break;
        }
      }
      long after = admin.status().path("ioCpuNanos").asLong();
      sender.join();
      return (after - before) / 1000.0 / n;
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** Answer headers from a connection, through the protocol's own decoder. */
  private static final class Answers {
    private final SocketChannel ch;
    private final FrameDecoder decoder = new FrameDecoder(65536, 0);
    private final ByteBuffer in = ByteBuffer.allocate(65536).flip();

    Answers(SocketChannel ch) {
      this.ch = ch;
    }

    ObjectNode next() throws Exception {
      while (true) {
        Frame f = decoder.decode(in);
        if (f != null) {
          return f.header();
        }
        in.compact();
        if (ch.read(in) < 0) {
          throw new java.io.EOFException("the daemon closed the connection");
        }
        in.flip();
      }
    }
  }
}
