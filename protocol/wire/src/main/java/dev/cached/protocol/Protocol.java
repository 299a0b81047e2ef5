package dev.cached.protocol;

import java.util.List;

/** Constants of wire protocol v1. See {@code protocol/PROTOCOL.md}, the normative description. */
public final class Protocol {
  /** The protocol version this code speaks. */
  public static final int VERSION = 1;
  /** Every protocol version this code can speak, oldest first. */
  public static final List<Integer> SUPPORTED = List.of(1);
  /** Largest header length a frame may declare, in bytes. */
  public static final int MAX_HEADER = 65536;
  /** Default largest payload, in bytes; the daemon's {@code maxPayload} config may change it. */
  public static final long DEFAULT_MAX_PAYLOAD = 64L * 1024 * 1024;
  /** Bytes in the length prefix of every frame. */
  public static final int LENGTH_PREFIX = 4;

  private Protocol() {}
}
