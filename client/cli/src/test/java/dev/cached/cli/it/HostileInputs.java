package dev.cached.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The hostile connections of {@link HostileClientTest}. Each method sends one kind of bad input,
 * checks the daemon's documented reaction, and records what it tried in {@link #tried}.
 */
final class HostileInputs {
  private static final Duration GENEROUS = Duration.ofSeconds(30);

  final List<String> tried = new ArrayList<>();
  private final Path socket;
  private final Path root;
  private final Random r;

  HostileInputs(Path socket, Path root, long seed) {
    this.socket = socket;
    this.root = root;
    this.r = new Random(seed);
  }

  private RawConnection raw() throws IOException {
    return new RawConnection(socket);
  }

  /** Random bytes on fresh connections: each is answered and closed, or closed by a timeout. */
  void garbage(int connections) throws IOException {
    List<RawConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        byte[] junk = new byte[1 + r.nextInt(4096)];
        r.nextBytes(junk);
        open.add(raw().send(junk));
      }
      for (RawConnection c : open) {
        assertTrue(c.closedWithin(GENEROUS), "a garbage connection was left open");
      }
    } finally {
      closeAll(open);
    }
    tried.add(connections + " connections of 1..4096 random bytes");
  }

  /** A stream-level error: answered with {@code code}, then closed. */
  private void expectFatal(byte[] bytes, boolean hello, String code, String what) throws IOException {
    try (RawConnection c = raw()) {
      if (hello) {
        c.hello(root);
      }
      c.send(bytes);
      ObjectNode a = Hostile.answer(c);
      assertEquals(code, Hostile.code(a), what + ": " + a);
      assertTrue(c.closedWithin(GENEROUS), what + ": not closed");
    }
    tried.add(what + " -> " + code + ", closed");
  }

  void hugeHeaderLength() throws IOException {
    expectFatal(Hostile.prefix(0xFFFFFFFFL), false, "TOO_LARGE", "header length 0xFFFFFFFF before hello");
    expectFatal(Hostile.prefix(0xFFFFFFFFL), true, "TOO_LARGE", "header length 0xFFFFFFFF after hello");
  }

  void hugeSize() throws IOException {
    expectFatal(Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"big\",\"size\":" + (1L << 62) + "}"),
        true, "TOO_LARGE", "write with size 2^62");
    expectFatal(Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"neg\",\"size\":-5}"), true, "BAD_FRAME", "write with size -5");
  }

  void deepNesting() throws IOException {
    String deep = "{\"op\":\"write\",\"id\":1,\"x\":" + "[".repeat(1000) + "]".repeat(1000) + "}";
    expectFatal(Hostile.rawFrame(deep), true, "BAD_FRAME", "header nested 1000 deep");
    expectFatal(Hostile.rawFrame("{\"a\":" + "{\"a\":".repeat(999) + "1" + "}".repeat(1000)), false, "BAD_FRAME",
        "header of 1000 nested objects before hello");
  }

  /**
   * A 10 MB header string: refused on its length prefix. The daemon closes while the rest is still
   * being sent, so the send may fail and the answer may be lost to a reset; the daemon's log is
   * checked by the caller instead.
   */
  void tenMegabyteHeader() throws IOException {
    int length = 10 * 1024 * 1024 + 2;
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ByteBuffer head = ByteBuffer.allocate(5).putInt(length).put((byte) '"').flip();
      ch.write(head);
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'a');
      try {
        for (int sent = 0; sent < length; sent += chunk.length) {
          ch.write(ByteBuffer.wrap(chunk));
        }
      } catch (IOException e) {
        // the daemon closed: expected
      }
    }
    tried.add("a 10 MB header string (length prefix " + length + ") -> TOO_LARGE on the prefix, closed");
  }

  /** Paths that try to leave the root: each refused, the connection goes on. */
  void traversal(Path passwdLike, byte[] itsBytes) throws IOException {
    String[] paths = {"../x", passwdLike.toString(), "a/../../b", "../../../../../../../../tmp/x", "..", "a/b/../../../c",
        root.resolveSibling("outside.txt").toString(), root + "/../sibling", "/", "//x"};
    try (RawConnection c = raw().hello(root)) {
      long id = 1;
      for (String p : paths) {
        c.send(Hostile.write(id++, p, "queued"), itsBytes);
        ObjectNode a = Hostile.answer(c);
        String code = Hostile.code(a);
        assertTrue(code.equals("OUTSIDE_ROOT") || code.equals("BAD_PATH"), p + ": " + a);
        tried.add("write to '" + p + "' -> " + code);
      }
      c.send(Hostile.write(id, "inside.json", "durable"), new byte[] {1});
      assertEquals("written", Hostile.answer(c).path("outcome").asText(), "the connection still works");
    }
  }

  /** Half frames, before and after hello: closed by the hello or frame timeout. */
  void halfFrames(int connections) throws IOException {
    List<RawConnection> open = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        byte[] frame = Hostile.rawFrame("{\"op\":\"write\",\"id\":1,\"path\":\"half" + i + "\",\"size\":100}");
        RawConnection c = raw();
        if (i % 2 == 0) {
          c.hello(root);
        }
        c.send(Arrays.copyOf(frame, 2 + r.nextInt(frame.length + 50)));
        open.add(c);
      }
      for (RawConnection c : open) {
        assertTrue(c.closedWithin(GENEROUS), "a half frame was left open");
      }
    } finally {
      closeAll(open);
    }
    tried.add(connections + " half frames (cut in the prefix, header or payload), half of them after hello");
  }

  /** Valid write frames with random bytes changed, each on its own bound connection. */
  void mutatedFrames(int connections) throws IOException {
    for (int i = 0; i < connections; i++) {
      byte[] frame = Hostile.rawFrame("{\"op\":\"write\",\"id\":" + i + ",\"path\":\"m/" + i + ".json\",\"size\":8}");
      frame = Arrays.copyOf(frame, frame.length + 8);
      for (int m = 1 + r.nextInt(3); m > 0; m--) {
        frame[r.nextInt(frame.length)] = (byte) r.nextInt(256);
      }
      try (RawConnection c = raw().hello(root)) {
        c.send(frame);
      }
    }
    tried.add(connections + " bound connections each sending one write frame with 1-3 random bytes changed");
  }

  private static void closeAll(List<RawConnection> open) throws IOException {
    for (RawConnection c : open) {
      c.close();
    }
  }
}
