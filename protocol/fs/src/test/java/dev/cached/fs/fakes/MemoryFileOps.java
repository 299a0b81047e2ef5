package dev.cached.fs.fakes;

import dev.cached.fs.FileOps;
import dev.cached.fs.TempNames;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A file system in memory that fails like Linux does (through Java): a missing parent is {@link
 * NoSuchFileException}, a parent that is a file is "Not a directory", an existing file on a create
 * is {@link FileAlreadyExistsException}. It keeps a journal of every change that a reader of a
 * non-temp path could see, in order, for ordering checks.
 *
 * <p>Concurrency: every method is synchronized.
 */
public final class MemoryFileOps implements FileOps {
  /** A visible change: {@code content} null means the path was deleted. */
  public record Change(Path path, byte[] content) {}

  private final Map<Path, byte[]> files = new HashMap<>();
  private final Set<Path> dirs = new HashSet<>();
  private final List<Change> journal = new ArrayList<>();
  /** Handles {@link #retain} gave out: how many in all, how many not yet closed. */
  private int retained;
  private int retainedOpen;

  public MemoryFileOps(Path... roots) {
    for (Path r : roots) {
      for (Path p = r; p != null; p = p.getParent()) {
        dirs.add(p);
      }
    }
  }

  @Override
  public synchronized void createDirectories(Path dir) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p != null && !dirs.contains(p); p = p.getParent()) {
      if (files.containsKey(p)) {
        if (p.equals(dir)) {
          throw new FileAlreadyExistsException(p.toString());
        }
        throw new FileSystemException(missing.get(missing.size() - 1).toString(), null, "Not a directory");
      }
      missing.add(p);
    }
    dirs.addAll(missing);
  }

  @Override
  public synchronized void writeNew(Path file, ByteBuffer[] data, boolean force) throws IOException {
    checkParent(file);
    if (files.containsKey(file) || dirs.contains(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (ByteBuffer b : data) {
      ByteBuffer d = b.duplicate();
      byte[] chunk = new byte[d.remaining()];
      d.get(chunk);
      out.write(chunk, 0, chunk.length);
    }
    files.put(file, out.toByteArray());
  }

  @Override
  public synchronized void replace(Path source, Path target) throws IOException {
    byte[] data = files.get(source);
    if (data == null) {
      throw new NoSuchFileException(source.toString());
    }
    checkParent(target);
    if (dirs.contains(target)) {
      throw new FileSystemException(source.toString(), target.toString(), "Is a directory");
    }
    files.remove(source);
    files.put(target, data);
    record(target, data);
  }

  /** A handle on an existing file that only counts: memory has no storage to free later. */
  @Override
  public synchronized Closeable retain(Path file) {
    if (!files.containsKey(file)) {
      return null;
    }
    retained++;
    retainedOpen++;
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        synchronized (this) {
          retainedOpen--;
        }
      }
    };
  }

  /** Handles {@link #retain} gave out so far. */
  public synchronized int retained() {
    return retained;
  }

  /** Handles {@link #retain} gave out that are not closed yet. */
  public synchronized int retainedOpen() {
    return retainedOpen;
  }

  @Override
  public synchronized boolean delete(Path file) throws IOException {
    if (!dirs.contains(file.getParent()) && !files.containsKey(file.getParent())) {
      return false; // deleteIfExists: a missing parent means a missing file
    }
    checkParent(file);
    boolean existed = files.remove(file) != null;
    if (existed) {
      record(file, null);
    }
    return existed;
  }

  @Override
  public synchronized String whyDenied(Path target) {
    return dirs.contains(target) ? dev.cached.fs.ErrorClassifier.DENIED_DIRECTORY : null;
  }

  @Override
  public void forceDirectory(Path dir) {}

  @Override
  public synchronized List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    files.keySet().forEach(p -> {
      if (dir.equals(p.getParent())) {
        out.add(p);
      }
    });
    dirs.forEach(p -> {
      if (dir.equals(p.getParent())) {
        out.add(p);
      }
    });
    return out;
  }

  @Override
  public Integer mode(Path file) {
    return null;
  }

  @Override
  public void setMode(Path file, int mode) {}

  /** The content of {@code file}, or null when it does not exist. */
  public synchronized byte[] read(Path file) {
    byte[] b = files.get(file);
    return b == null ? null : b.clone();
  }

  /** Puts a file directly, as another program would; not journalled. */
  public synchronized void put(Path file, byte[] data) {
    files.put(file, data.clone());
  }

  /** Every file, sorted by path. */
  public synchronized Map<Path, byte[]> files() {
    return new TreeMap<>(files);
  }

  /** The temp files (cached's name pattern) present now. */
  public synchronized List<Path> temps() {
    return files.keySet().stream().filter(p -> TempNames.isTemp(p.getFileName().toString())).sorted().toList();
  }

  /** Visible changes to non-temp paths, in the order they happened. */
  public synchronized List<Change> journal() {
    return new ArrayList<>(journal);
  }

  private void record(Path path, byte[] content) {
    if (!TempNames.isTemp(path.getFileName().toString())) {
      journal.add(new Change(path, content));
    }
  }

  private void checkParent(Path file) throws IOException {
    Path parent = file.getParent();
    if (dirs.contains(parent)) {
      return;
    }
    if (files.containsKey(parent)) {
      throw new FileSystemException(file.toString(), null, "Not a directory");
    }
    throw new NoSuchFileException(file.toString());
  }
}
