package dev.cached.fs.emulation;

/** The calls of {@link dev.cached.fs.FileOps}, for scripting and counting faults. */
public enum Call {
  CREATE_DIRECTORIES,
  WRITE_NEW,
  REPLACE,
  DELETE,
  FORCE_DIRECTORY,
  LIST,
  MODE,
  SET_MODE
}
