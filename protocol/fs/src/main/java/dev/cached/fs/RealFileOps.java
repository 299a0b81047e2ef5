package dev.cached.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link FileOps} on the real file system through {@link java.nio.file.Files}. Stateless and thread-safe. */
public final class RealFileOps implements FileOps {
  /** The shared instance. */
  public static final RealFileOps INSTANCE = new RealFileOps();

  private static final boolean POSIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  private static final Integer UMASK = POSIX ? readUmask() : null;
  private static final FileAttribute<?>[] NO_ATTRIBUTES = new FileAttribute<?>[0];
  private static final Set<StandardOpenOption> CREATE_NEW =
      EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  /** {@link #replace}'s options, one array for all calls. Never modified. */
  private static final CopyOption[] ATOMIC_REPLACE = {StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING};
  /** {@link #writeNew}'s create attributes by mode: at most 512, each immutable once made. */
  private static final ConcurrentMap<Integer, FileAttribute<?>[]> CREATE_MODES = new ConcurrentHashMap<>();
  /** {@link #retain}'s open, without the option set and arrays that the varargs open builds per call. */
  private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  /** Passed as varargs without a new array per call. Never modified. */
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  /** {@link #look} of a path where nothing is. */
  private static final Look NOTHING = new Look(null, Found.NOTHING);
  /** {@link #look} of a directory, symlink or other file that is not regular. */
  private static final Look NOT_REGULAR = new Look(null, Found.OTHER);
  /** {@link #look} where there are no POSIX modes (Windows): {@link #retain} looks itself. */
  private static final Look NO_MODES = new Look(null, Found.UNKNOWN);

  /** Where {@link #retain} pays: Linux frees a replaced file's blocks in the last close (see there). */
  private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

  private RealFileOps() {}

  @Override
  public void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  @Override
  public void writeNew(Path file, ByteBuffer[] data, boolean force) throws IOException {
    write(file, data, force, NO_ATTRIBUTES);
  }

  /**
   * Creates the file with {@code mode} when the process's umask keeps all of its bits, which saves
   * the open, chmod and close of setting it afterwards (three of a write's ten or so system calls);
   * otherwise sets it after the write. A directory's default ACL, where there is one, applies to the
   * create as it does to any file made there. The create's attribute is made once per mode (a
   * rewrite keeps the target's mode, so most writes ask for the same one or two).
   */
  @Override
  public void writeNew(Path file, ByteBuffer[] data, boolean force, Integer mode) throws IOException {
    if (mode != null && POSIX && UMASK != null && (mode & ~0777) == 0 && (mode & UMASK) == 0) {
      write(file, data, force, CREATE_MODES.computeIfAbsent(mode, RealFileOps::createMode));
      return;
    }
    FileOps.super.writeNew(file, data, force, mode); // write, then set the mode
  }

