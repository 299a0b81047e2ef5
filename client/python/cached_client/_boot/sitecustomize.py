"""Put first on ``PYTHONPATH`` by ``cached-run``: installs the ``cached_client`` start-up
hook in every Python process of the run -- whichever interpreter, whether or not the
package is installed there -- then runs the ``sitecustomize`` this one shadows.
"""

import os
import sys


def _cached_boot() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        view = getattr(os.replace, "__self__", None)
        if os.environ.get("CACHED_ROOTS") and type(view).__name__ != "PendingView":  # else a .pth did it
            if "cached_client" not in sys.modules:
                import importlib.util

                pkg = os.path.dirname(here)
                spec = importlib.util.spec_from_file_location(
                    "cached_client", os.path.join(pkg, "__init__.py"), submodule_search_locations=[pkg])
                module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
                sys.modules["cached_client"] = module
                spec.loader.exec_module(module)  # type: ignore[union-attr]
            from cached_client import _hook

            _hook._from_pth()
    except Exception as e:  # never break the process
        if os.environ.get("CACHED_DEBUG"):
            sys.stderr.write("cached: start-up hook not installed: %r\n" % (e,))
    for d in sys.path:  # the sitecustomize we shadow, if any
        try:
            if os.path.abspath(d or ".") == here:
                continue
            other = os.path.join(d or ".", "sitecustomize.py")
            if os.path.isfile(other):
                with open(other, "rb") as f:
                    code = compile(f.read(), other, "exec")
                exec(code, {"__name__": "sitecustomize", "__file__": other})
                return
        except Exception as e:
            sys.stderr.write("Error in sitecustomize %s: %r\n" % (d, e))
            return


_cached_boot()
del _cached_boot
