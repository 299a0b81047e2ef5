package dev.cached.daemon.lifecycle;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;

/** Logback contexts of a test's own, apart from the process's. */
final class TestContexts {
  private TestContexts() {}

  static LoggerContext fresh() {
    LoggerContext ctx = new LoggerContext();
    ctx.setMDCAdapter(new LogbackMDCAdapter());
    ctx.start();
    return ctx;
  }
}
