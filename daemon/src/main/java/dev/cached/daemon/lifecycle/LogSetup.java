package dev.cached.daemon.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code: a size-capped rolling file in the state directory ({@code
 * cached.log}, {@code log.maxFileSize} each, {@code log.maxHistory} rolled files kept, so the total
 * never exceeds {@code maxFileSize * (maxHistory + 1)} by more than one line each), plus the
 * console when in the foreground.
 *
 * <p>The file's size is checked on every event (logback checks at most every 60 ms by default, which
 * lets a burst of debug logging overshoot the cap).
 */
public final class LogSetup {
  private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0} - %msg%n";
  private static final Pattern LOG_NAME = Pattern.compile("cached(\\.[0-9]+)?\\.log");

  private LogSetup() {}

  /** The log file in a state directory. */
  public static Path logFile(Path stateDir) {
    return stateDir.resolve("cached.log");
  }

  /** The log files in a state directory: {@code cached.log} and the rolled {@code cached.<n>.log}. */
  public static List<Path> logFiles(Path stateDir) throws IOException {
    if (!Files.isDirectory(stateDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(stateDir)) {
      return s.filter(p -> LOG_NAME.matcher(p.getFileName().toString()).matches()).sorted().toList();
    }
  }

  /** Configures the process's logback context. */
  public static void configure(Path stateDir, String level, long maxFileSize, int maxHistory, boolean console) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), stateDir, level, maxFileSize, maxHistory, console);
  }

  /** Configures {@code ctx} (tests pass a context of their own). */
  public static void configure(LoggerContext ctx, Path stateDir, String level, long maxFileSize, int maxHistory, boolean console) {
    ctx.reset();
    ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    ctx.getLogger("io.netty").setLevel(Level.WARN);

    RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
    file.setContext(ctx);
    file.setName("file");
    file.setFile(logFile(stateDir).toString());
    CappedRollingPolicy rolling = new CappedRollingPolicy(maxHistory);
    rolling.setContext(ctx);
    rolling.setParent(file);
    rolling.setFileNamePattern(stateDir.resolve("cached.%i.log").toString());
    rolling.start();
    SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
    trigger.setContext(ctx);
    trigger.setMaxFileSize(new FileSize(maxFileSize));
    trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
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
