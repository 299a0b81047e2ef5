"""Only to ship ``cached_client.pth`` (the ``cached-run`` start-up hook) into site-packages.

setuptools has no pyproject setting for a file at the top of the wheel, so the
build step copies it next to the package; everything else is in pyproject.toml.
"""

import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithPth(build_py):
    def run(self) -> None:
        super().run()
        here = os.path.dirname(os.path.abspath(__file__))
        self.copy_file(os.path.join(here, "cached_client.pth"), os.path.join(self.build_lib, "cached_client.pth"))


setup(cmdclass={"build_py": BuildWithPth})