  private static FileAttribute<?>[] createMode(int mode) {
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions(mode))};
  }

  private static void write(Path file, ByteBuffer[] data, boolean force, FileAttribute<?>[] attributes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, CREATE_NEW, attributes)) {
      ByteBuffer[] bufs = new ByteBuffer[data.length];
      for (int i = 0; i < data.length; i++) {
        bufs[i] = data[i].duplicate(); // the caller's positions stay: a retry writes the same bytes
      }
      ByteBuffer last = bufs.length == 0 ? null : bufs[bufs.length - 1];
      while (last != null && last.hasRemaining()) {
        ch.write(bufs); // one gathering write per call; direct buffers go to the kernel without a copy
      }
      if (force) {
        ch.force(true);
      }
    }
  }

  @Override
  public void replace(Path source, Path target) throws IOException {
    Files.move(source, target, ATOMIC_REPLACE);
  }

  /**
   * Opens a regular file for reading. The type check comes first because opening a FIFO blocks
   * until a writer appears; a FIFO swapped in between the check and the open (by someone who may
   * write the directory) can still block it, as it would block any reader of that path. The check
   * is {@link #look}'s, so a new target costs no exception.
   */
  @Override
  public Closeable retain(Path file) {
    if (!LINUX) {
      return null;
    }
    try {
      return look(file).found() == Found.REGULAR ? retainFound(file) : null;
    } catch (IOException | RuntimeException e) {
      return null; // cannot be looked at: nothing to keep
    }
  }

  @Override
  public Closeable retainFound(Path file) {
    if (!LINUX) {
      return null;
    }
    try {
      return FileChannel.open(file, READ_NOFOLLOW, NO_ATTRIBUTES);
    } catch (IOException | RuntimeException e) {
      return null; // gone meanwhile, or not readable: the replace frees it inline, as without this
    }
  }

  @Override
  public String whyDenied(Path target) {
    try {
      BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isDirectory()) {
        return ErrorClassifier.DENIED_DIRECTORY;
      }
      DosFileAttributeView dos = Files.getFileAttributeView(target, DosFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (ErrorClassifier.ON_WINDOWS && dos != null && dos.readAttributes().isReadOnly()) {
        return ErrorClassifier.DENIED_READ_ONLY;
      }
    } catch (IOException | UnsupportedOperationException e) {
      return null; // nothing known: taken for a file held by another process
    }
    return null;
  }

  @Override
  public boolean delete(Path file) throws IOException {
    return Files.deleteIfExists(file);
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    if (!POSIX) {
      return; // Windows cannot open a directory for fsync; NTFS journals the rename itself.
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p);
      }
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    return out;
  }

  @Override
  public Integer mode(Path file) throws IOException {
    return look(file).mode();
  }

  /**
   * One {@code access} (see {@link #absent}) and one {@code lstat}. Reads the permissions from the
   * {@code lstat} attributes: the {@code unix:mode} attribute would spare the permission set but
   * costs more, for the map that {@code Files.getAttribute} builds: about 700 bytes a call against
   * 440 (JDK 17) or 190 (JDK 25).
   */
  @Override
  public Look look(Path file) throws IOException {
    if (!POSIX) {
      return NO_MODES;
    }
    if (absent(file)) {
      return NOTHING;
    }
    try {
      PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
      if (!a.isRegularFile()) {
        return NOT_REGULAR;
      }
      Set<PosixFilePermission> perms = a.permissions(); // a new set on every call: take it once
      int mode = 0;
      for (int i = 0; i < BITS.length; i++) {
        if (perms.contains(BITS[i])) {
          mode |= 1 << i;
        }
      }
      return new Look(mode, Found.REGULAR);
    } catch (NoSuchFileException e) {
      return NOTHING; // gone since absent() looked
    }
  }

  /**
   * True when nothing is at {@code file}, or only a dangling symlink, or it cannot be looked up: a
   * path {@link #look} finds nothing at and {@link #retain} keeps nothing of anyway. {@code Files.exists}
   * following links is one {@code access} call that reports a missing file without an exception
   * (JDK 17 and 25 alike; with {@code NOFOLLOW_LINKS} it reads the attributes, which throws), where
   * a missing file made the {@code lstat} in {@link #look} throw a {@code NoSuchFileException}:
   * about 930 bytes and several µs with its stack trace, for every write of a new file. An existing file pays the extra call (under a µs, no
   * allocation). A lookup error other than a missing file is met again by the write.
   */
  private static boolean absent(Path file) {
    return !Files.exists(file);
  }

  @Override
  public void setMode(Path file, int mode) throws IOException {
    if (!POSIX) {
      return;
    }
    Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(permissions(mode));
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.length; i++) {
      if ((mode & (1 << i)) != 0) {
        perms.add(BITS[i]);
      }
    }
    return perms;
  }

  /**
   * This process's umask, from {@code /proc/self/status} (Linux 4.7 and later), or null where that
   * cannot be read. Only the process itself changes its umask, and Java never does.
   */
  static Integer readUmask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: every mode is set after the write
    }
    return null;
  }
}
