package dev.cached.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cached cds}: makes the class-data archives beside {@code cached.jar} when they are missing
 * or stale ({@link ArchiveTraining}). Hidden: {@code scripts/cached} runs it before a command when
 * an archive is stale. Prints one line; exit 0 when fresh archives are in place, else 1.
 */
@Command(name = "cds", hidden = true, mixinStandardHelpOptions = true,
    description = "Make the class-data archives beside cached.jar when they are missing or older than the jars (scripts/cached runs this).")
final class CdsCommand implements Callable<Integer> {
  @Option(names = "--force", description = "make them even when they are fresh, or when an earlier attempt failed")
  boolean force;

  @Override
  public Integer call() {
    Optional<Path> jar = ClassDataArchive.runningJar();
    if (jar.isEmpty()) {
      System.err.println("cached cds: needs cached.jar as the class path (this runs from "
          + System.getProperty("java.class.path") + ")");
      return 1;
    }
    ArchiveTraining.Outcome o = new ArchiveTraining(jar.get(), DaemonLauncher.javaCommand()).ensure(force);
    (o.ok() ? System.out : System.err).println("cached cds: " + o.message());
    return o.ok() ? 0 : 1;
  }
}
