"""Paths as the protocol wants them: relative to a root, ``/``-separated."""

import os
from typing import List, Optional, Union

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


def is_inside(root: str, path: str) -> bool:
    """``path`` (absolute, normalised) lies strictly inside ``root`` (absolute)."""
    try:
        common = os.path.commonpath([os.path.normcase(path), os.path.normcase(root)])
    except ValueError:  # different drives on Windows
        return False
    return common == os.path.normcase(root) and os.path.normcase(path) != os.path.normcase(root)


def relative_to_root(root: str, path: PathLike, what: str) -> str:
    """``path`` relative to ``root``, ``/``-separated.

    A relative path is passed on as given (the daemon judges ``..`` and the like,
    so its error codes reach the caller); an absolute one must lie inside the root.

    :raises ValueError: an empty path, or an absolute one outside the root.
    """
    p = os.fsdecode(os.fspath(path))
    if not p:
        raise ValueError("%s : '' (expected: a path inside the root %s)" % (what, root))
    if os.path.isabs(p) or (os.sep == "\\" and os.path.splitdrive(p)[0]):
        norm = os.path.normpath(p)
        if not is_inside(root, norm):
            raise ValueError("%s : %r is outside the root %s (expected: a path inside it)" % (what, p, root))
        p = os.path.relpath(norm, root)
    if os.sep != "/":
        p = p.replace(os.sep, "/")
    return p


def root_of(roots: List[str], path: str) -> Optional[str]:
    """The innermost of ``roots`` that holds ``path`` (both absolute), or ``None``."""
    best = None
    for root in roots:
        if is_inside(root, path) and (best is None or len(root) > len(best)):
            best = root
    return best
