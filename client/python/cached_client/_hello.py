"""The ``hello`` exchange that opens every connection (PROTOCOL.md, "hello")."""

import os
from typing import Any, Dict, Optional

from . import _wire
from ._wire import CachedError, CachedUnavailable, error_of, version_advice


def request(client_name: str, root: Optional[str], ordered: bool, extra: Dict[str, Any]) -> Dict[str, Any]:
    """The hello header; ``extra`` holds what the transport adds (TCP: the cookie).

    It asks for batched acknowledgements; an older daemon ignores the field.
    """
    hello = {"op": "hello", "id": 0, "protocol": _wire.PROTOCOL, "client": client_name, "pid": os.getpid(),
             "root": root, "ordered": ordered, "acks": "batch"}  # type: Dict[str, Any]
    if root is None:
        del hello["root"]
    hello.update(extra)
    return hello


def check(answer: Optional[Dict[str, Any]], where: str) -> Dict[str, Any]:
    """The hello answer, if it lets the client go on.

    :raises CachedUnavailable: no answer, or ``NOT_AUTHORIZED`` (a stale endpoint file).
    :raises CachedError: any other refusal, or another protocol version (with advice).
    """
    if answer is None:
        raise CachedUnavailable("the daemon at %s closed the connection during hello" % where)
    if not answer.get("ok"):
        code, message = error_of(answer)
        if code == "NOT_AUTHORIZED":
            # The listener is not the daemon that wrote the file, or the file is an
            # earlier start's: nothing was served; a fresh start writes a new one.
            raise CachedUnavailable(
                "the daemon at %s refused the cookie of its endpoint file (NOT_AUTHORIZED: the file is "
                "stale, left by an earlier start?): %s" % (where, message))
        if code == "PROTOCOL_VERSION":
            raise CachedError(code, version_advice(message, None))
        raise CachedError(code, message)
    if answer.get("protocol") != _wire.PROTOCOL:
        raise CachedError("PROTOCOL_VERSION", version_advice("the daemon answered protocol %r" % answer.get("protocol"),
                                                             answer.get("protocols")))
    return answer
