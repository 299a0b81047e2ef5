"""The mypy scenario of issue 16, as pieces the tests put together.

A project (mypy's own source, as Debian's python3-mypy ships it), a cold cache,
every module edited, then one checking run -- through ``cached-run`` or plain,
with or without a scanner that makes random existing cache files immutable for
300 ms (``FS_IOC_SETFLAGS``, as ``chattr +i`` does; root only) -- and a verbose
run after it that tells which modules mypy had to check again.
"""

import array
import fcntl
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from typing import Dict, List, NamedTuple, Optional

import daemon_harness
from daemon_harness import REPO

PYDIR = os.path.join(REPO, "client", "python")
DEBIAN_MYPY = "/usr/lib/python3/dist-packages/mypy"
CONFIG = "[mypy]\nignore_errors = True\nignore_missing_imports = True\n"
RUN_TIMEOUT = 600

_FS_IOC_GETFLAGS = 0x80086601
_FS_IOC_SETFLAGS = 0x40086602
_FS_IMMUTABLE_FL = 0x10

# A sitecustomize for the plain runs: counts mypy's own replaces into the cache and
# how many failed, written when mypy ends (with os._exit).
_COUNTER = r'''
import os, json
_real, _exit, _n = os.replace, os._exit, {"replaces": 0, "failures": 0}
def _replace(src, dst, **kw):
    _n["replaces"] += 1
    try:
        return _real(src, dst, **kw)
    except OSError:
        _n["failures"] += 1
        raise
def _end(status):
    with open(os.environ["COUNT_REPORT"], "a") as f:
        f.write(json.dumps(_n) + "\n")
    _exit(status)
if os.environ.get("COUNT_REPORT"):
    os.replace, os._exit = _replace, _end
'''


class Outcome(NamedTuple):
    wall: float
    replaces: int
    failures: int
    temps_left: int
    rechecked: List[str]
    counts: Dict[str, int]


def can_set_immutable(directory: str) -> Optional[str]:
    """``None`` if this process can make files in ``directory`` immutable, else why not."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not root: chattr +i needs CAP_LINUX_IMMUTABLE"
    probe = os.path.join(directory, ".immutable-probe")
    with open(probe, "w") as f:
        f.write("x")
    try:
        set_immutable(probe, True)
        set_immutable(probe, False)
        return None
    except OSError as e:
        return "the file system of %s has no immutable flag: %s" % (directory, e)
    finally:
        os.unlink(probe)


def set_immutable(path: str, on: bool) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        flags = array.array("l", [0])
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, flags, True)
        flags[0] = flags[0] | _FS_IMMUTABLE_FL if on else flags[0] & ~_FS_IMMUTABLE_FL
        fcntl.ioctl(fd, _FS_IOC_SETFLAGS, flags, True)
    finally:
        os.close(fd)


class Scanner:
    """Makes ``width`` random existing cache files of the project's modules immutable for ``hold`` s,
    again and again (about one in 16 of them at any time: a busy indexer)."""

    def __init__(self, cache: str, seed: int, hold: float = 0.3, width: int = 16) -> None:
        self.cache, self.hold, self.width = cache, hold, width
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.held = 0
        self.thread = threading.Thread(target=self._run, name="scanner", daemon=True)

    def __enter__(self) -> "Scanner":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(30)

    def _run(self) -> None:
        files = [os.path.join(d, n) for d, _, ns in os.walk(self.cache) for n in ns
                 if _ENTRY.search(n) and os.sep + "mypy" in d[len(self.cache):]]
        while not self.stop.is_set():
            held = []
            for path in self.rng.sample(files, min(self.width, len(files))):
                try:
                    set_immutable(path, True)
                    held.append(path)
                except OSError:
                    pass  # replaced meanwhile: the inode we opened is gone; fine
            self.held += len(held)
            self.stop.wait(self.hold)  # the lock's duration, not a synchronisation
            for path in held:
                try:
                    set_immutable(path, False)
                except OSError:
                    pass


def clear_immutable(tree: str) -> None:
    for d, _, names in os.walk(tree):
        for n in names:
            try:
                set_immutable(os.path.join(d, n), False)
            except OSError:
                pass


class Project:
    """mypy's source in ``work/src``, a config, and a cold cache of it in ``work/cache0``."""

    def __init__(self, work: str, python: str, source: str = DEBIAN_MYPY) -> None:
        self.work, self.python = work, python
        self.src = os.path.join(work, "src")
        self.config = os.path.join(work, "mypy.ini")
        self.modules = []  # type: List[str]
        for d, dirs, names in os.walk(source):
            dirs[:] = [x for x in dirs if x not in ("test", "typeshed", "__pycache__", "xml")]
            for n in names:
                if n.endswith(".py"):
                    rel = os.path.relpath(os.path.join(d, n), os.path.dirname(source))
                    os.makedirs(os.path.dirname(os.path.join(self.src, rel)), exist_ok=True)
                    shutil.copy(os.path.join(d, n), os.path.join(self.src, rel))
                    mod = rel[:-3].replace(os.sep, ".")
                    self.modules.append(mod[:-len(".__init__")] if mod.endswith(".__init__") else mod)
        with open(self.config, "w") as f:
            f.write(CONFIG)

    def mypy_argv(self, cache: str, *extra: str) -> List[str]:
        return [self.python, "-m", "mypy", "--config-file", self.config, "--cache-dir", cache] + list(extra) + [
            os.path.join(self.src, "mypy")]

    def run(self, argv: List[str], env: Dict[str, str]) -> "subprocess.CompletedProcess[str]":
        # cwd is work/, where no "mypy" package shadows the installed one.
        return subprocess.run(argv, cwd=self.work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=RUN_TIMEOUT)

    def edit_every_module(self, tag: str) -> None:
        for d, _, names in os.walk(self.src):
            for n in names:
                if n.endswith(".py"):
                    with open(os.path.join(d, n), "a") as f:
                        f.write("# edited: %s\n" % tag)

    def rechecked(self, argv: List[str], env: Dict[str, str]) -> List[str]:
        """The project modules a verbose run (``argv`` has ``-v``) does not find fresh."""
        out = self.run(argv, env).stdout
        fresh = set(re.findall(r"Metadata fresh (?:\(by mtime\) )?for ([\w.]+)", out))
        return sorted(m for m in self.modules if m not in fresh)


