package dev.cached.daemon.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a background daemon prints becomes log lines, one event per line. */
class LineLogStreamTest {
  @Test
  void eachLineIsOneEventAtTheStreamsLevel() {
    LoggerContext ctx = TestContexts.fresh();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.setContext(ctx);
    events.start();
    ch.qos.logback.classic.Logger logger = ctx.getLogger("stderr");
    logger.addAppender(events);
    ByteArrayOutputStream fallback = new ByteArrayOutputStream();
    try (PrintStream err = new PrintStream(new LineLogStream(logger, true, new PrintStream(fallback, true, StandardCharsets.UTF_8)),
        true, StandardCharsets.UTF_8)) {
      err.println("first line");
      err.print("second ");
      err.print("line\r\n\nthird");
    }
    assertEquals(List.of("first line", "second line", "third"), events.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertEquals("WARN", events.list.get(0).getLevel().toString());
    assertEquals(0, fallback.size());
  }
}
