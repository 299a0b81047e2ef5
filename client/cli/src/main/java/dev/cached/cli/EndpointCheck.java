package dev.cached.cli;

import dev.cached.protocol.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code cached doctor}'s check of the endpoint file {@code <socket>.endpoint}: it holds the TCP
 * cookie, so it must be a regular file owned by this user that nobody else may read or write
 * (mode 0600 or stricter on POSIX), it must parse, and the daemon that wrote it must be alive.
 */
final class EndpointCheck {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private EndpointCheck() {}

  static Check run(Path socket) {
    Path file = Endpoint.fileOf(socket);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Check.ok("endpoint file", "none at " + file + " (no daemon listens on tcp there)");
    }
    PosixFileAttributes a;
    try {
      a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      a = null; // no POSIX owners and modes here
    } catch (IOException e) {
      return Check.fix("endpoint file", "cannot read the attributes of " + file + ": " + e.getMessage()
          + "; fix: 'cached restart' writes a new one");
    }
    if (a != null) {
      String me = System.getProperty("user.name");
      if (!a.isRegularFile()) {
        return Check.fix("endpoint file", file + " is not a regular file; fix: remove it, then 'cached restart'");
      }
      if (!a.owner().getName().equals(me)) {
        return Check.fix("endpoint file", file + " is owned by " + a.owner().getName() + ", not by " + me
            + "; another user could hand your clients a false address; fix: remove it, then 'cached restart'");
      }
      if (!OWNER_ONLY.containsAll(a.permissions())) {
        return Check.fix("endpoint file", file + " has mode " + PosixFilePermissions.toString(a.permissions())
            + ", so others may read the cookie; fix: 'chmod 600 " + file + "', then 'cached restart' for a new cookie");
      }
    }
    try {
      Endpoint e = Endpoint.read(file);
      if (!ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        return Check.fix("endpoint file", file + " was left by pid " + e.pid() + ", which died; fix: none needed, "
            + "'cached start' replaces it (or remove it: rm -f " + file + ")");
      }
      return Check.ok("endpoint file", file + ": tcp " + e.host() + ":" + e.port() + ", pid " + e.pid()
          + (a == null ? " (owner and permissions not checked: no POSIX modes here)" : ", owner-only"));
    } catch (IOException e) {
      return Check.fix("endpoint file", e.getMessage() + "; fix: 'cached restart' writes a new one");
    }
  }
}
