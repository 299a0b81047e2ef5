package dev.cached.cli.it;

import dev.cached.protocol.Frame;
import dev.cached.protocol.FrameDecoder;
import dev.cached.protocol.ProtocolException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Many connections that never say hello: counts how many were refused BUSY and waits until all are closed. */
final class SilentFlood {
  /** What became of the flood: refused with a BUSY frame, closed without a word, still open at the deadline. */
  record Result(int busy, int closedSilently, int stillOpen, List<String> otherAnswers) {}

  private SilentFlood() {}

  /** Opens a connected channel. */
  interface Opener {
    SocketChannel open() throws IOException;
  }

  static Result run(Path socket, int connections, Duration deadline) throws IOException {
    return run(() -> RawConnection.unix(socket), connections, deadline);
  }

  static Result run(Opener opener, int connections, Duration deadline) throws IOException {
    List<SocketChannel> channels = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = opener.open();
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, new FrameDecoder(65536, 0));
        channels.add(ch);
      }
      int busy = 0;
      List<String> other = new ArrayList<>();
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long end = System.nanoTime() + deadline.toNanos();
      int open = connections;
      while (open > 0 && System.nanoTime() < end) {
        selector.select(Math.max(1, (end - System.nanoTime()) / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          FrameDecoder decoder = (FrameDecoder) key.attachment();
          buf.clear();
          int n;
          try {
            n = ch.read(buf);
          } catch (IOException e) {
            n = -1;
          }
          if (n < 0) {
            key.cancel();
            ch.close();
            open--;
            continue;
          }
          buf.flip();
          try {
            Frame f = decoder.decode(buf);
            if (f != null) {
              String code = f.header().path("error").path("code").asText();
              if (code.equals("BUSY") && f.header().get("id").isNull()) {
                busy++;
              } else {
                other.add(f.header().toString());
              }
            }
          } catch (ProtocolException e) {
            other.add("bad frame from the daemon: " + e.getMessage());
          }
        }
        selector.selectedKeys().clear();
      }
      return new Result(busy, connections - open - busy, open, other);
    } finally {
      for (SocketChannel ch : channels) {
        ch.close();
      }
    }
  }
}
