package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Generates fuzz streams for {@link FrameDecoderFuzzTest} from one seeded {@link Random}. */
final class FuzzInput {
  /** One stream; {@code valid} streams must decode to exactly {@code frames}. */
  record Case(String kind, byte[] bytes, boolean valid, List<Frame> frames) {}

  private static final String[] HOSTILE_JSON = {
    "[]", "\"s\"", "7", "true", "null", "{", "}", "{\"a\":}", "{\"size\":-1}", "{\"size\":1e3}",
    "{\"size\":4611686018427387904}", "{\"size\":9223372036854775807}", "{\"size\":99999999999999999999}",
    "{\"size\":\"12\"}", "{\"size\":[1]}", "{\"size\":null}", "{\"id\":1,\"id\":1}", "{\"a\":NaN}",
    "{\"a\":\"\\ud800\"}", "{'a':1}", "{\"a\":1}garbage", "\uFEFF{}",
  };

  private final Random r;
  private final long maxPayload;

  FuzzInput(Random r, long maxPayload) {
    this.r = r;
    this.maxPayload = maxPayload;
  }

  Case next() {
    switch (r.nextInt(5)) {
      case 0:
        return valid();
      case 1:
        byte[] junk = new byte[r.nextInt(300)];
        r.nextBytes(junk);
        return new Case("random bytes", junk, false, List.of());
      case 2:
        return new Case("hostile header", hostileHeader(), false, List.of());
      default:
        return mutate(valid());
    }
  }

  private Case valid() {
    List<Frame> frames = new ArrayList<>();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      ObjectNode h = Json.object().put("op", r.nextBoolean() ? "write" : "status").put("id", r.nextLong());
      int extra = r.nextInt(4);
      for (int k = 0; k < extra; k++) {
        h.set("x" + k, value(r.nextInt(8)));
      }
      frames.add(new Frame(h, payload()));
    }
    return new Case("valid", Frames.encode(frames.toArray(Frame[]::new)), true, frames);
  }

  private byte[] payload() {
    int roll = r.nextInt(100);
    int size = roll < 30 ? 0 : roll < 95 ? r.nextInt(2000) : r.nextInt((int) maxPayload + 1);
    byte[] p = new byte[size];
    r.nextBytes(p);
    return p;
  }

  private com.fasterxml.jackson.databind.JsonNode value(int depth) {
    switch (depth == 0 ? r.nextInt(3) : r.nextInt(5)) {
      case 0:
        return Json.mapper().getNodeFactory().numberNode(r.nextLong());
      case 1:
        StringBuilder s = new StringBuilder();
        for (int i = r.nextInt(20); i > 0; i--) {
          s.appendCodePoint(r.nextInt(3) == 0 ? 0x20 + r.nextInt(0x2000) : 'a' + r.nextInt(26));
        }
        return Json.mapper().getNodeFactory().textNode(s.toString());
      case 2:
        return Json.mapper().getNodeFactory().booleanNode(r.nextBoolean());
      case 3:
        ArrayNode a = Json.mapper().createArrayNode();
        for (int i = r.nextInt(3); i > 0; i--) {
          a.add(value(depth - 1));
        }
        return a;
      default:
        ObjectNode o = Json.object();
        for (int i = r.nextInt(3); i > 0; i--) {
          o.set("k" + i, value(depth - 1));
        }
        return o;
    }
  }

  private byte[] hostileHeader() {
    String json;
    int roll = r.nextInt(3);
    if (roll == 0) {
      int depth = 1 + r.nextInt(100);
      json = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    } else if (roll == 1) {
      json = "[".repeat(1 + r.nextInt(2000));
    } else {
      json = HOSTILE_JSON[r.nextInt(HOSTILE_JSON.length)];
    }
    byte[] bytes = Frames.rawHeader(json);
    if (r.nextInt(4) == 0) {
      byte[] tail = new byte[r.nextInt(100)];
      r.nextBytes(tail);
      bytes = concat(bytes, tail);
    }
    return bytes;
  }

  private Case mutate(Case base) {
    byte[] b = base.bytes();
    int mutations = 1 + r.nextInt(4);
    for (int m = 0; m < mutations && b.length > 0; m++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0:
          b[at] ^= (byte) (1 << r.nextInt(8));
          break;
        case 1:
          b[at] = (byte) r.nextInt(256);
          break;
        case 2:
          b = Arrays.copyOf(b, at);
          break;
        case 3:
          byte[] ins = new byte[1 + r.nextInt(16)];
          r.nextBytes(ins);
          b = concat(concat(Arrays.copyOf(b, at), ins), Arrays.copyOfRange(b, at, b.length));
          break;
        case 4:
          b = concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + r.nextInt(16)), b.length));
          break;
        default:
          int[] edges = {0, 1, 65535, 65536, 65537, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, r.nextInt()};
          if (b.length >= 4) {
            ByteBuffer.wrap(b).putInt(0, edges[r.nextInt(edges.length)]);
          }
      }
    }
    return new Case("mutated", b, false, List.of());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
