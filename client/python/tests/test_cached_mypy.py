"""cached-mypy's reading of mypy's options: which cache directory, and whether it is SQLite."""

import os
import shutil
import tempfile
import unittest
from unittest import mock

import daemon_harness  # noqa: F401  (puts client/python on sys.path)

from cached_client import mypy as cm


class CacheDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="cached-mypy-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def write(self, name, text):
        with open(os.path.join(self.dir, name), "w") as f:
            f.write(text)
        return os.path.join(self.dir, name)

    def test_flagWins_thenEnv_thenConfig_thenDefault(self):
        config = {"cache_dir": "from-config"}
        self.assertEqual("a", cm.cache_dir(["--cache-dir", "a", "x.py"], {"MYPY_CACHE_DIR": "e"}, config))
        self.assertEqual("b", cm.cache_dir(["--cache-dir=b"], {}, config))
        self.assertEqual("e", cm.cache_dir(["x.py"], {"MYPY_CACHE_DIR": "e"}, config))
        self.assertEqual("from-config", cm.cache_dir([], {}, config))
        self.assertEqual(".mypy_cache", cm.cache_dir([], {}, {}))

    def test_configFiles_inMypysOrder(self):
        self.write("setup.cfg", "[mypy]\ncache_dir = from-setup-cfg\n")
        self.assertEqual("from-setup-cfg", cm.config_options([], self.dir)["cache_dir"])
        self.write("pyproject.toml", '[project]\nname = "x"\n[tool.mypy]\ncache_dir = "from-toml"\n[tool.other]\ncache_dir = "no"\n')
        self.assertEqual("from-toml", cm.config_options([], self.dir)["cache_dir"])
        self.write("mypy.ini", "[mypy]\ncache_dir = from-ini\nsqlite_cache = False\n")
        self.assertEqual({"cache_dir": "from-ini", "sqlite_cache": "False"}, cm.config_options([], self.dir))
        other = self.write("other.ini", "[mypy]\ncache_dir = explicit\n")
        self.assertEqual("explicit", cm.config_options(["--config-file", other], self.dir)["cache_dir"])

    def test_tomlWithoutTomllib_isScannedByLine(self):
        self.write("pyproject.toml", '[tool.mypy]\ncache_dir = "scanned"  # note\n[tool.black]\ncache_dir = "no"\n')
        with mock.patch.dict("sys.modules", {"tomllib": None}):
            self.assertEqual({"cache_dir": "scanned"}, cm._toml_section(os.path.join(self.dir, "pyproject.toml")))

    def test_sqlite_defaultFrom2_andFlagsOrConfigDecide(self):
        self.assertFalse(cm.uses_sqlite([], (1, 0, 1), {}))
        self.assertTrue(cm.uses_sqlite([], (2, 4, 0), {}))
        self.assertFalse(cm.uses_sqlite(["--no-sqlite-cache"], (2, 4, 0), {}))
        self.assertTrue(cm.uses_sqlite(["--no-sqlite-cache", "--sqlite-cache"], (2, 4, 0), {}))
        self.assertTrue(cm.uses_sqlite(["--sqlite-cache"], (1, 0, 1), {}))
        self.assertFalse(cm.uses_sqlite([], (2, 4, 0), {"sqlite_cache": "False"}))
        self.assertTrue(cm.uses_sqlite([], (1, 9, 0), {"sqlite_cache": "True"}))


if __name__ == "__main__":
    unittest.main()
