package dev.cached.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/service/install-launchd.sh} and the agent plist it writes, read back with
 * Python's {@code plistlib} (the same parser family as macOS's own).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bash scripts; the agent is for macOS")
class LaunchdPlistTest {

  /** Prints each top-level key of the plist and its value as JSON, one per line. */
  private static final String DUMP_PLIST = String.join("\n",
      "import json, plistlib, sys",
      "with open(sys.argv[1], 'rb') as f:",
      "    plist = plistlib.load(f)",
      "for key in sorted(plist):",
      "    print(key + '\\t' + json.dumps(plist[key], sort_keys=True))");

  @TempDir Path tmp;
  private ScriptRunner runner;
  private Path script;
  private Path launcher;
  private Path home;
  private Path agentDir;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(tmp.resolve("scratch"));
    home = Files.createDirectories(tmp.resolve("home")).toRealPath();
    runner = new ScriptRunner(tmp.resolve("scratch")).env("HOME", home.toString());
    script = ScriptRunner.repoRoot().resolve("scripts/service/install-launchd.sh");
    launcher = ScriptRunner.fakeLauncher(tmp.resolve("cached home")).toRealPath();
    agentDir = tmp.resolve("agents");
  }

  private ScriptRunner.Result installer(Path installScript, String... args)
      throws IOException, InterruptedException {
    return runner.bash(tmp, installScript, args);
  }

  private Path install(Path installScript) throws IOException, InterruptedException {
    installer(installScript, "--launcher", launcher.toString(), "--dir", agentDir.toString(),
        "--no-launchctl", "install").assertSuccess();
    Path plist = agentDir.resolve("dev.cached.daemon.plist");
    assertTrue(Files.isRegularFile(plist), "install did not write " + plist);
    return plist;
  }

  /** The plist as parsed by plistlib: top-level key to its value in JSON. */
  private Map<String, String> parse(Path plist) throws IOException, InterruptedException {
    Optional<Path> python = ScriptRunner.onPath("python3");
    assumeTrue(python.isPresent(), "python3 is not on PATH; skipping the plistlib check");
    ScriptRunner.Result result = runner.run(tmp,
        List.of(python.get().toString(), "-c", DUMP_PLIST, plist.toString())).assertSuccess();
    Map<String, String> keys = new LinkedHashMap<>();
    result.stdout().lines().forEach(l -> {
      int tab = l.indexOf('\t');
      keys.put(l.substring(0, tab), l.substring(tab + 1));
    });
    return keys;
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void installedPlistParsesWithTheExpectedKeys() throws Exception {
    Map<String, String> plist = parse(install(script));

    String log = json(home.resolve("Library/Logs/cached/cached.log").toString());
    assertEquals(json("dev.cached.daemon"), plist.get("Label"));
    assertEquals("[" + json(launcher.toString()) + ", \"daemon\"]", plist.get("ProgramArguments"));
    assertEquals("true", plist.get("RunAtLoad"));
    assertEquals("{\"SuccessfulExit\": false}", plist.get("KeepAlive"));
    assertEquals(json("Background"), plist.get("ProcessType"));
    assertEquals(log, plist.get("StandardOutPath"));
    assertEquals(log, plist.get("StandardErrorPath"));
    int exitTimeout = Integer.parseInt(plist.get("ExitTimeOut"));
    assertTrue(exitTimeout > 30, "ExitTimeOut " + exitTimeout + " (expected: > the 30 s drain)");
  }

  @Test
  void installCreatesTheLogDirectory() throws Exception {
    install(script);

    assertTrue(Files.isDirectory(home.resolve("Library/Logs/cached")));
  }

  @Test
  void valuesAreXmlEscaped() throws Exception {
    Path config = Files.writeString(tmp.resolve("a&b <c>.toml"), "");
    runner.env("JAVA_HOME", "/opt/jdk & co");
    installer(script, "--launcher", launcher.toString(), "--config", config.toString(),
        "--dir", agentDir.toString(), "--no-launchctl", "install").assertSuccess();

    Map<String, String> plist = parse(agentDir.resolve("dev.cached.daemon.plist"));

    assertEquals("[" + json(launcher.toString()) + ", \"daemon\", \"--config\", "
        + json(config.toRealPath().toString()) + "]", plist.get("ProgramArguments"));
    assertEquals("{\"JAVA_HOME\": \"/opt/jdk & co\"}", plist.get("EnvironmentVariables"));
  }

  @Test
  void brokenTemplateFailsToParse_soTheCheckAboveCanFail() throws Exception {
    Path copy = ScriptRunner.copyServiceScripts(tmp.resolve("copy"));
    Path template = copy.resolve("launchd/dev.cached.daemon.plist.in");
    Files.writeString(template, Files.readString(template).replace("<true/>", "<true>"));
    Path plist = install(copy.resolve("install-launchd.sh"));
    Optional<Path> python = ScriptRunner.onPath("python3");
    assumeTrue(python.isPresent(), "python3 is not on PATH; skipping the plistlib check");

    ScriptRunner.Result result = runner.run(tmp,
        List.of(python.get().toString(), "-c", DUMP_PLIST, plist.toString()));

    assertNotEquals(0, result.exitCode(), result::toString);
  }

  @Test
  void printWritesWhatInstallWrites() throws Exception {
    Path plist = install(script);

    ScriptRunner.Result printed = installer(script, "--launcher", launcher.toString(), "print")
        .assertSuccess();

    assertEquals(Files.readString(plist), printed.stdout());
  }

  @Test
  void uninstallRemovesWhatInstallWrote() throws Exception {
    install(script);

    installer(script, "--dir", agentDir.toString(), "--no-launchctl", "uninstall")
        .assertSuccess();

    try (Stream<Path> left = Files.list(agentDir)) {
      assertEquals(List.of(), left.collect(Collectors.toList()));
    }
  }

  @Test
  void statusSaysWhetherTheAgentIsInstalled() throws Exception {
    String[] status = {"--dir", agentDir.toString(), "--no-launchctl", "status"};
    ScriptRunner.Result before = installer(script, status);
    install(script);
    ScriptRunner.Result after = installer(script, status);

    assertEquals(3, before.exitCode(), before::toString);
    after.assertSuccess();
    assertTrue(after.stdout().contains("installed: " + agentDir), after::toString);
  }

  @Test
  void installRefusesALauncherThatIsNotExecutable() throws Exception {
    Path missing = tmp.resolve("no-such-launcher");

    ScriptRunner.Result result = installer(script, "--launcher", missing.toString(),
        "--dir", agentDir.toString(), "--no-launchctl", "install");

    assertNotEquals(0, result.exitCode(), result::toString);
    assertFalse(Files.exists(agentDir.resolve("dev.cached.daemon.plist")));
  }
}
