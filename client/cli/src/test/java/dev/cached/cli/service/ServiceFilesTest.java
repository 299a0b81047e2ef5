package dev.cached.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Rules every committed service file keeps, whatever its platform. */
class ServiceFilesTest {

  private static final Path ROOT = ScriptRunner.repoRoot();

  @TempDir Path tmp;

  private static List<Path> serviceFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(ROOT.resolve("scripts/service"))) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    files.add(ROOT.resolve("scripts/cached.cmd"));
    Path workflow = ROOT.resolve(".github/workflows/ci.yml");
    if (Files.exists(workflow)) {
      files.add(workflow);
    }
    return files;
  }

  @Test
  void noFileHoldsThisMachinesRepositoryPath() throws Exception {
    String root = ROOT.toString();
    String home = System.getProperty("user.home");
    List<String> offenders = new ArrayList<>();
    for (Path file : serviceFiles()) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.contains(root) || (home.length() > 1 && text.contains(home + "/"))) {
        offenders.add(ROOT.relativize(file).toString());
      }
    }

    assertEquals(List.of(), offenders, "files holding " + root + " or " + home);
  }

  @Test
  @DisabledOnOs(value = OS.WINDOWS, disabledReason = "shellcheck runs where bash does")
  void shellScriptsPassShellcheck() throws Exception {
    Optional<Path> shellcheck = ScriptRunner.onPath("shellcheck");
    assumeTrue(shellcheck.isPresent(),
        "shellcheck is not on PATH (Debian/Ubuntu: apt-get install shellcheck); skipping");
    List<String> command = new ArrayList<>(List.of(shellcheck.get().toString(), "-x"));
    command.addAll(serviceFiles().stream().filter(f -> f.toString().endsWith(".sh"))
        .map(f -> ROOT.relativize(f).toString()).collect(Collectors.toList()));
    command.add("scripts/cached"); // the launcher every service runs

    new ScriptRunner(tmp).run(ROOT, command).assertSuccess();
  }
}
