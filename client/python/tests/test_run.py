"""``cached-run`` end to end with the real daemon: child Python processes, the start-up hook,
black as a second tool."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import daemon_harness
import mypy_scenario
from daemon_harness import PROMPT, REPO, DaemonTestCase

from cached_client import CachedError, Client
from cached_client import run as cached_run
from cached_client._hook import settle_daemon

PYDIR = os.path.join(REPO, "client", "python")
RUN_TIMEOUT = 120

# A child that replaces a cache file the way mypy does and reads it back at once.
CHILD = r"""
import os, sys, json
root = sys.argv[1]
os.makedirs(os.path.join(root, "d"), exist_ok=True)
tmp = os.path.join(root, "d", "x.json.tmp")
with open(tmp, "w") as f:
    f.write("v1")
os.utime(tmp, (1234567, 1234567))
os.replace(tmp, os.path.join(root, "d", "x.json"))
seen = {"mtime": os.path.getmtime(os.path.join(root, "d", "x.json")),
        "content": open(os.path.join(root, "d", "x.json")).read(),
        "hooked": type(getattr(os.replace, "__self__", None)).__name__}
print(json.dumps(seen))
os._exit(0)  # as mypy ends: nothing may be left in a buffer
"""


def reports(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class CachedRunTest(DaemonTestCase):
    def cached_run(self, *command, roots=None, env_extra=None, check=True):
        report = os.path.join(self.daemon.dir, "report-%d.jsonl" % len(os.listdir(self.daemon.dir)))
        env = dict(os.environ, PYTHONPATH=daemon_harness.pythonpath(PYDIR), CACHED_RUN_REPORT=report, CACHED_AUTOSTART="0")
        env.pop("CACHED_ROOTS", None)
        env.pop("CACHED_SETTLED", None)
        env.update(env_extra or {})
        argv = [sys.executable, "-m", "cached_client.run", "--socket", self.daemon.socket]
        for r in roots or [self.root]:
            argv += ["--root", r]
        p = subprocess.run(argv + ["--"] + list(command), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=RUN_TIMEOUT)
        if check:
            self.assertEqual(0, p.returncode, p.stderr)
        return p, reports(report)

    def test_childReplace_goesThroughTheDaemon_andReadsBackAtOnce(self):
        p, rep = self.cached_run(sys.executable, "-c", CHILD, self.root)
        seen = json.loads(p.stdout)
        self.assertEqual("PendingView", seen["hooked"])
        self.assertEqual(1234567, seen["mtime"])
        self.assertEqual("v1", seen["content"])
        self.assertEqual(1, sum(r["routed"] for r in rep), rep)
        self.assertIsNone(settle_daemon(self.daemon.socket, PROMPT))  # the daemon's writes are done
        with open(os.path.join(self.root, "d", "x.json"), "rb") as f:
            self.assertEqual(b"v1", f.read())
        self.assertFalse(os.path.exists(os.path.join(self.root, "d", "x.json.tmp")))

    def test_grandchildren_areHookedToo(self):
        nested = "import subprocess, sys; subprocess.check_call([sys.executable, '-c', sys.argv[1], sys.argv[2]])"
        p, rep = self.cached_run(sys.executable, "-c", nested, CHILD, self.root)
        self.assertEqual("PendingView", json.loads(p.stdout)["hooked"])
        self.assertEqual(1, sum(r["routed"] for r in rep), rep)

    def test_replaceOutsideTheRoot_isNotRouted(self):
        other = tempfile.mkdtemp(dir=self.daemon.dir)
        p, rep = self.cached_run(sys.executable, "-c", CHILD, other)
        self.assertEqual("v1", json.loads(p.stdout)["content"])
        self.assertEqual(0, sum(r["routed"] for r in rep), rep)
        self.assertEqual(1, sum(r["passed"] for r in rep), rep)

    def test_noDaemon_theToolStillWorks(self):
        env = {"CACHED_SOCKET": os.path.join(self.daemon.dir, "none.sock")}
        argv = [sys.executable, "-m", "cached_client.run", "--no-autostart", "--root", self.root, "--",
                sys.executable, "-c", CHILD, self.root]
        p = subprocess.run(argv, env=dict(os.environ, PYTHONPATH=daemon_harness.pythonpath(PYDIR), **env), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True, timeout=RUN_TIMEOUT)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertEqual("v1", json.loads(p.stdout)["content"])
        with open(os.path.join(self.root, "d", "x.json")) as f:
            self.assertEqual("v1", f.read())

    def test_exitStatus_isTheCommands(self):
        p, _ = self.cached_run(sys.executable, "-c", "import sys; sys.exit(7)", check=False)
        self.assertEqual(7, p.returncode)

    @daemon_harness.needs_tools
    def test_black_underCachedRun_writesItsCacheThroughTheDaemon(self):
        black = shutil.which("black")
        if black is None:
            self.skipTest("black is not installed (apt-get install black)")
        cache_home = os.path.join(self.root, "xdg")
        src = os.path.join(self.daemon.dir, "fmt_%s.py" % os.path.basename(self.root))
        with open(src, "w") as f:
            f.write("x = [1,2,\n 3]\n")
        env = {"XDG_CACHE_HOME": cache_home, "BLACK_CACHE_DIR": os.path.join(cache_home, "black")}
        p, rep = self.cached_run(black, "-q", src, roots=[os.path.join(cache_home, "black")], env_extra=env)
        with open(src) as f:
            self.assertEqual("x = [1, 2, 3]\n", f.read())
        self.assertGreaterEqual(sum(r["routed"] for r in rep), 1, (rep, p.stderr))
        self.assertEqual(0, sum(r["failed"] for r in rep), rep)
        caches = [os.path.join(d, n) for d, _, ns in os.walk(cache_home) for n in ns]
        self.assertTrue(any(n.endswith(".pickle") for n in caches), caches)
        self.assertEqual([], [n for n in caches if not n.endswith(".pickle")], "a temp was left")

    def test_runStartingWhileTheDaemonStillRetries_waitsForItBeforeTheToolReads(self):
        """Between runs: a target the daemon could not replace yet (immutable, as a lock) is
        replaced before the next run's tool reads it. The flag is cleared only once cached-run
        is seen waiting (its settle connection is in the daemon's status)."""
        why = mypy_scenario.can_set_immutable(self.root)
        if why:
            self.skipTest(why)
        dst = os.path.join(self.root, "t.json")
        src = os.path.join(self.root, ".t.json.tmp")
        for path, data in ((dst, "previous run"), (src, "last write of the previous run")):
            with open(path, "w") as f:
                f.write(data)
        mypy_scenario.set_immutable(dst, True)
        self.addCleanup(mypy_scenario.clear_immutable, self.root)
        c = self.client()
        c.replace(src, dst)
        env = dict(os.environ, PYTHONPATH=daemon_harness.pythonpath(PYDIR), CACHED_AUTOSTART="0")
        env.pop("CACHED_SETTLED", None)
        argv = [sys.executable, "-m", "cached_client.run", "--socket", self.daemon.socket, "--settle", "60",
                "--root", self.root, "--", sys.executable, "-c", "print(open(%r).read())" % dst]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, universal_newlines=True)
        self.addCleanup(proc.kill)
        deadline = time.monotonic() + PROMPT
        while not any("settle" in (conn.get("client") or "") for conn in c.status().get("connections", [])):
            self.assertIsNone(proc.poll(), "cached-run did not wait")
            self.assertLess(time.monotonic(), deadline, "cached-run never connected to settle")
        mypy_scenario.set_immutable(dst, False)
        out, _ = proc.communicate(timeout=PROMPT * 3)
        self.assertEqual("last write of the previous run", out.strip())

    def test_noDaemonAnswering_cachedRunStartsOne(self):
        argv = daemon_harness.daemon_command()
        cmd = argv[:-1] if argv[-1] == "daemon" else argv
        sock = os.path.join(self.daemon.dir, "auto", "cached.sock")
        env_extra = {"CACHED_DAEMON_CMD": json.dumps(cmd), "CACHED_AUTOSTART": "1", "CACHED_SOCKET": sock,
                     "CACHED_STATE_DIR": os.path.join(self.daemon.dir, "auto-state"),
                     "XDG_CONFIG_HOME": os.path.join(self.daemon.dir, "auto-config")}
        env = dict(os.environ, PYTHONPATH=daemon_harness.pythonpath(PYDIR), **env_extra)
        env.pop("CACHED_SETTLED", None)
        p = subprocess.run([sys.executable, "-m", "cached_client.run", "--root", self.root, "--", sys.executable,
                            "-c", CHILD, self.root], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=RUN_TIMEOUT)
        try:
            with Client(None, socket=sock) as admin:
                pid = admin.status()["pid"]
        except CachedError as e:
            self.fail("no daemon was started: %s\n%s" % (e, p.stderr))
        self.addCleanup(os.kill, pid, signal.SIGTERM)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertIn("started", p.stderr)
        self.assertEqual("v1", json.loads(p.stdout)["content"])


