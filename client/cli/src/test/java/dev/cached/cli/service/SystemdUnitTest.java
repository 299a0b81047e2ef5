package dev.cached.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/service/install-systemd.sh} and the user unit it writes. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bash scripts; the unit is for Linux")
class SystemdUnitTest {

  @TempDir Path tmp;
  private ScriptRunner runner;
  private Path script;
  private Path launcher;
  private Path unitDir;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(tmp.resolve("scratch"));
    runner = new ScriptRunner(tmp.resolve("scratch")).env("HOME", tmp.resolve("home").toString());
    runner.env("XDG_CONFIG_HOME", tmp.resolve("home/.config").toString());
    script = ScriptRunner.repoRoot().resolve("scripts/service/install-systemd.sh");
    // A space and systemd's specifier character in the path test the quoting.
    launcher = ScriptRunner.fakeLauncher(tmp.resolve("cached home 100%")).toRealPath();
    unitDir = tmp.resolve("units");
  }

  private ScriptRunner.Result installer(Path installScript, String... args)
      throws IOException, InterruptedException {
    return runner.bash(tmp, installScript, args);
  }

  private Path install(String... extra) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(
        "--launcher", launcher.toString(), "--dir", unitDir.toString(), "--no-systemctl"));
    args.addAll(List.of(extra));
    args.add("install");
    installer(script, args.toArray(String[]::new)).assertSuccess();
    Path unit = unitDir.resolve("cached.service");
    assertTrue(Files.isRegularFile(unit), "install did not write " + unit);
    return unit;
  }

  private static List<String> lines(Path unit) throws IOException {
    return Files.readAllLines(unit, StandardCharsets.UTF_8);
  }

  private static String value(List<String> lines, String key) {
    List<String> found = lines.stream().filter(l -> l.startsWith(key + "="))
        .map(l -> l.substring(key.length() + 1)).collect(Collectors.toList());
    assertEquals(1, found.size(), () -> "expected one " + key + "= line in\n" + lines);
    return found.get(0);
  }

  /** The launcher path as it must appear in an Exec line: quoted, "%" doubled. */
  private String execLauncher() {
    return "\"" + launcher.toString().replace("%", "%%") + "\"";
  }

  /**
   * Runs {@code systemd-analyze --user verify} on a unit and returns its complaints about it.
   * A scratch runtime directory lets the user mode run where no user session exists (CI).
   */
  private List<String> verify(Path unit) throws IOException, InterruptedException {
    Optional<Path> analyze = ScriptRunner.onPath("systemd-analyze");
    assumeTrue(analyze.isPresent(),
        "systemd-analyze is not on PATH (Debian/Ubuntu: apt-get install systemd); skipping");
    Path runtime = Files.createDirectories(tmp.resolve("runtime"));
    runner.env("XDG_RUNTIME_DIR", runtime.toString());
    ScriptRunner.Result result = runner.run(tmp,
        List.of(analyze.get().toString(), "--user", "verify", unit.toString()));
    String name = unit.getFileName().toString();
    List<String> complaints = Stream.of(result.stderr(), result.stdout())
        .flatMap(String::lines).filter(l -> l.contains(name)).collect(Collectors.toList());
    if (result.exitCode() != 0 && complaints.isEmpty()) {
      complaints.add("systemd-analyze failed: " + result);
    }
    return complaints;
  }

  @Test
  void installedUnitPassesSystemdAnalyzeVerify() throws Exception {
    Path unit = install();

    assertEquals(List.of(), verify(unit), () -> "unit:\n" + String.join("\n", uncheckedLines(unit)));
  }

  @Test
  void installedUnitWithConfigPassesSystemdAnalyzeVerify() throws Exception {
    Path config = Files.writeString(tmp.resolve("my config.toml"), "");
    Path unit = install("--config", config.toString());

    assertEquals(List.of(), verify(unit));
  }

  @Test
  void verifyReportsAMisspelledKey_soTheCheckAboveCanFail() throws Exception {
    Path copy = ScriptRunner.copyServiceScripts(tmp.resolve("copy"));
    Path template = copy.resolve("systemd/cached.service.in");
    Files.writeString(template, Files.readString(template).replace("Type=simple", "Tpye=simple"));
    installer(copy.resolve("install-systemd.sh"), "--launcher", launcher.toString(),
        "--dir", unitDir.toString(), "--no-systemctl", "install").assertSuccess();

    List<String> complaints = verify(unitDir.resolve("cached.service"));

    assertTrue(complaints.stream().anyMatch(l -> l.contains("Tpye")), complaints::toString);
  }

  @Test
  void unitRunsTheLauncherAndOutlastsTheDrain() throws Exception {
    List<String> unit = lines(install());

    assertEquals("simple", value(unit, "Type"));
    assertEquals(execLauncher() + " daemon", value(unit, "ExecStart"));
    assertEquals(execLauncher() + " stop", value(unit, "ExecStop"));
    assertEquals("on-failure", value(unit, "Restart"));
    assertTrue(value(unit, "RestartSec").matches("[1-9][0-9]*s"), value(unit, "RestartSec"));
    String stopTimeout = value(unit, "TimeoutStopSec");
    assertTrue(stopTimeout.matches("[0-9]+s"), stopTimeout);
    int seconds = Integer.parseInt(stopTimeout.replace("s", ""));
    assertTrue(seconds > 30 && seconds <= 90, "TimeoutStopSec " + seconds
        + " (expected: a bit above the daemon's 30 s drain)");
    assertEquals("default.target", value(unit, "WantedBy"));
    assertTrue(value(unit, "Documentation").startsWith("file://"), value(unit, "Documentation"));
  }

  @Test
  void configIsPassedToDaemonAndStop() throws Exception {
    Path config = Files.writeString(tmp.resolve("config.toml"), "");
    List<String> unit = lines(install("--config", config.toString()));

    String quoted = " --config \"" + config.toRealPath().toString().replace("%", "%%") + "\"";
    assertEquals(execLauncher() + " daemon" + quoted, value(unit, "ExecStart"));
    assertEquals(execLauncher() + " stop" + quoted, value(unit, "ExecStop"));
  }

  @Test
  void printWritesWhatInstallWrites() throws Exception {
    Path unit = install();

    ScriptRunner.Result printed = installer(script, "--launcher", launcher.toString(), "print")
        .assertSuccess();

    assertEquals(Files.readString(unit), printed.stdout());
  }

  @Test
  void uninstallRemovesWhatInstallWrote() throws Exception {
    install();

    installer(script, "--dir", unitDir.toString(), "--no-systemctl", "uninstall").assertSuccess();

    try (Stream<Path> left = Files.list(unitDir)) {
      assertEquals(List.of(), left.collect(Collectors.toList()));
    }
  }

  @Test
  void statusSaysWhetherTheUnitIsInstalled() throws Exception {
    String[] status = {"--dir", unitDir.toString(), "--no-systemctl", "status"};
    ScriptRunner.Result before = installer(script, status);
    install();
    ScriptRunner.Result after = installer(script, status);

    assertEquals(3, before.exitCode(), before::toString);
    assertTrue(before.stdout().contains("not installed"), before::toString);
    after.assertSuccess();
    assertTrue(after.stdout().contains("installed: " + unitDir), after::toString);
  }

  @Test
  void defaultDirectoryIsTheUserUnitDirectory() throws Exception {
    installer(script, "--launcher", launcher.toString(), "--no-systemctl", "install")
        .assertSuccess();

    assertTrue(Files.isRegularFile(tmp.resolve("home/.config/systemd/user/cached.service")));
  }

  @Test
  void installRefusesALauncherThatIsNotExecutable() throws Exception {
    Path missing = tmp.resolve("no-such-launcher");

    ScriptRunner.Result result = installer(script, "--launcher", missing.toString(),
        "--dir", unitDir.toString(), "--no-systemctl", "install");

    assertNotEquals(0, result.exitCode(), result::toString);
    assertTrue(result.stderr().contains(missing.toString()), result::toString);
    assertFalse(Files.exists(unitDir.resolve("cached.service")));
  }

  @Test
  void unfilledPlaceholderInTheTemplateFailsTheInstall() throws Exception {
    Path copy = ScriptRunner.copyServiceScripts(tmp.resolve("copy"));
    Path template = copy.resolve("systemd/cached.service.in");
    Files.writeString(template, Files.readString(template) + "Environment=X=@NOT_A_VALUE@\n");

    ScriptRunner.Result result = installer(copy.resolve("install-systemd.sh"),
        "--launcher", launcher.toString(), "--dir", unitDir.toString(), "--no-systemctl",
        "install");

    assertNotEquals(0, result.exitCode(), result::toString);
    assertTrue(result.stderr().contains("@NOT_A_VALUE@"), result::toString);
    assertFalse(Files.exists(unitDir.resolve("cached.service")));
  }

  private static List<String> uncheckedLines(Path unit) {
    try {
      return lines(unit);
    } catch (IOException e) {
      return List.of("(cannot read " + unit + ": " + e + ")");
    }
  }
}
