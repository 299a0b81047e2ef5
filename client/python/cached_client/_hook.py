"""The start-up hook of ``cached-run``: with ``CACHED_ROOTS`` set, route this process's
replaces into those roots through the daemon (see ``_pending``).

Run at interpreter start by ``cached_client.pth`` (installed with the package) or
by the ``sitecustomize`` that ``cached-run`` puts on ``PYTHONPATH``. Without
``CACHED_ROOTS`` the ``.pth`` line does not even import this module. Any error
here leaves the plain ``os`` functions in place: the hook never breaks a process.

Environment:

* ``CACHED_ROOTS`` -- cache directories, separated by ``os.pathsep``.
* ``CACHED_SOCKET``, ``CACHED_TRANSPORT`` -- where the daemon is, as for every client.
* ``CACHED_SETTLED`` -- set by ``cached-run`` (and by the first hooked process) once
  the daemon's earlier writes are done, so children do not wait again.
* ``CACHED_SETTLE_WAIT`` -- seconds that wait may take (default 5).
* ``CACHED_RUN_REPORT`` -- a file; at exit (also ``os._exit``) one JSON line of the
  view's counts is appended to it (answers still on their way are not counted).
"""

import builtins
import io
import json
import os
import sys
from typing import Any, Mapping, NoReturn, Optional

_view = None  # type: Any  # the installed PendingView


def install(environ: Mapping[str, str] = os.environ) -> Optional[Any]:
    """Install the view for ``CACHED_ROOTS``; the view, or ``None`` when there is nothing to do.

    Idempotent: a second call returns the first view.
    """
    global _view
    if _view is not None:
        return _view
    roots = [os.path.abspath(r) for r in environ.get("CACHED_ROOTS", "").split(os.pathsep) if r.strip()]
    if not roots:
        return None
    from ._pending import PendingView, RealOs
    from ._pool import Pool, Settings

    settings = Settings()
    settings.socket = environ.get("CACHED_SOCKET") or None
    settings.transport = environ.get("CACHED_TRANSPORT") or None
    settings.client_name = "%s (cached-run hook, cached-client)" % (os.path.basename(sys.argv[0] or "python")
                                                                    if getattr(sys, "argv", None) else "python")
    view = PendingView(roots, Pool(settings), RealOs.current())
    if not environ.get("CACHED_SETTLED"):
        late = settle_daemon(settings.socket, float(environ.get("CACHED_SETTLE_WAIT") or 5.0))
        if late:
            sys.stderr.write(late + "\n")
        os.environ["CACHED_SETTLED"] = "1"
    _view = view  # first: uninstall() undoes a half-done install
    os.replace = view.replace
    os.rename = view.rename
    os.stat = view.stat
    os.lstat = view.lstat
    os.remove = view.remove
    os.unlink = view.unlink
    os.utime = view.utime
    os.chmod = view.chmod
    builtins.open = view.open
    io.open = view.open
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=view.forget)
    report = environ.get("CACHED_RUN_REPORT") or ""
    if report:
        import atexit
        atexit.register(_write_report, view, report)
        real_exit = os._exit

        def _exit(status: int) -> "NoReturn":  # mypy ends with os._exit: no atexit then
            _write_report(view, report)
            real_exit(status)

        os._exit = _exit
    return view


def uninstall() -> None:
    """Put the plain functions back (tests)."""
    global _view
    if _view is None:
        return
    real = _view.real
    _view.pool.reset()
    os.replace, os.rename, os.stat, os.lstat = real.replace, real.rename, real.stat, real.lstat
    os.remove, os.unlink, os.utime, os.chmod = real.remove, real.unlink, real.utime, real.chmod
    builtins.open = io.open = real.open
    _view = None


def settle_daemon(socket: Optional[str], wait: float) -> Optional[str]:
    """Wait up to ``wait`` s for the writes the daemon already holds (a target still locked).

    So that a run never reads half of the previous run's cache. An admin ``flush`` waits
    for every request accepted daemon-wide before it.

    :returns: ``None`` when done or when there is no daemon; else a one-line reason.
    """
    from ._client import Client
    from ._wire import CachedError

    try:
        c = Client(None, socket=socket, client_name="cached-run (settle)", connect_timeout=2.0)
    except CachedError:
        return None  # no daemon: nothing of it can be pending
    try:
        c.flush(timeout=wait)
        return None
    except CachedError as e:
        return "cached: the daemon's earlier writes are not done after %.1f s (%s); going on" % (wait, e.code)
    finally:
        c.close()


def _write_report(view: Any, path: str) -> None:
    try:
        with view.real.open(path, "a") as f:
            f.write(json.dumps(dict(view.counts.as_dict(), pid=os.getpid())) + "\n")
    except OSError:
        pass


def _from_pth() -> None:
    """What ``cached_client.pth`` runs when ``CACHED_ROOTS`` is set; never raises."""
    try:
        install()
    except Exception as e:  # never break the process: plain os functions stay
        try:
            uninstall()
        except Exception:
            pass
        if os.environ.get("CACHED_DEBUG"):
            sys.stderr.write("cached: start-up hook not installed: %r\n" % (e,))
