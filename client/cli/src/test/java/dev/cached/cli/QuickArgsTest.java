package dev.cached.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * {@link QuickArgs} and picocli agree: a line picocli refuses or answers with help is never taken
 * quickly, and a line taken quickly sets exactly what picocli would set. Random lines from a pool
 * of plain and awkward words, seeded; a failure prints the line.
 */
class QuickArgsTest {
  private static final List<String> WORDS = List.of(
      "--socket", "--socket=/run/s.sock", "/run/s.sock", "rel/s.sock", "--state-dir", "--state-dir=st", "st",
      "--config", "none", "--config=c.toml", "--json", "--watch", "--background", "--retry.deadline", "5m",
      "--retry.deadline=5m", "--log.level=debug", "--idleTimeout", "30m", "-h", "--help", "-V", "--version", "--",
      "x", "--json=true", "", "-1", "--socket=", "--=x", "-", "--background=false", "daemon", "status", "a=b");

  /** What a parsed command would run with, as text. */
  private static Map<String, Object> state(Object command, Map<String, String> keyFlags) {
    Map<String, Object> s = new LinkedHashMap<>();
    Places p;
    if (command instanceof DaemonCommand d) {
      p = d.places;
      s.put("background", d.background);
      s.put("keys", keyFlags);
    } else {
      StatusCommand st = (StatusCommand) command;
      p = st.places;
      s.put("json", st.json);
      s.put("watch", st.watch);
    }
    s.put("socket", p.socket);
    s.put("stateDir", p.stateDir);
    s.put("config", p.config);
    return s;
  }

  private static void check(String... args) {
    String line = Arrays.toString(args);
    Object quick = QuickArgs.parse(args);
    CommandLine cl = Main.commandLine(args);
    ParseResult parsed;
    Map<String, String> keys = Map.of();
    try {
      parsed = cl.parseArgs(args);
      ParseResult sub = parsed.subcommand();
      if (sub == null || parsed.isUsageHelpRequested() || sub.isUsageHelpRequested() || sub.isVersionHelpRequested()) {
        assertNull(quick, "help or no subcommand, yet taken quickly: " + line);
        return;
      }
      if (sub.commandSpec().userObject() instanceof DaemonCommand d) {
        keys = KeyFlags.parse(sub.commandSpec().commandLine(), d.keyFlags);
      }
    } catch (CommandLine.ParameterException refused) {
      assertNull(quick, "picocli refuses (" + refused.getMessage() + "), yet taken quickly: " + line);
      return;
    }
    if (quick == null) {
      return; // declining is always allowed: picocli runs it
    }
    Object picocli = parsed.subcommand().commandSpec().userObject();
    Map<String, String> myKeys = quick instanceof DaemonCommand d ? d.places.keyFlags : Map.of();
    assertEquals(state(picocli, keys), state(quick, myKeys), line);
  }

  @Test
  void plainLinesAreTakenQuickly() {
    assertNotNull(QuickArgs.parse(new String[] {"daemon", "--background", "--socket", "/s", "--state-dir", "st", "--config", "none"}));
    assertNotNull(QuickArgs.parse(new String[] {"daemon", "--retry.deadline=5m", "--log.level", "debug"}));
    assertNotNull(QuickArgs.parse(new String[] {"status", "--json", "--socket=/s"}));
    assertNotNull(QuickArgs.parse(new String[] {"status"}));
    check("daemon", "--background", "--socket", "/s", "--state-dir", "st", "--config", "none");
    check("daemon", "--retry.deadline=5m", "--log.level", "debug", "--socket=/s");
    check("status", "--json", "--socket=/s", "--watch", "--config", "c.toml");
  }

  @Test
  void awkwardLinesGoToPicocli() {
    for (String[] args : List.of(
        new String[] {"daemon", "--help"}, new String[] {"status", "-h"}, new String[] {"daemon", "--socket"},
        new String[] {"daemon", "--socket", "--state-dir", "x"}, new String[] {"daemon", "--socket", "a", "--socket", "b"},
        new String[] {"status", "--background"}, new String[] {"status", "--json=true"}, new String[] {"daemon", "x"},
        new String[] {"daemon", "--retry.factor", "-1"}, new String[] {"status", "--socket=\0"}, new String[] {"stop"})) {
      assertNull(QuickArgs.parse(args), Arrays.toString(args));
      check(args);
    }
  }

  /** The option names a command declares, its mixins' included, without dashes; fails on positional parameters. */
  private static Set<String> optionNames(Class<?> command) {
    Set<String> names = new TreeSet<>();
    for (Field f : command.getDeclaredFields()) {
      assertNull(f.getAnnotation(CommandLine.Parameters.class), "QuickArgs knows no positional parameters: " + f);
      CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
      if (o != null) {
        Arrays.stream(o.names()).map(n -> n.replaceFirst("^--", "")).forEach(names::add);
      }
      if (f.getAnnotation(CommandLine.Mixin.class) != null) {
        names.addAll(optionNames(f.getType()));
      }
    }
    return names;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new TreeSet<>(a);
    u.addAll(b);
    return u;
  }

  /** A new option on daemon or status must be taught to QuickArgs (or QuickArgs would misread it). */
  @Test
  void knowsEveryOptionTheCommandsDeclare() {
    assertEquals(union(QuickArgs.PLACES, QuickArgs.DAEMON_FLAGS), optionNames(DaemonCommand.class));
    assertEquals(union(QuickArgs.PLACES, QuickArgs.STATUS_FLAGS), optionNames(StatusCommand.class));
  }

  @Test
  void randomLines_agreeWithPicocli() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    for (int i = 0; i < 1500; i++) {
      List<String> args = new ArrayList<>(List.of(r.nextBoolean() ? "daemon" : "status"));
      for (int n = r.nextInt(6); n > 0; n--) {
        args.add(WORDS.get(r.nextInt(WORDS.size())));
      }
      try {
        check(args.toArray(String[]::new));
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
      }
    }
  }
}
