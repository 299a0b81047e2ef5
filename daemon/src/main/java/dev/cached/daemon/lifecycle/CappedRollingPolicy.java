package dev.cached.daemon.lifecycle;

import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RolloverFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fixed window of {@code history} rolled files ({@code cached.1.log} newest … {@code
 * cached.<history>.log} oldest) beside the active one. Unlike logback's own policy it keeps any
 * window up to {@code log.maxHistory}'s limit (logback caps it at 20) and supports a window of zero:
 * the active file is then simply started afresh.
 *
 * <p>Concurrency: called by the appender under its lock.
 */
final class CappedRollingPolicy extends FixedWindowRollingPolicy {
  private final int history;

  CappedRollingPolicy(int history) {
    this.history = history;
    setMinIndex(1);
    setMaxIndex(Math.max(1, history));
  }

  @Override
  protected int getMaxWindowSize() {
    return Math.max(1, history);
  }

  @Override
  public void rollover() throws RolloverFailure {
    if (history > 0) {
      super.rollover();
      return;
    }
    try {
      Files.deleteIfExists(Path.of(getActiveFileName()));
    } catch (IOException e) {
      throw new RolloverFailure("cannot remove " + getActiveFileName() + ": " + e);
    }
  }
}
