package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: build raw frame bytes and drain a decoder. */
final class Frames {
  private Frames() {}

  /** The encoded bytes of {@code frames}, back to back. */
  static byte[] encode(Frame... frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Frame f : frames) {
      ByteBuffer b = FrameEncoder.encode(new Frame(f.header().deepCopy(), f.payload()));
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }
    return out.toByteArray();
  }

  /** A length prefix followed by {@code json} as UTF-8, exactly as given (no re-encoding). */
  static byte[] rawHeader(String json) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + h.length).putInt(h.length).put(h).array();
  }

  /** Only a length prefix. */
  static byte[] prefix(int length) {
    return ByteBuffer.allocate(4).putInt(length).array();
  }

  static Frame frame(ObjectNode header, byte[] payload) {
    return new Frame(header, payload);
  }

  static ObjectNode write(long id, String path) {
    return Json.object().put("op", "write").put("id", id).put("path", path);
  }

  /** Feeds {@code in} to {@code d} until it is empty; returns every frame completed. */
  static List<Frame> drain(FrameDecoder d, ByteBuffer in) throws ProtocolException {
    List<Frame> out = new ArrayList<>();
    while (in.hasRemaining()) {
      Frame f = d.decode(in);
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }
}
