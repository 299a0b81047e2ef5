package dev.cached.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One frame: a JSON object header and its payload ({@code header.size} bytes, empty when absent).
 *
 * <p>The payload array is owned by the frame; callers must not change it after construction.
 */
public record Frame(ObjectNode header, byte[] payload) {
  private static final byte[] EMPTY = new byte[0];

  public Frame {
    if (header == null) {
      throw new IllegalArgumentException("header : null (expected: a JSON object)");
    }
    payload = payload == null ? EMPTY : payload;
  }

  /** A frame without payload. */
  public static Frame of(ObjectNode header) {
    return new Frame(header, EMPTY);
  }
}
