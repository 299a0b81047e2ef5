package dev.cached.fs.emulation;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * How Java on Windows reports a rename or delete of a file that another process holds open without
 * {@code FILE_SHARE_DELETE}. The JDK turns {@code ERROR_ACCESS_DENIED} into an {@link
 * AccessDeniedException} with no reason, and every other Win32 error into a plain {@link
 * FileSystemException} whose reason is the system's message text in the language of the Windows
 * installation; for a move, {@code file} is the source and {@code other} the target.
 */
public enum Violation {
  /** {@code ERROR_ACCESS_DENIED} (5): what {@code MoveFileEx} onto a held target usually reports. */
  ACCESS_DENIED(Map.of()),
  /** {@code ERROR_SHARING_VIOLATION} (32): what {@code DeleteFile} of a held file usually reports. */
  SHARING_VIOLATION(Map.of(
      "en", "The process cannot access the file because it is being used by another process.",
      "de", "Der Prozess kann nicht auf die Datei zugreifen, da sie von einem anderen Prozess verwendet wird.",
      "fr", "Le processus ne peut pas acc\u00e9der au fichier car ce fichier est utilis\u00e9 par un autre processus.",
      "es", "El proceso no tiene acceso al archivo porque est\u00e1 siendo utilizado por otro proceso.")),
  /** {@code ERROR_LOCK_VIOLATION} (33): a byte-range lock on the file. */
  LOCK_VIOLATION(Map.of(
      "en", "The process cannot access the file because another process has locked a portion of the file.",
      "de", "Der Prozess kann nicht auf die Datei zugreifen, da ein anderer Prozess einen Teil der Datei gesperrt hat.",
      "fr", "Le processus ne peut pas acc\u00e9der au fichier car un autre processus en a verrouill\u00e9 une partie.",
      "es", "El proceso no tiene acceso al archivo porque otro proceso tiene bloqueada una parte del archivo."));

  /** The languages whose system texts this emulation knows. */
  public static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "de", "fr", "es");

  private final Map<String, String> texts;

  Violation(Map<String, String> texts) {
    this.texts = texts;
  }

  /** The exception an English Windows throws for this error on {@code file} (and {@code other}, for a move). */
  public FileSystemException exception(Path file, Path other) {
    return exception(file, other, Locale.ENGLISH);
  }

  /** The exception a Windows installed in {@code language} throws for this error. */
  public FileSystemException exception(Path file, Path other, Locale language) {
    String f = file.toString();
    String o = other == null ? null : other.toString();
    if (this == ACCESS_DENIED) {
      return new AccessDeniedException(f, o, null);
    }
    String text = texts.get(language.getLanguage());
    if (text == null) {
      throw new IllegalArgumentException("language : " + language + " (expected: one of " + LANGUAGES + ")");
    }
    return new FileSystemException(f, o, text);
  }
}
