package dev.cached.daemon.memory;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the C heap's free memory back to the system ({@code malloc_trim}): the payload chunks a
 * burst freed, and what the JIT compilers' arenas freed. The JVM does it for us through its
 * diagnostic command {@code System.trim_native_heap} (the {@code jcmd} of the same name), which
 * HotSpot has on glibc (JDK 18, backported to 17 updates: JDK-8268893). Elsewhere (another C
 * library, Windows, macOS) the command answers that it is not available, or another JVM lacks it:
 * then this says so in the log once and stops asking, and the C library keeps what it keeps.
 *
 * <p>The first call loads the platform MBean server (about 100 ms and a few MiB of classes, on the
 * timer thread, at the first quiet moment, never on a socket or writer thread).
 *
 * <p>Concurrency: {@link #trim} is called by one thread at a time (the timer).
 */
public interface NativeTrim {
  /** Trims; returns what the JVM reported, for the log, or null where it cannot trim. */
  String trim();

  /** Through the JVM's diagnostic command; after one failure it stops trying. */
  static NativeTrim jvm() {
    return over(() -> {
      MBeanServer server = ManagementFactory.getPlatformMBeanServer();
      return server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
    });
  }

  /** The command of {@link #jvm()}: runs the trim, returns what it reported. */
  interface Command {
    Object run() throws JMException;
  }

  /**
   * Trims by {@code command}; once it fails, or answers that trimming is not available here, says
   * so in the log once and stops asking (every later {@link #trim} returns null).
   */
  static NativeTrim over(Command command) {
    return new NativeTrim() {
      private final Logger log = LoggerFactory.getLogger(NativeTrim.class);
      private boolean unavailable;

      @Override
      public String trim() {
        if (unavailable) {
          return null;
        }
        try {
          String said = String.valueOf(command.run()).strip();
          if (said.toLowerCase(java.util.Locale.ROOT).contains("not available")) {
            return unavailable(said);
          }
          return said;
        } catch (JMException | RuntimeException e) {
          return unavailable(e.toString());
        }
      }

      private String unavailable(String why) {
        unavailable = true;
        log.info("memory trim: the JVM's System.trim_native_heap is not available here ({}); the C heap keeps what it freed", why);
        return null;
      }
    };
  }
}