class HookWithoutRootsTest(unittest.TestCase):
    def test_withoutCachedRoots_theHookImportsNothing(self):
        env = dict(os.environ, PYTHONPATH=cached_run.BOOT_DIR)
        env.pop("CACHED_ROOTS", None)
        code = "import os, sys; print('cached_client' in sys.modules, type(os.replace).__name__)"
        out = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                             universal_newlines=True, timeout=PROMPT).stdout.split()
        self.assertEqual(["False", "builtin_function_or_method"], out)

    def test_brokenSetup_neverBreaksTheProcess(self):
        env = dict(os.environ, PYTHONPATH=cached_run.BOOT_DIR, CACHED_ROOTS="/tmp", CACHED_TRANSPORT="carrier-pigeon")
        code = "import os; print(type(os.replace).__name__)"
        p = subprocess.run([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=PROMPT)
        self.assertEqual(0, p.returncode, p.stderr)
        self.assertEqual("builtin_function_or_method", p.stdout.strip())

    def test_environment_putsTheBootDirFirstAndRootsAbsolute(self):
        env = cached_run.environment(["rel"], "/s.sock", {"PYTHONPATH": "/a", "CACHED_ROOTS": "/r0"})
        self.assertEqual(os.pathsep.join(["/r0", os.path.abspath("rel")]), env["CACHED_ROOTS"])
        self.assertEqual(os.pathsep.join([cached_run.BOOT_DIR, "/a"]), env["PYTHONPATH"])
        self.assertEqual("/s.sock", env["CACHED_SOCKET"])

    def test_daemonCommand_jsonOrWords(self):
        self.assertEqual(["java", "-jar", "x y.jar"], cached_run.daemon_command({"CACHED_DAEMON_CMD": '["java","-jar","x y.jar"]'}))
        self.assertEqual(["/opt/cached", "--x"], cached_run.daemon_command({"CACHED_DAEMON_CMD": "/opt/cached --x"}))


if __name__ == "__main__":
    unittest.main()
