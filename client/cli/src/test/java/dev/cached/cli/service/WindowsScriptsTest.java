package dev.cached.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Windows pieces: {@code scripts/service/windows/install-cached.ps1} and the launcher
 * {@code scripts/cached.cmd}. They can only run on Windows, so most checks are structural;
 * where PowerShell is installed (the Windows CI runners), the script is also parsed.
 */
class WindowsScriptsTest {

  private static final Path ROOT = ScriptRunner.repoRoot();
  private static final Path INSTALLER = ROOT.resolve("scripts/service/windows/install-cached.ps1");
  private static final Path LAUNCHER = ROOT.resolve("scripts/cached.cmd");

  @TempDir Path tmp;

  private static String read(Path file) throws IOException {
    assertTrue(Files.isRegularFile(file), file + " is missing");
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static void assertMentions(String text, Path file, String... needles) {
    for (String needle : needles) {
      assertTrue(text.contains(needle), file.getFileName() + " does not mention " + needle);
    }
  }

  @Test
  void installerRegistersAndUnregistersAScheduledTask() throws Exception {
    String ps1 = read(INSTALLER);

    assertMentions(ps1, INSTALLER, "Register-ScheduledTask", "Unregister-ScheduledTask",
        "Get-ScheduledTaskInfo", "New-ScheduledTaskTrigger -AtLogOn", "-Hidden",
        "-RestartCount", "-ExecutionTimeLimit ([TimeSpan]::Zero)", "Set-StrictMode",
        "$ErrorActionPreference = 'Stop'");
  }

  @Test
  void installerHasInstallUninstallAndStatusModes() throws Exception {
    String ps1 = read(INSTALLER);

    assertMentions(ps1, INSTALLER, "DefaultParameterSetName = 'Install'",
        "[switch] $Uninstall", "[switch] $Status",
        "'Install'   { Install-CachedTask }", "'Uninstall' { Uninstall-CachedTask }",
        "'Status'    { Show-CachedTask }");
  }

  @Test
  void installerRunsTheWindowsLauncherWithDaemon() throws Exception {
    String ps1 = read(INSTALLER);

    assertMentions(ps1, INSTALLER, "'..\\..\\cached.cmd'", " daemon");
    Path launcher = INSTALLER.getParent().resolve("../../cached.cmd").normalize();
    assertEquals(LAUNCHER, launcher, "install-cached.ps1 must find scripts/cached.cmd");
    assertTrue(Files.isRegularFile(launcher));
  }

  @Test
  void launcherBuildsThenRunsTheCliJar() throws Exception {
    String cmd = read(LAUNCHER);

    assertMentions(cmd, LAUNCHER, "%~dp0..", "client\\cli\\target\\cached.jar",
        "call mvn -B -q -DskipTests package", "-jar \"%CACHED_JAR%\" %*", "exit /b %ERRORLEVEL%");
    // The jar it looks for is the one the cli module builds.
    String pom = read(ROOT.resolve("client/cli/pom.xml"));
    assertTrue(pom.contains("<finalName>cached</finalName>"), "client/cli/pom.xml finalName");
  }

  /**
   * Regression for issue 17, point 9: the launcher ran a bare {@code java -jar}. Now the daemon
   * gets the options of {@code scripts/daemon.jvmopts} (the argument file that scripts/cached and
   * the jar read too), its class-data archive, and every command {@code CACHED_JAVA_OPTS}; before a
   * daemon starts, a stale jar is rebuilt.
   */
  @Test
  void launcherGivesTheDaemonTheSharedOptions_theArchive_andCachedJavaOpts() throws Exception {
    String cmd = read(LAUNCHER);
    assertMentions(cmd, LAUNCHER, "set CACHED_JVM=@\"%CACHED_HOME%\\scripts\\daemon.jvmopts\"",
        "if /i not \"%~1\"==\"daemon\" goto exec", "cached-daemon.jsa",
        "-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=",
        "\"%CACHED_JAVA%\" %CACHED_JVM% %CACHED_JAVA_OPTS% -jar \"%CACHED_JAR%\" %*",
        "jar-stale.ps1\" \"%CACHED_HOME%\"", "copy /b cached.jar +,,");
    assertTrue(Files.isRegularFile(ROOT.resolve("scripts/daemon.jvmopts")));
    String stale = read(ROOT.resolve("scripts/jar-stale.ps1"));
    for (String module : new String[] {"protocol\\wire", "protocol\\fs", "config", "daemon", "client\\lib", "client\\cli"}) {
      assertMentions(stale, ROOT.resolve("scripts/jar-stale.ps1"), "'" + module + "'");
      assertTrue(Files.isDirectory(ROOT.resolve(module.replace('\\', '/') + "/src/main")), module + " is a module the jar holds");
    }
    assertMentions(stale, ROOT.resolve("scripts/jar-stale.ps1"), "'scripts\\daemon.jvmopts'", "Set-StrictMode");
  }

  /** Regression for issue 17, point 10: the README promised the task JAVA_HOME, and it never got it. */
  @Test
  void installerGivesTheTaskTheJavaHomeOfTheInstall() throws Exception {
    String ps1 = read(INSTALLER);
    assertMentions(ps1, INSTALLER, "function Get-JavaHomeLine", "`$env:JAVA_HOME = '",
        "$env:JAVA_HOME.Replace(\"'\", \"''\")", "return (Get-JavaHomeLine) + @\"");
  }

  @Test
  void everyGotoInTheLauncherHasItsLabel() throws Exception {
    String cmd = read(LAUNCHER);
    Set<String> targets = new TreeSet<>();
    Set<String> labels = new TreeSet<>();
    Matcher gotos = Pattern.compile("(?i)\\bgoto\\s+:?(\\w+)").matcher(cmd);
    while (gotos.find()) {
      targets.add(gotos.group(1).toLowerCase());
    }
    try (Stream<String> lines = cmd.lines()) {
      lines.filter(l -> l.startsWith(":")).forEach(l -> labels.add(l.substring(1).trim()));
    }

    assertTrue(!targets.isEmpty(), "expected gotos in " + LAUNCHER);
    assertTrue(labels.containsAll(targets), "goto targets " + targets + ", labels " + labels);
  }

  @Test
  void installerParsesWithPowerShell() throws Exception {
    Optional<Path> shell = ScriptRunner.onPath("pwsh").or(() -> ScriptRunner.onPath("powershell"));
    assumeTrue(shell.isPresent(), "neither pwsh nor powershell is on PATH; skipping the parse");
    String check = "$e = $null; "
        + "[void][System.Management.Automation.Language.Parser]::ParseFile("
        + "$env:CACHED_PS1, [ref]$null, [ref]$e); "
        + "if ($e) { $e | ForEach-Object { $_.ToString() }; exit 1 }";

    ScriptRunner.Result result = new ScriptRunner(tmp).env("CACHED_PS1", INSTALLER.toString())
        .run(tmp, List.of(shell.get().toString(), "-NoProfile", "-NonInteractive", "-Command",
            check));

    result.assertSuccess();
    ScriptRunner.Result stale = new ScriptRunner(tmp).env("CACHED_PS1", ROOT.resolve("scripts/jar-stale.ps1").toString())
        .run(tmp, List.of(shell.get().toString(), "-NoProfile", "-NonInteractive", "-Command", check));
    stale.assertSuccess();
  }
}
