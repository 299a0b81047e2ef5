package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Test helpers for {@link HeaderReader#readHeader}'s long-lived parser: random hot headers written
 * as a client might (any field order, whitespace, escapes, non-ASCII, unknown fields), and the
 * outcome of reading one header, comparable between readers.
 */
final class HotHeaders {
  private HotHeaders() {}

  static final int MAX_HEADER = Protocol.MAX_HEADER;
  static final long MAX_PAYLOAD = 1 << 20;

  private static final String[] OPS = {"write", "delete", "replace"};
  private static final String[] PIECES = {
    "a", "src", "mod.py", "é", "日本", "😀", "\"", "\\", " ", "/", "\n", "\t", "\u0001", "ü", "x y", "€",
  };
  private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n", "  "};

  /** A valid hot header with id {@code id}, as JSON text. */
  static String hot(Random r, long id) {
    int kind = r.nextInt(OPS.length);
    List<String> fields = new ArrayList<>();
    fields.add("\"op\":\"" + OPS[kind] + "\"");
    fields.add("\"id\":" + id);
    fields.add("\"path\":" + string(r, path(r)));
    if (kind == 2) {
      fields.add("\"from\":" + string(r, path(r)));
    }
    if (kind == 0 && r.nextBoolean()) {
      fields.add("\"size\":" + r.nextInt(5000));
    }
    switch (r.nextInt(3)) {
      case 0 -> fields.add("\"ack\":\"queued\"");
      case 1 -> fields.add("\"ack\":\"durable\"");
      default -> { }
    }
    for (int k = r.nextInt(3); k > 0; k--) {
      String value = switch (r.nextInt(4)) {
        case 0 -> Long.toString(r.nextLong());
        case 1 -> string(r, path(r));
        case 2 -> "true";
        default -> "false";
      };
      fields.add(string(r, "x" + k + PIECES[r.nextInt(PIECES.length)]) + ":" + value);
    }
    Collections.shuffle(fields, r);
    StringBuilder json = new StringBuilder(space(r)).append('{');
    for (int i = 0; i < fields.size(); i++) {
      json.append(i == 0 ? "" : space(r) + ",").append(space(r)).append(fields.get(i)).append(space(r));
    }
    return json.append('}').append(space(r)).toString();
  }

  private static String space(Random r) {
    return SPACE[r.nextInt(SPACE.length)];
  }

  private static String path(Random r) {
    StringBuilder p = new StringBuilder();
    for (int i = 1 + r.nextInt(4); i > 0; i--) {
      p.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return p.toString();
  }

  /** {@code s} as a JSON string, non-ASCII and {@code /} sometimes escaped, sometimes raw. */
  static String string(Random r, String s) {
    StringBuilder out = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        out.append('\\').appendCodePoint(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c < 0x20 || (c > 0x7e && r.nextBoolean())) {
        for (char unit : Character.toChars(c)) {
          out.append(String.format("\\u%04x", (int) unit)); // a pair of escapes above the BMP
        }
      } else if (c == '/' && r.nextBoolean()) {
        out.append("\\/");
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.append('"').toString();
  }

  /** A frame's first part: a length prefix and {@code header}. */
  static byte[] framed(byte[] header) {
    return ByteBuffer.allocate(4 + header.length).putInt(header.length).put(header).array();
  }

  /** The header (without its prefix) a fuzz stream starts with, or null when it has none to give. */
  static byte[] fuzzHeader(byte[] stream) {
    if (stream.length < 5) {
      return null;
    }
    long declared = Integer.toUnsignedLong(ByteBuffer.wrap(stream).getInt(0));
    int length = (int) Math.max(1, Math.min(Math.min(declared, MAX_HEADER), stream.length - 4));
    byte[] h = new byte[length];
    System.arraycopy(stream, 4, h, 0, length);
    return h;
  }

  /** The result of reading one framed header. */
  record Outcome(String text, boolean fast) {}

  /**
   * Reads {@code framed} (fed in chunks of at most {@code chunk} bytes) and says what came of it: the
   * request (from the streaming parse or from the tree), the tree when the tree parse refuses it,
   * or the error; {@code fast} when no tree was built.
   */
  static Outcome read(HeaderReader reader, byte[] framed, int chunk) {
    try {
      HeaderReader.Header h = null;
      for (int pos = 0; pos < framed.length; pos += chunk) {
        ByteBuffer in = ByteBuffer.wrap(framed, pos, Math.min(chunk, framed.length - pos));
        h = reader.readHeader(in);
        if (in.hasRemaining()) {
          throw new AssertionError("the reader left " + in.remaining() + " bytes of its header");
        }
        if ((h != null) != (pos + chunk >= framed.length)) {
          throw new AssertionError("header returned at byte " + pos + " of " + framed.length + ": " + h);
        }
      }
      int size = reader.payloadSize();
      if (h.request() != null) {
        if (h.tree() != null) {
          throw new AssertionError("both a tree and a request: " + h);
        }
        return new Outcome("request " + h.request() + " size " + size, true);
      }
      return tree(h.tree(), size);
    } catch (ProtocolException e) {
      return error(e);
    }
  }

  private static Outcome tree(ObjectNode tree, int size) {
    try {
      return new Outcome("request " + Requests.parse(tree, size) + " size " + size, false);
    } catch (ProtocolException e) {
      return new Outcome("tree " + tree + " size " + size + " refused " + e.code() + " " + e.getMessage(), false);
    }
  }

  private static Outcome error(ProtocolException e) {
    return new Outcome("error " + e.code() + " fatal " + e.fatal() + " " + e.getMessage(), false);
  }

  /**
   * What {@code readHeader} made of {@code framed} before it kept a parser: a new blocking parser
   * for the streaming parse ({@link StreamingRequests#parse}), else the tree path.
   */
  static Outcome fresh(byte[] framed) {
    StreamingRequests.Parsed fast = StreamingRequests.parse(Arrays.copyOfRange(framed, 4, framed.length), MAX_PAYLOAD);
    if (fast != null) {
      return new Outcome("request " + fast.request() + " size " + fast.size(), true);
    }
    HeaderReader reader = new HeaderReader(MAX_HEADER, MAX_PAYLOAD);
    try {
      return tree(reader.read(ByteBuffer.wrap(framed)), reader.payloadSize());
    } catch (ProtocolException e) {
      return error(e);
    }
  }
}
