package dev.cached.fs.fakes;

import dev.cached.fs.FileOps;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/** A {@link FileOps} that passes every call to another: a test overrides the calls it watches. */
public class ForwardingFileOps implements FileOps {
  protected final FileOps real;

  public ForwardingFileOps(FileOps real) {
    this.real = real;
  }

  @Override public void createDirectories(Path dir) throws IOException {
    real.createDirectories(dir);
  }

  @Override public void writeNew(Path file, ByteBuffer[] data, boolean force) throws IOException {
    real.writeNew(file, data, force);
  }

  @Override public void writeNew(Path file, ByteBuffer[] data, boolean force, Integer mode) throws IOException {
    real.writeNew(file, data, force, mode);
  }

  @Override public void replace(Path source, Path target) throws IOException {
    real.replace(source, target);
  }

  @Override public Closeable retain(Path file) {
    return real.retain(file);
  }

  @Override public Look look(Path file) throws IOException {
    return real.look(file);
  }

  @Override public Closeable retainFound(Path file) {
    return real.retainFound(file);
  }

  @Override public boolean delete(Path file) throws IOException {
    return real.delete(file);
  }

  @Override public void forceDirectory(Path dir) throws IOException {
    real.forceDirectory(dir);
  }

  @Override public List<Path> list(Path dir) throws IOException {
    return real.list(dir);
  }

  @Override public Integer mode(Path file) throws IOException {
    return real.mode(file);
  }

  @Override public void setMode(Path file, int mode) throws IOException {
    real.setMode(file, mode);
  }

  @Override public boolean windowsErrors() {
    return real.windowsErrors();
  }

  @Override public String whyDenied(Path target) {
    return real.whyDenied(target);
  }
}
