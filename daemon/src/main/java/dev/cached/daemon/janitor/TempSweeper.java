package dev.cached.daemon.janitor;

import dev.cached.fs.FileOps;
import dev.cached.fs.TempNames;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up sweep: removes cached's own temp files (names matching {@link TempNames#PATTERN})
 * older than the daemon's start from every known root, never following symlinks and never touching
 * a file of any other name. A temp that cannot be deleted goes to the {@link LazyDeleter}.
 */
public final class TempSweeper {
  private static final Logger LOG = LoggerFactory.getLogger(TempSweeper.class);

  /** What one sweep did. */
  public record Result(long finishedAtMillis, int roots, int removed, int failed) {}

  private final FileOps fs;
  private final LazyDeleter lazy;

  public TempSweeper(FileOps fs, LazyDeleter lazy) {
    this.fs = fs;
    this.lazy = lazy;
  }

  /** Sweeps every root for temps last modified before {@code startedBefore}. */
  public Result sweep(List<Path> roots, FileTime startedBefore) {
    int[] removed = {0};
    int[] failed = {0};
    for (Path root : roots) {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      try {
        Files.walkFileTree(
            root,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()
                    && TempNames.isTemp(file.getFileName().toString())
                    && attrs.lastModifiedTime().compareTo(startedBefore) < 0) {
                  try {
                    fs.delete(file);
                    removed[0]++;
                  } catch (IOException e) {
                    failed[0]++;
                    lazy.add(file, e.toString());
                  }
                }
                return FileVisitResult.CONTINUE;
              }

              @Override
              public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
              }
            });
      } catch (IOException e) {
        LOG.warn("sweep: cannot walk {} ({})", root, e.toString());
      }
    }
    Result r = new Result(System.currentTimeMillis(), roots.size(), removed[0], failed[0]);
    LOG.info("sweep: {} roots, removed {} stale temps, {} left for lazy delete", r.roots(), r.removed(), r.failed());
    return r;
  }
}
