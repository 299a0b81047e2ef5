"""``cached-mypy [mypy args]``: ``python -m mypy`` under ``cached-run``, its cache directory as the root.

The cache directory is mypy's own choice: ``--cache-dir``, else ``MYPY_CACHE_DIR``,
else ``cache_dir`` of the config file (``--config-file``, else the first of
``mypy.ini``, ``.mypy.ini``, ``pyproject.toml``, ``setup.cfg`` that has a mypy
section), else ``.mypy_cache``. mypy 2.x keeps its cache in SQLite by default:
there is no replace to route, so cached-mypy says so in one line and runs mypy
unchanged, unless ``--no-sqlite-cache`` (or ``sqlite_cache = False``) is given.

``CACHED_MYPY_PYTHON`` names the interpreter that runs mypy (default: this one).
"""

import configparser
import os
import re
import subprocess
import sys
from typing import Dict, List, Optional, Tuple

from . import run as _run

CONFIG_FILES = ("mypy.ini", ".mypy.ini", "pyproject.toml", "setup.cfg")


def _flag(args: List[str], name: str) -> Optional[str]:
    """The value of ``--name VALUE`` or ``--name=VALUE`` (the last one), or ``None``."""
    value = None
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            value = args[i + 1]
        elif a.startswith(name + "="):
            value = a[len(name) + 1:]
    return value


def config_options(args: List[str], cwd: str = ".") -> Dict[str, str]:
    """The ``[mypy]`` / ``[tool.mypy]`` options of the config file mypy would read."""
    explicit = _flag(args, "--config-file")
    candidates = [explicit] if explicit else [os.path.join(cwd, n) for n in CONFIG_FILES]
    for path in candidates:
        if not path or not os.path.isfile(path):
            continue
        if path.endswith(".toml"):
            found = _toml_section(path)
        else:
            cp = configparser.RawConfigParser()
            try:
                cp.read(path, encoding="utf-8")
            except configparser.Error:
                continue
            found = dict(cp.items("mypy")) if cp.has_section("mypy") else None
        if found is not None:
            return found
    return {}


def _toml_section(path: str) -> Optional[Dict[str, str]]:
    """``[tool.mypy]`` scalars as strings: tomllib where there is one, else a line scan."""
    try:
        import tomllib  # type: ignore[import-not-found]

        with open(path, "rb") as f:
            section = tomllib.load(f).get("tool", {}).get("mypy")
        return None if section is None else {k: str(v) for k, v in section.items()}
    except ImportError:
        pass
    except Exception:
        return None
    out = None  # type: Optional[Dict[str, str]]
    inside = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("["):
                inside = line == "[tool.mypy]"
                if inside:
                    out = {}
                continue
            m = re.match(r'([A-Za-z_]+)\s*=\s*"?([^"#]*)"?', line)
            if inside and out is not None and m:
                out[m.group(1)] = m.group(2).strip()
    return out


def cache_dir(args: List[str], environ: Dict[str, str], config: Dict[str, str]) -> str:
    return _flag(args, "--cache-dir") or environ.get("MYPY_CACHE_DIR") or config.get("cache_dir") or ".mypy_cache"


def uses_sqlite(args: List[str], version: Tuple[int, ...], config: Dict[str, str]) -> bool:
    """Whether this mypy run keeps its cache in SQLite (nothing to route then)."""
    for a in reversed(args):
        if a == "--sqlite-cache":
            return True
        if a == "--no-sqlite-cache":
            return False
    value = config.get("sqlite_cache")
    if value is not None:
        return value.strip().lower() in ("true", "1", "yes", "on")
    return version >= (2,)


def mypy_version(python: str) -> Tuple[int, ...]:
    out = subprocess.run([python, "-c", "import importlib.metadata as m; print(m.version('mypy'))"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, universal_newlines=True)
    parts = re.findall(r"\d+", out.stdout.split("+")[0])[:3]
    return tuple(int(p) for p in parts) if out.returncode == 0 and parts else (0,)


def main(argv: Optional[List[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    python = os.environ.get("CACHED_MYPY_PYTHON") or sys.executable
    command = [python, "-m", "mypy"] + args
    config = config_options(args)
    root = cache_dir(args, dict(os.environ), config)
    if root == os.devnull:
        return _run.run(command, dict(os.environ))
    if uses_sqlite(args, mypy_version(python), config):
        sys.stderr.write("cached-mypy: this mypy keeps its cache in SQLite (no file replaces to route); "
                         "running it unchanged -- add --no-sqlite-cache to use cached\n")
        return _run.run(command, dict(os.environ))
    env = _run.prepare([root], None, 5.0, True)
    return _run.run(command, env)


if __name__ == "__main__":
    sys.exit(main())
