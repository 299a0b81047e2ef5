package dev.cached.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
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

  /** A whole frame as one buffer (header and a copy of the payload). */
  public static ByteBuffer encode(Frame frame) {
    ByteBuffer head = head(frame.header(), frame.payload().length);
    ByteBuffer out = ByteBuffer.allocate(head.remaining() + frame.payload().length);
    out.put(head).put(frame.payload()).flip();
    return out;
  }
}
