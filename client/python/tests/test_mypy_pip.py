"""mypy 2.x from pip, in a venv: ``cached-mypy --no-sqlite-cache`` in the scanned scenario, the
installed ``.pth`` hook with ``CACHED_ROOTS`` alone, and the one line for the SQLite cache.

Skipped with a message where pip cannot fetch mypy 2.x (CI installs from a local mirror).
"""

import json
import os
import random
import shutil
import subprocess
import sys
import unittest

import daemon_harness
import mypy_scenario as ms
from daemon_harness import Daemon

BASE_PYTHON = "/usr/bin/python3"
PIP_TIMEOUT = 600


@daemon_harness.needs_tools
@unittest.skipUnless(os.path.isdir(ms.DEBIAN_MYPY), "the project is Debian's mypy source (apt-get install python3-mypy)")
class PipMypyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.daemon = Daemon().start()
        venv = os.path.join(cls.daemon.dir, "venv")
        cls.python = os.path.join(venv, "bin", "python")
        why = cls._make_venv(venv)
        if why:
            cls.daemon.cleanup()
            raise unittest.SkipTest("mypy 2.x from pip is not available here: " + why)
        cls.project = ms.Project(os.path.join(cls.daemon.dir, "work"), cls.python)
        cls.env = dict(os.environ)
        cls.env.pop("PYTHONPATH", None)

    @classmethod
    def _make_venv(cls, venv: str):
        if not os.path.exists(BASE_PYTHON):
            return "no %s" % BASE_PYTHON
        # No retries against an index that cannot be reached: a local mirror answers at once.
        env = dict(os.environ, PIP_RETRIES="0", PIP_DISABLE_PIP_VERSION_CHECK="1")
        steps = [
            [BASE_PYTHON, "-m", "venv", venv],
            [os.path.join(venv, "bin", "pip"), "install", "-q", "mypy>=2,<3", "wheel"],
            [os.path.join(venv, "bin", "pip"), "install", "-q", "--no-build-isolation", "--no-deps", ms.PYDIR],
        ]
        for argv in steps:
            try:
                p = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   universal_newlines=True, timeout=PIP_TIMEOUT)
            except (OSError, subprocess.TimeoutExpired) as e:
                return "%s: %s" % (" ".join(argv[:3]), e)
            if p.returncode != 0:
                return "%s failed: %s" % (" ".join(argv[:4]), p.stdout.strip().splitlines()[-1:])
        return None

    @classmethod
    def tearDownClass(cls) -> None:
        ms.clear_immutable(cls.daemon.dir)
        cls.daemon.cleanup()

    def test_cachedMypy_noSqliteCache_scanned_everyModuleLands_nextRunRechecksNothing(self):
        cold = os.path.join(self.project.work, "cache-2x")
        proc = self.project.run(self.project.mypy_argv(cold, "--no-sqlite-cache"), self.env)
        self.assertEqual(0, proc.returncode, proc.stdout[-4000:])
        self.project.edit_every_module("pip")
        seed = None if ms.can_set_immutable(self.project.work) else random.randrange(1 << 30)
        out = ms.one_run(self.project, cold, self.daemon.socket, seed, self.env, "--no-sqlite-cache",
                         wrapper="cached-mypy")
        sys.stderr.write("\n  mypy 2.x, cached-mypy, %s  wall %.2f s  replaces %d  failures %d  temps left %d  "
                         "rechecked %d  %s\n" % ("scanner (seed %s)" % seed if seed is not None else "no scanner",
                                                 out.wall, out.replaces, out.failures, out.temps_left,
                                                 len(out.rechecked), out.counts))
        self.assertGreaterEqual(out.replaces, len(self.project.modules))
        self.assertEqual(0, out.failures)
        self.assertEqual(0, out.temps_left)
        self.assertEqual([], out.rechecked)

    def test_pipInstall_givesTheConsoleScripts(self):
        bin_dir = os.path.dirname(self.python)
        for script in ("cached-run", "cached-mypy"):
            p = subprocess.run([os.path.join(bin_dir, script), "--help"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True, timeout=60)
            self.assertIn("usage", p.stdout.lower(), script)

    def test_installedPth_hooksWithCachedRootsAlone(self):
        root = os.path.join(self.project.work, "pth-root")
        os.makedirs(root)
        report = os.path.join(self.project.work, "pth-report.jsonl")
        code = ("import os; open(%r, 'w').write('x'); os.replace(%r, %r)"
                % (os.path.join(root, ".t.tmp"), os.path.join(root, ".t.tmp"), os.path.join(root, "t")))
        env = dict(self.env, CACHED_ROOTS=root, CACHED_SOCKET=self.daemon.socket, CACHED_RUN_REPORT=report)
        p = subprocess.run([self.python, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=60)
        self.assertEqual(0, p.returncode, p.stdout)
        with open(report) as f:
            self.assertEqual(1, json.loads(f.readline())["routed"])
        env.pop("CACHED_ROOTS")
        p = subprocess.run([self.python, "-c", "import sys; print('cached_client' in sys.modules)"], env=env,
                           stdout=subprocess.PIPE, universal_newlines=True, timeout=60)
        self.assertEqual("False", p.stdout.strip(), "without CACHED_ROOTS the .pth must not even import the package")

    def test_sqliteCache_isSaidInOneLine_andMypyRunsUnchanged(self):
        cache = os.path.join(self.project.work, "sqlite-cache")
        one = os.path.join(self.project.work, "one.py")
        with open(one, "w") as f:
            f.write("x: int = 1\n")
        env = dict(self.env, PYTHONPATH=daemon_harness.pythonpath(ms.PYDIR), CACHED_MYPY_PYTHON=self.python, CACHED_SOCKET=self.daemon.socket,
                   CACHED_AUTOSTART="0")
        p = subprocess.run([sys.executable, "-m", "cached_client.mypy", "--cache-dir", cache, one], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
        self.assertEqual(0, p.returncode, p.stdout + p.stderr)
        self.assertEqual(1, len(p.stderr.strip().splitlines()), p.stderr)
        self.assertIn("SQLite", p.stderr)
        self.assertTrue(any(n.endswith(".db") for _, _, ns in os.walk(cache) for n in ns))


if __name__ == "__main__":
    unittest.main()
