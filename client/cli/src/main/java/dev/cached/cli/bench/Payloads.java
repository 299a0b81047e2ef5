package dev.cached.cli.bench;

import java.util.SplittableRandom;

/** Deterministic payloads: the bytes do not matter, their number does. */
final class Payloads {
  private Payloads() {}

  static byte[] of(int size, int seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }
}
