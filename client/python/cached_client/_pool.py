"""The helpers' connections: one :class:`~cached_client.Client` per root, reused.

Concurrency: a :class:`Pool` is shared by every thread of the process; its map
of clients and its back-off times are guarded by ``_lock``. After ``fork`` the
child drops the parent's clients (without touching their sockets' shared
state) and connects afresh.
"""

import os
import threading
import time
import weakref
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional

from ._client import Client
from ._wire import CachedError, CachedUnavailable

_MAX_CLIENTS = 32
# The helpers must not stall their caller on a daemon that accepts but does not answer.
_CONNECT_TIMEOUT = 2.0


class Settings:
    """What the helpers do; changed by ``cached_client.configure``."""

    def __init__(self) -> None:
        self.deadline = 1.0  # seconds the in-process fallback retries
        self.daemon_wait = 1.0  # seconds a helper waits for the daemon's durable answer
        self.reconnect_interval = 3.0  # seconds between connection attempts after a failure
        self.socket = None  # type: Optional[str]
        self.client_name = None  # type: Optional[str]
        self.transport = None  # type: Optional[str]
        self.use_daemon = True


class Pool:
    """Connections by root, at most 32 (least recently used closed first).

    After the daemon could not be reached, :meth:`client_for` answers ``None``
    for ``reconnect_interval`` seconds of ``clock`` (the helpers then work
    in-process); a root the daemon refused is not tried again for as long.

    :param clock: seconds, monotonic; tests pass a fake.
    :param connect: makes a client for a root (a test seam); default :class:`Client`.
    """

    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic,
                 connect: Optional[Callable[..., Client]] = None) -> None:
        self.settings = settings
        self.clock = clock
        self._connect = connect
        self._lock = threading.Lock()
        self._clients = OrderedDict()  # type: OrderedDict[str, Client]
        self._down_until = 0.0
        self._refused_until = {}  # type: Dict[str, float]
        _POOLS.add(self)

    def client_for(self, root: str) -> Optional[Client]:
        """The client bound to ``root``, or ``None`` when the daemon is not to be used now."""
        if not self.settings.use_daemon:
            return None
        with self._lock:
            now = self.clock()
            c = self._clients.get(root)
            if c is not None and not c.closed:
                self._clients.move_to_end(root)
                return c
            if c is not None:
                del self._clients[root]
                c.close()  # lost: release its socket
            if now < self._down_until or now < self._refused_until.get(root, 0.0):
                return None
            try:
                c = (self._connect or Client)(root, socket=self.settings.socket, client_name=self.settings.client_name,
                                              connect_timeout=_CONNECT_TIMEOUT, transport=self.settings.transport)
            except CachedUnavailable:
                self._down_until = now + self.settings.reconnect_interval
                return None
            except CachedError:
                # ROOT_NOT_ALLOWED, PROTOCOL_VERSION, BUSY ...: not for this root, for a while.
                self._refused_until[root] = now + self.settings.reconnect_interval
                return None
            self._clients[root] = c
            evicted = []  # type: List[Client]
            while len(self._clients) > _MAX_CLIENTS:
                evicted.append(self._clients.popitem(last=False)[1])
        for old in evicted:
            old.close()
        return c

    def daemon_failed(self) -> None:
        """The daemon was lost mid-request: skip it for ``reconnect_interval``."""
        with self._lock:
            self._down_until = self.clock() + self.settings.reconnect_interval

    def roots(self) -> List[str]:
        """The roots with an open client, least recently used first."""
        with self._lock:
            return list(self._clients)

    def reset(self) -> None:
        """Close every client and forget past failures."""
        with self._lock:
            old = list(self._clients.values())
            self._clients.clear()
            self._refused_until.clear()
            self._down_until = 0.0
        for c in old:
            c.close()

    def _after_fork_in_child(self) -> None:
        self._lock = threading.Lock()  # another thread may have held it at the fork
        for c in self._clients.values():
            c.detach()
        self._clients.clear()
        self._refused_until.clear()
        self._down_until = 0.0


_POOLS = weakref.WeakSet()  # type: Any


def _after_fork_in_child() -> None:
    for pool in list(_POOLS):
        pool._after_fork_in_child()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
