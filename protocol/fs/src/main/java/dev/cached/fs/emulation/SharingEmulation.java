package dev.cached.fs.emulation;

import dev.cached.fs.ErrorClassifier;
import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.cached.fs.FileOps;
import dev.cached.fs.TempNames;
import dev.cached.fs.Ticker;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A {@link FileOps} decorator that makes any file system behave like Windows towards files that
 * another process holds open without {@code FILE_SHARE_DELETE}: while a path is held, a {@link
 * #replace} from or onto it and a {@link #delete} of it fail exactly as Java on Windows reports it
 * (see {@link Violation}); everything else passes through. A hold ends by itself after its time on
 * the injected {@link Ticker}, or on {@link #release}.
 *
 * <p>Three ways to make faults:
 *
 * <ul>
 *   <li>{@link #hold}: a scanner holds a path for a while (the emulation proper);
 *   <li>a {@link Scanner} that decides holds as files come and go (the random scanner of the
 *       {@code faults.*} diagnostic, or a test's own);
 *   <li>scripts, like Okio's {@code MockSink}: {@link #scheduleThrow} fails call number N of one
 *       kind once; {@link #failWhile} fails every matching call until lifted (a full disk).
 * </ul>
 *
 * <p>{@link #windows} makes the errors those of a Windows in a given language (German, French,
 * Spanish or English), with read-only and directory targets refused as Windows refuses them.
 *
 * <p>Strict: {@link #leakedTemps} lists the temp files created through it that were neither moved
 * away nor deleted, and {@link #held} the paths it still considers open.
 *
 * <p>Concurrency: thread-safe; holds, counters and scripts live in concurrent structures, and a
 * call's check and its delegate call are not atomic together (as with a real scanner, which may
 * open a file between two calls).
 */
public final class SharingEmulation implements FileOps {
  private record Hold(long untilNanos, Violation violation) {}

  private record Rule(Call call, Predicate<Path> where, Supplier<? extends IOException> error) {}

  private final FileOps delegate;
  private final Ticker ticker;
  private volatile Scanner scanner = new Scanner() {};
  /** Null: errors as the delegate's platform reports them; else Windows errors in this language. */
  private volatile Locale windows;
  private final Set<Path> readOnly = ConcurrentHashMap.newKeySet();
  private final Map<Path, Hold> holds = new ConcurrentHashMap<>();
  private final Set<Path> temps = ConcurrentHashMap.newKeySet();
  private final Map<Call, AtomicInteger> counts = new EnumMap<>(Call.class);
  /** Call kind to (call number to error). */
  @GuardedBy("scripts")
  private final Map<Call, Map<Integer, IOException>> scripts = new EnumMap<>(Call.class);
  private final List<Rule> rules = new java.util.concurrent.CopyOnWriteArrayList<>();

  public SharingEmulation(FileOps delegate, Ticker ticker) {
    this.delegate = delegate;
    this.ticker = ticker;
    for (Call c : Call.values()) {
      counts.put(c, new AtomicInteger());
    }
  }

  /** Sets the scanner that is told about files and may hold them; returns this. */
  public SharingEmulation scanner(Scanner s) {
    this.scanner = s;
    return this;
  }

  /**
   * Makes this a Windows installed in {@code language} (one of {@link Violation#LANGUAGES}): the
   * texts of sharing and lock violations are in that language, {@link #windowsErrors()} is true so
   * they are classified by Windows rules, and a replace onto a directory or a {@link #readOnly}
   * file, or a delete of a read-only file, fails with access denied as on Windows. Returns this.
   */
  public SharingEmulation windows(Locale language) {
    Violation.SHARING_VIOLATION.exception(Path.of("x"), null, language); // checks the language now
    this.windows = language;
    return this;
  }

  /** Sets the DOS read-only attribute of {@code file} (it matters once {@link #windows} is set). */
  public void readOnly(Path file) {
    readOnly.add(file);
  }

  /**
   * Holds {@code path} open without share-delete for {@code time} from now; a longer hold already in
   * force stays. The path need not exist (a scanner may grab a file the moment it appears).
   */
  public void hold(Path path, Duration time, Violation violation) {
    long until = ticker.nanos() + time.toNanos();
    holds.merge(path, new Hold(until, violation), (a, b) -> a.untilNanos() >= b.untilNanos() ? a : b);
  }

  /** Ends a hold at once (the scanner closed the file). */
  public void release(Path path) {
    holds.remove(path);
  }

  /** True while {@code path} is held. */
  public boolean isHeld(Path path) {
    return violation(path) != null;
  }

  /** The paths held now, sorted: what a strict test expects to be empty at its end. */
  public List<Path> held() {
    long now = ticker.nanos();
    List<Path> out = new ArrayList<>();
    holds.forEach((p, h) -> {
      if (h.untilNanos() > now) {
        out.add(p);
      }
    });
    out.sort(null);
    return out;
  }

  /** Temp files (cached's name pattern) created through this emulation and still there, sorted. */
  public List<Path> leakedTemps() {
    return new ArrayList<>(new TreeSet<>(temps));
  }

  /**
   * Makes call number {@code n} (1-based, counting every call of that kind made through this
   * emulation, failed ones included) of kind {@code call} throw {@code error} without touching the
   * delegate.
   */
  public void scheduleThrow(Call call, int n, IOException error) {
    if (n <= counts.get(call).get()) {
      throw new IllegalArgumentException("n : " + n + " (expected: > " + counts.get(call).get() + ", the calls of " + call + " so far)");
    }
    synchronized (scripts) {
      scripts.computeIfAbsent(call, c -> new ConcurrentHashMap<>()).put(n, error);
    }
  }

  /**
   * Fails every call of kind {@code call} on a path matching {@code where} with a fresh {@code
   * error}, without touching the delegate, until the returned handle runs.
   */
  public Runnable failWhile(Call call, Predicate<Path> where, Supplier<? extends IOException> error) {
    Rule r = new Rule(call, where, error);
    rules.add(r);
    return () -> rules.remove(r);
  }

  /** How many calls of kind {@code call} were made through this emulation, failed ones included. */
  public int calls(Call call) {
    return counts.get(call).get();
  }

  /** The total of {@link #calls} over every kind. */
  public int calls() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    enter(Call.CREATE_DIRECTORIES, dir);
    delegate.createDirectories(dir);
  }

  @Override
  public void writeNew(Path file, ByteBuffer[] data, boolean force) throws IOException {
    enter(Call.WRITE_NEW, file);
    boolean temp = TempNames.isTemp(file.getFileName().toString());
    if (temp) {
      temps.add(file); // before the write: a half-written temp is a leak too until deleted
    }
    delegate.writeNew(file, data, force);
    scanner.created(this, file);
  }

  @Override
  public void replace(Path source, Path target) throws IOException {
    enter(Call.REPLACE, target);
    scanner.beforeReplace(this, source, target);
    Violation v = violation(target);
    if (v == null) {
      v = violation(source);
    }
    if (v != null) {
      throw v.exception(source, target, language());
    }
    if (windows != null && (readOnly.contains(target) || ErrorClassifier.DENIED_DIRECTORY.equals(delegate.whyDenied(target)))) {
      throw new AccessDeniedException(source.toString(), target.toString(), null); // MoveFileEx: 5
    }
    delegate.replace(source, target);
    readOnly.remove(target); // the moved file brings its own attributes
    temps.remove(source);
    temps.remove(target);
    scanner.gone(this, source);
  }

  /** Passes through: reading a file is shared with any scanner, on Windows too. */
  @Override
  public Closeable retain(Path file) {
    return delegate.retain(file);
  }

  @Override
  public boolean delete(Path file) throws IOException {
    enter(Call.DELETE, file);
    Violation v = violation(file);
    if (v != null) {
      throw v.exception(file, null, language());
    }
    if (windows != null && readOnly.contains(file)) {
      throw new AccessDeniedException(file.toString()); // DeleteFile of a read-only file: 5
    }
    boolean existed = delegate.delete(file);
    readOnly.remove(file);
    temps.remove(file);
    scanner.gone(this, file);
    return existed;
  }

  @Override
  public void forceDirectory(Path dir) throws IOException {
    enter(Call.FORCE_DIRECTORY, dir);
    delegate.forceDirectory(dir);
  }

  @Override
  public List<Path> list(Path dir) throws IOException {
    enter(Call.LIST, dir);
    return delegate.list(dir);
  }

  @Override
  public Integer mode(Path file) throws IOException {
    enter(Call.MODE, file);
    return delegate.mode(file);
  }

  @Override
  public void setMode(Path file, int mode) throws IOException {
    enter(Call.SET_MODE, file);
    delegate.setMode(file, mode);
  }

  @Override
  public boolean windowsErrors() {
    return windows != null || delegate.windowsErrors();
  }

  @Override
  public String whyDenied(Path target) {
    return readOnly.contains(target) ? ErrorClassifier.DENIED_READ_ONLY : delegate.whyDenied(target);
  }

  private Locale language() {
    Locale l = windows;
    return l == null ? Locale.ENGLISH : l;
  }

  /** Counts the call and throws what a script says for it. */
  private void enter(Call call, Path path) throws IOException {
    int n = counts.get(call).incrementAndGet();
    IOException scripted;
    synchronized (scripts) {
      Map<Integer, IOException> s = scripts.get(call);
      scripted = s == null ? null : s.remove(n);
    }
    if (scripted != null) {
      throw scripted;
    }
    for (Rule r : rules) {
      if (r.call() == call && r.where().test(path)) {
        throw r.error().get();
      }
    }
  }

  private Violation violation(Path path) {
    Hold h = holds.get(path);
    if (h == null) {
      return null;
    }
    if (h.untilNanos() <= ticker.nanos()) {
      holds.remove(path, h);
      return null;
    }
    return h.violation();
  }
}
