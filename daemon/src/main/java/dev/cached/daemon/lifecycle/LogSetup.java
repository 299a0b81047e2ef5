package dev.cached.daemon.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: a size-capped rolling file in the state directory ({@code
 * cached.log}, {@code log.maxFileSize} each, {@code log.maxHistory} rolled files kept, so the total
 * never exceeds {@code maxFileSize * (maxHistory + 1)}), plus the console when in the foreground.
 */
public final class LogSetup {
  private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";

  private LogSetup() {}

  /** The log file in a state directory. */
  public static Path logFile(Path stateDir) {
    return stateDir.resolve("cached.log");
  }

  public static void configure(Path stateDir, String level, long maxFileSize, int maxHistory, boolean console) {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    ctx.getLogger("io.netty").setLevel(Level.WARN);

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(ctx);
    file.setName("file");
    file.setFile(logFile(stateDir).toString());
    FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
    rolling.setContext(ctx);
    rolling.setParent(file);
    rolling.setFileNamePattern(stateDir.resolve("cached.%i.log").toString());
    rolling.setMinIndex(1);
    rolling.setMaxIndex(Math.max(1, maxHistory));
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(maxFileSize));
    trigger.start();
    file.setRollingPolicy(rolling);
    file.setTriggeringPolicy(trigger);
    file.setEncoder(encoder(ctx));
    file.start();
    root.addAppender(file);

    if (console) {
      ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
      out.setContext(ctx);
      out.setName("console");
      out.setEncoder(encoder(ctx));
      out.start();
      root.addAppender(out);
    }
  }

  private static PatternLayoutEncoder encoder(LoggerContext ctx) {
    PatternLayoutEncoder e = new PatternLayoutEncoder();
    e.setContext(ctx);
    e.setPattern(PATTERN);
    e.start();
    return e;
  }
}
