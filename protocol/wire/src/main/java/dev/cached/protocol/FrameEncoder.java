package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;

/**
 * Encodes frames. The header's {@code size} field is set from the payload length, so a frame
 * can never declare a size other than the bytes that follow it.
 *
 * <p>Concurrency: stateless.
 */
public final class FrameEncoder {
  private FrameEncoder() {}

  /**
   * The length prefix and JSON header of a frame whose payload has {@code payloadLength} bytes.
   * The payload itself is not copied: send it after these bytes.
   *
   * @throws IllegalArgumentException when the encoded header exceeds {@link Protocol#MAX_HEADER}
   */
  public static ByteBuffer head(ObjectNode header, int payloadLength) {
    if (payloadLength > 0) {
      header.put("size", payloadLength);
    } else {
      header.remove("size");
    }
    byte[] json;
    try {
      json = Json.mapper().writeValueAsBytes(header);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("header : cannot encode (" + e.getOriginalMessage() + ")", e);
    }
    if (json.length > Protocol.MAX_HEADER) {
      throw new IllegalArgumentException(
          "header length : " + json.length + " (expected: 1.." + Protocol.MAX_HEADER + ")");
    }
    ByteBuffer out = ByteBuffer.allocate(Protocol.LENGTH_PREFIX + json.length);
    out.putInt(json.length).put(json).flip();
    return out;
  }

  /**
   * {@link #head} of a write, the same bytes, written by Jackson's generator field by field instead
   * of through a JSON tree: a client's hot path (the tree and its serialisation were most of a Java
   * caller's CPU per write).
   *
   * @throws IllegalArgumentException when the encoded header exceeds {@link Protocol#MAX_HEADER}
   */
  public static ByteBuffer writeHead(Request.Write w, int payloadLength) {
    ByteArrayBuilder out = new ByteArrayBuilder(Protocol.LENGTH_PREFIX + 96 + 3 * w.path().length());
    for (int i = 0; i < Protocol.LENGTH_PREFIX; i++) {
      out.write(0); // the length, set below
    }
    try (JsonGenerator g = Json.streamingFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("op", w.op());
      g.writeNumberField("id", w.id());
      g.writeStringField("path", w.path());
      g.writeStringField("ack", w.ack().wire());
      if (w.mode() != null) {
        g.writeNumberField("mode", w.mode());
      }
      if (w.mtimeMillis() != null) {
        g.writeNumberField("mtime", w.mtimeMillis());
      }
      if (payloadLength > 0) {
        g.writeNumberField("size", payloadLength);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a generator over a byte array does not fail
    }
    byte[] frame = out.toByteArray();
    int length = frame.length - Protocol.LENGTH_PREFIX;
    if (length > Protocol.MAX_HEADER) {
      throw new IllegalArgumentException("header length : " + length + " (expected: 1.." + Protocol.MAX_HEADER + ")");
    }
    ByteBuffer head = ByteBuffer.wrap(frame);
    head.putInt(0, length);
    return head;
  }

  /** A whole frame as one buffer (header and a copy of the payload). */
  public static ByteBuffer encode(Frame frame) {
    ByteBuffer head = head(frame.header(), frame.payload().length);
    ByteBuffer out = ByteBuffer.allocate(head.remaining() + frame.payload().length);
    out.put(head).put(frame.payload()).flip();
    return out;
  }
}
