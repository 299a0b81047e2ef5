package dev.cached.client;

import dev.cached.protocol.ErrorCode;
import dev.cached.protocol.Protocol;
import dev.cached.protocol.Response;
import dev.cached.protocol.Version;
import java.nio.file.Path;
import java.util.List;

/**
 * Client/daemon version skew: turns a hello refusal ({@code PROTOCOL_VERSION}) or a hello answer
 * that does not list our protocol into one line that says what each side speaks and the fix.
 *
 * <p>Stateless.
 */
final class VersionCheck {
  private VersionCheck() {}

  /** Throws when the hello answer does not offer {@link Protocol#VERSION}. */
  static void requireOurs(Response.Hello hello, Path socket) throws CachedException {
    List<Integer> offered = hello.offered();
    if (!offered.contains(Protocol.VERSION)) {
      throw skew(socket, hello.server() != null ? hello.server() : "an unknown daemon", offered.toString(), null);
    }
  }

  /** The one-line error for a daemon that refused our hello with {@code PROTOCOL_VERSION}. */
  static CachedException refused(Path socket, CachedException refusal) {
    return skew(socket, "the daemon", "other versions (it said: " + detail(refusal) + ")", refusal);
  }

  private static CachedException skew(Path socket, String server, String speaks, Throwable cause) {
    String line = "cached version skew: " + server + " on " + socket + " speaks protocol " + speaks
        + ", this client (cached-client " + Version.get() + ") needs protocol " + Protocol.VERSION
        + "; fix: run 'cached stop', then start the daemon that matches this client ('cached start')";
    return new CachedException(ErrorCode.PROTOCOL_VERSION, line, cause);
  }

  private static String detail(CachedException e) {
    String m = e.getMessage();
    String prefix = e.code().name() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }
}
