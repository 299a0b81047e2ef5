package dev.cached.fs.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cached.fs.TempNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The promise "no temp left behind", checked after each test: a test registers the roots it
 * writes under (real directories or a {@link MemoryFileOps}) and, once it has passed, this fails it
 * if a file named like one of cached's temps is still under any of them (as okio-fakefilesystem's
 * {@code checkNoOpenFiles}). A failed test is not checked again: its own failure says more.
 *
 * <pre>{@code
 * @RegisterExtension final NoTempLeft noTempLeft = new NoTempLeft();
 * ...
 * Path root = noTempLeft.watch(dir.resolve("root"));
 * }</pre>
 *
 * <p>Concurrency: {@link #watch} is called on the test's thread, {@link #afterEach} after it.
 */
public final class NoTempLeft implements AfterEachCallback {
  private final List<Path> roots = new ArrayList<>();
  private final List<MemoryFileOps> disks = new ArrayList<>();

  /** Checks {@code root} (which need not exist yet) after the test; returns it. */
  public Path watch(Path root) {
    roots.add(root);
    return root;
  }

  /** Checks {@code disk} after the test; returns it. */
  public MemoryFileOps watch(MemoryFileOps disk) {
    disks.add(disk);
    return disk;
  }

  /** The temp files (cached's name pattern) under {@code root} now; none when it does not exist. */
  public static List<Path> temps(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> TempNames.isTemp(p.getFileName().toString())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the temps under " + root, e);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      return;
    }
    List<Path> left = new ArrayList<>();
    roots.forEach(r -> left.addAll(temps(r)));
    disks.forEach(d -> left.addAll(d.temps()));
    roots.clear();
    disks.clear();
    assertEquals(List.of(), left, "temps left behind by " + context.getDisplayName());
  }
}
