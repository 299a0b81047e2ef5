"""Issue 16's measure: real mypy on a real project (mypy's own source, ~127 modules) while a
scanner locks random cache files, through cached-run and plain.

Through cached-run every module's cache lands, no temp is left and the next run rechecks
nothing; plain mypy, in the same scenario, fails replaces, leaves temps and rechecks.
The wall time of the scanned run against the unscanned one is printed, not asserted
(CI machines are noisy). Needs Debian's python3-mypy; the scanner needs root.
"""

import os
import random
import shutil
import subprocess
import sys
import unittest

import daemon_harness
import mypy_scenario as ms
from daemon_harness import Daemon

PYTHON = "/usr/bin/python3"


def _has_debian_mypy() -> bool:
    return os.path.isdir(ms.DEBIAN_MYPY) and os.path.exists(PYTHON)


def _print(label: str, o: "ms.Outcome") -> None:
    sys.stderr.write("\n  %-34s wall %6.2f s  replaces %4d  failures %3d  temps left %3d  rechecked %3d  %s"
                     % (label, o.wall, o.replaces, o.failures, o.temps_left, len(o.rechecked), o.counts))


@daemon_harness.needs_tools
@unittest.skipUnless(_has_debian_mypy(), "Debian's python3-mypy is not installed (apt-get install python3-mypy)")
class DebianMypyScenarioTest(unittest.TestCase):
    """mypy 1.0.1 (compiled with mypyc) from Debian."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.daemon = Daemon().start()
        cls.project = ms.Project(os.path.join(cls.daemon.dir, "work"), PYTHON)
        cls.env = dict(os.environ)
        cls.env.pop("PYTHONPATH", None)
        cls.cold = os.path.join(cls.project.work, "cache0")
        proc = cls.project.run(cls.project.mypy_argv(cls.cold), cls.env)
        if proc.returncode != 0:
            raise AssertionError("the cold mypy run failed:\n" + proc.stdout[-4000:])
        cls.project.edit_every_module("one")
        cls.no_scanner = ms.can_set_immutable(cls.project.work)
        cls.seed = random.randrange(1 << 30)
        sys.stderr.write("\n  mypy scenario: %d modules, scanner seed %d\n" % (len(cls.project.modules), cls.seed))

    @classmethod
    def tearDownClass(cls) -> None:
        ms.clear_immutable(cls.daemon.dir)
        cls.daemon.cleanup()

    def cache(self, name: str) -> str:
        path = os.path.join(self.project.work, name)
        shutil.copytree(self.cold, path)
        return path

    def test_underCachedRun_everyModuleLands_noTempLeft_nextRunRechecksNothing(self):
        quiet = ms.one_run(self.project, self.cache("cached-quiet"), self.daemon.socket, None, self.env)
        _print("cached-run, no scanner", quiet)
        # Every module's meta file at least (mypy keeps a data file whose interface did not change).
        self.assertGreaterEqual(quiet.replaces, len(self.project.modules))
        self.assertEqual(0, quiet.counts["waits"], "mypy waited for a pending target")
        self.assertEqual([], quiet.rechecked)
        self.assertEqual(0, quiet.temps_left)
        if self.no_scanner:
            self.skipTest("scanned half skipped: " + self.no_scanner)
        scanned = ms.one_run(self.project, self.cache("cached-scanned"), self.daemon.socket, self.seed, self.env)
        _print("cached-run, scanner", scanned)
        sys.stderr.write("\n  scanned / quiet wall time: %.2f (target: within 1.15); time mypy spent in os.replace: "
                         "%.0f ms quiet, %.0f ms scanned (slowest call %.1f ms)\n"
                         % (scanned.wall / quiet.wall, quiet.counts["replace_us"] / 1000,
                            scanned.counts["replace_us"] / 1000, scanned.counts["slowest_replace_us"] / 1000))
        self.assertGreater(scanned.counts["daemon_retries"], 0, "the scanner never got in the daemon's way")
        self.assertEqual(0, scanned.failures)
        self.assertEqual(0, scanned.counts["waits"], "mypy waited for a pending target")
        self.assertEqual(0, scanned.temps_left)
        self.assertEqual([], scanned.rechecked, "a module's cache did not land")

    def test_plainMypy_sameScenario_failsReplacesLeavesTempsAndRechecks(self):
        if self.no_scanner:
            self.skipTest(self.no_scanner)
        plain = ms.one_run(self.project, self.cache("plain-scanned"), None, self.seed, self.env)
        _print("plain mypy, scanner", plain)
        self.assertGreater(plain.failures, 0, "the scanner never hit a replace: the comparison shows nothing")
        self.assertGreater(plain.temps_left, 0)
        self.assertGreater(len(plain.rechecked), 0)


if __name__ == "__main__":
    unittest.main()
