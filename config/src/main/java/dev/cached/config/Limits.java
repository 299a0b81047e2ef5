package dev.cached.config;

import dev.cached.protocol.DefaultPlaces;

/** Bounds that more than one check uses. */
final class Limits {
  /** Largest {@code maxPayload}: 2^31 - 16, so a payload always fits one Java array. */
  static final long MAX_PAYLOAD = (1L << 31) - 16;
  /** Largest {@code maxPendingBytes}: 64 GiB, far above any sane heap, low enough to catch a typo. */
  static final long MAX_PENDING_BYTES = 64L << 30;
  /** Largest disk use of the logs: {@code log.maxFileSize * (log.maxHistory + 1)}. */
  static final long MAX_LOG_BYTES = 1L << 30;

  private Limits() {}

  /**
   * The longest socket path, in bytes of its file-system encoding: {@code sun_path} holds 108 bytes
   * on Linux and Windows and 104 on macOS, one of which is the terminating NUL.
   */
  static int maxSocketPathBytes(DefaultPlaces.Os os) {
    return os == DefaultPlaces.Os.MACOS ? 103 : 107;
  }
}
