package dev.cached.cli;

import dev.cached.config.CachedConfig;
import dev.cached.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code cached doctor}: checks what a daemon needs and prints each finding as {@code ok} or {@code
 * FIX:} with the fix. Exit 0 when everything is ok, 1 otherwise. Does not need a running daemon.
 */
@Command(footer = KeyFlags.FOOTER, name = "doctor", mixinStandardHelpOptions = true,
    description = "Check the config, the socket and state directories, the log size, the roots, the endpoint file and the daemon; print each as 'ok' or 'FIX: …'. Exit 0 when all ok, else 1.")
final class DoctorCommand implements Callable<Integer> {
  @Mixin Places places;

  @Unmatched List<String> keyFlags = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    places.keyFlags = KeyFlags.parse(spec.commandLine(), keyFlags);
    List<Check> checks = new ArrayList<>();
    CachedConfig c;
    try {
      c = places.load();
      checks.add(Check.ok("config", "valid ('cached config' shows every value and its source)"));
    } catch (ConfigException e) {
      checks.add(Check.fix("config", e.getMessage().replace(System.lineSeparator(), "; ") + "; fix: correct the values named"));
      return print(checks);
    }
    checks.add(PlaceChecks.privateDir("socket directory", c.socket().getParent()));
    checks.add(PlaceChecks.privateDir("state directory", c.stateDir()));
    checks.add(PlaceChecks.logSize(c));
    checks.addAll(PlaceChecks.allowedRoots(c));
    checks.addAll(PlaceChecks.knownRoots(c));
    checks.add(EndpointCheck.run(c.socket()));
    checks.addAll(DaemonCheck.run(c.socket()));
    return print(checks);
  }

  private static int print(List<Check> checks) {
    checks.forEach(k -> System.out.println(k.line()));
    long bad = checks.stream().filter(k -> !k.ok()).count();
    System.out.println(bad == 0 ? "all " + checks.size() + " checks ok" : bad + " of " + checks.size() + " checks need a fix");
    return bad == 0 ? 0 : 1;
  }
}
