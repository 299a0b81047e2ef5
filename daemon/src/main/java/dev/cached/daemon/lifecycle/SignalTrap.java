package dev.cached.daemon.lifecycle;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches POSIX signals with {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached by
 * reflection so that the build's {@code -Werror} does not trip on the internal-API warning.
 *
 * <p>Why not shutdown hooks alone: the JVM runs its hooks once, on the first SIGINT or SIGTERM, and
 * a second signal then only waits for them; a hook can neither tell SIGINT from SIGTERM nor see a
 * second Ctrl-C. A handler installed here replaces the JVM's exit on that signal, so the daemon
 * decides (drain on the first, stop at once on a second SIGINT) and exits itself.
 *
 * <p>A signal that was ignored when the JVM started (a job started with {@code nohup} or with
 * {@code &} from a script) stays ignored: the JVM refuses to handle it, and so do we.
 *
 * <p>Concurrency: the JVM runs each handler on a short-lived thread of its own, one per signal.
 */
public final class SignalTrap {
  private static final Logger LOG = LoggerFactory.getLogger(SignalTrap.class);

  private SignalTrap() {}

  /**
   * Runs {@code handler} on every {@code SIG<name>} ({@code "INT"}, {@code "TERM"}).
   *
   * @return false when this JVM cannot trap that signal (no {@code sun.misc.Signal}, an unknown
   *     signal on this platform, or {@code -Xrs}); the JVM's default then applies
   */
  public static boolean install(String name, Runnable handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object proxy = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerClass},
          (self, method, args) -> dispatch(self, method, args, handler));
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      handle.invoke(null, signal, proxy);
      return true;
    } catch (InvocationTargetException e) {
      LOG.info("cannot trap SIG{}: {}; the JVM's default applies", name, e.getCause().toString());
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info("cannot trap SIG{}: {}; the JVM's default applies", name, e.toString());
      return false;
    }
  }

  private static Object dispatch(Object self, Method method, Object[] args, Runnable handler) {
    switch (method.getName()) {
      case "handle" -> handler.run();
      case "hashCode" -> {
        return System.identityHashCode(self);
      }
      case "equals" -> {
        return self == args[0];
      }
      case "toString" -> {
        return "SignalTrap handler";
      }
      default -> throw new UnsupportedOperationException(method.getName());
    }
    return null;
  }
}
