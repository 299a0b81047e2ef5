package dev.cached.daemon.server;

/**
 * Process-wide Netty settings the daemon changes from Netty's defaults. Netty reads them once, at
 * its first use in the JVM, so {@link #apply} runs before anything touches Netty.
 *
 * <p>Concurrency: called once, on the starting thread.
 */
public final class NettyDefaults {
  /** Netty's switch for its JFR events. */
  private static final String JFR = "io.netty.jfr.enabled";

  private NettyDefaults() {}

  /**
   * Turns off Netty 4.2's allocator JFR events, unless {@code -Dio.netty.jfr.enabled} was given.
   * Loading those event classes (JFR instruments them, and a class-data archive cannot hold them)
   * took about 120 ms on the socket thread at the first connection's first read, before its hello
   * was answered.
   */
  public static void apply() {
    if (System.getProperty(JFR) == null) {
      System.setProperty(JFR, "false");
    }
  }
}