# mypy's temps are ``<entry>.<16 hex digits>`` (1.x and 2.x); entries end .json (1.x) or .ff (2.x).
_TEMP = re.compile(r"\.[0-9a-f]{16}$")
_ENTRY = re.compile(r"\.(json|ff)$")


def temps_in(cache: str) -> int:
    return sum(1 for _, _, ns in os.walk(cache) for n in ns if _TEMP.search(n))


def one_run(project: Project, cache: str, via_cached: Optional[str], scan_seed: Optional[int],
            env: Dict[str, str], *extra: str, wrapper: str = "cached-run") -> Outcome:
    """Check the edited project once into ``cache``, then ask a verbose run what it rechecks.

    :param via_cached: the daemon's socket to run through ``cached-run``, or ``None`` for plain mypy.
    :param scan_seed: run the scanner (seeded), or ``None``.
    :param wrapper: ``cached-run``, or ``cached-mypy`` (which finds the root in the mypy arguments).
    """
    report = os.path.join(project.work, "report-%d.jsonl" % time.monotonic_ns())
    env = dict(env)
    if via_cached and wrapper == "cached-mypy":
        argv = [sys.executable, "-m", "cached_client.mypy"] + project.mypy_argv(cache, *extra)[3:]
        env.update(PYTHONPATH=daemon_harness.pythonpath(PYDIR), CACHED_RUN_REPORT=report, CACHED_SOCKET=via_cached,
                   CACHED_AUTOSTART="0", CACHED_MYPY_PYTHON=project.python)
    elif via_cached:
        argv = [sys.executable, "-m", "cached_client.run", "--socket", via_cached, "--no-autostart",
                "--root", cache, "--"] + project.mypy_argv(cache, *extra)
        env.update(PYTHONPATH=daemon_harness.pythonpath(PYDIR), CACHED_RUN_REPORT=report)
    else:
        counter = os.path.join(project.work, "counter")
        os.makedirs(counter, exist_ok=True)
        with open(os.path.join(counter, "sitecustomize.py"), "w") as f:
            f.write(_COUNTER)
        argv = project.mypy_argv(cache, *extra)
        env.update(PYTHONPATH=counter, COUNT_REPORT=report)
    t0 = time.monotonic()
    if scan_seed is not None:
        with Scanner(cache, scan_seed):
            proc = project.run(argv, env)
    else:
        proc = project.run(argv, env)
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        raise AssertionError("mypy failed (%d):\n%s" % (proc.returncode, proc.stdout[-4000:]))
    clear_immutable(cache)
    counts = {}  # type: Dict[str, int]
    with open(report) as f:
        for line in f:
            for k, v in json.loads(line).items():
                if k != "pid":
                    counts[k] = counts.get(k, 0) + v
    # The next run, as the user would start it: cached-run waits for the daemon's
    # pending writes first; plain mypy reads whatever is there.
    verify_env = {k: v for k, v in env.items() if k not in ("CACHED_RUN_REPORT", "COUNT_REPORT")}
    verify = project.mypy_argv(cache, "-v", *extra)
    if via_cached and wrapper == "cached-mypy":
        verify = argv[:3] + verify[3:]
    elif via_cached:
        verify = argv[:argv.index("--") + 1] + verify
    rechecked = project.rechecked(verify, verify_env)
    if via_cached:
        totals = daemon_totals(via_cached)
        counts.update(daemon_retries=totals.get("retries", 0), daemon_failed=totals.get("failed", 0))
        failures = totals.get("failed", 0)
        replaces = counts.get("routed", 0) + counts.get("in_process", 0)
    else:
        failures, replaces = counts.get("failures", 0), counts.get("replaces", 0)
    return Outcome(wall, replaces, failures, temps_in(cache), rechecked, counts)


def daemon_totals(socket: str) -> Dict[str, int]:
    """The daemon's ``totals`` once everything it accepted is final (each test has its own daemon)."""
    from cached_client import Client

    with Client(None, socket=socket) as c:
        c.flush(timeout=60)
        return dict(c.status().get("totals") or {})
