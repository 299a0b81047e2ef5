"""What a connection sent and has not had answered yet, and what the answers said.

Concurrency: one :class:`Ledger` per :class:`~cached_client.Client`; every field is
guarded by ``cond``. Senders register a request before its frame can reach the
daemon; the client's reader thread hands each answer to :meth:`Ledger.dispatch`.
"""

import threading
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Tuple

from ._reply import Reply
from ._wire import CachedUnavailable, Failure, error_of, failures_of


class Ledger:
    """The unanswered requests of one connection.

    * ``waiters``: requests somebody waits for (durable, flush, status, submit), by id.
    * ``queued``: pipelined requests, id -> (op, path) in send order (ids grow in send
      order), to name a refusal. An answer by id removes one; with batched
      acknowledgements a ``through`` answer for N removes every one up to N.
    * ``refused``: refusals of pipelined requests not yet reported by a flush.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.cond = threading.Condition(threading.Lock())
        self.waiters = {}  # type: Dict[int, Reply]
        self.queued = OrderedDict()  # type: OrderedDict[int, Tuple[str, Optional[str]]]
        self.refused = []  # type: List[Tuple[int, Failure]]
        # Flushes whose caller gave up waiting: their late answer's failures are kept.
        self.abandoned = set()  # type: set
        self.closed_reason = None  # type: Optional[str]

    def unanswered(self) -> int:
        return len(self.waiters) + len(self.queued)

    def unavailable(self) -> CachedUnavailable:
        return CachedUnavailable("%s (%s)" % (self.closed_reason, self.where))

    def dispatch(self, answer: Dict[str, Any]) -> None:
        """One answer from the daemon (the reader thread)."""
        rid = answer.get("id")
        reply = None
        with self.cond:
            if not isinstance(rid, int):
                if not answer.get("ok"):
                    # An error not tied to a request of ours (id null): remember it for the
                    # next flush; a stream-level one is followed by a close anyway.
                    code, message = error_of(answer)
                    self.refused.append((-1, Failure(None, "?", code, message)))
            elif answer.get("through") is True and answer.get("ok"):
                queued = self.queued
                while queued and next(iter(queued)) <= rid:
                    queued.popitem(last=False)
            else:
                reply = self.waiters.pop(rid, None)
                if reply is not None:
                    pass
                elif rid in self.abandoned:
                    self.abandoned.discard(rid)
                    for f in failures_of(answer):
                        self.refused.append((-1, f))
                elif rid in self.queued:
                    op, path = self.queued.pop(rid)
                    if not answer.get("ok"):
                        code, message = error_of(answer)
                        self.refused.append((rid, Failure(path, op, code, message)))
                elif not answer.get("ok"):
                    code, message = error_of(answer)
                    self.refused.append((-1, Failure(None, "?", code, message)))
            self.cond.notify_all()
        if reply is not None:
            reply.complete(answer, None)  # outside the lock: its callback may take others

    def settled_before(self, flush_id: int) -> List[Failure]:
        """After the answer to flush ``flush_id``: every queued request before it is final.

        :returns: the refusals of requests sent before it, now reported.
        """
        with self.cond:
            queued = self.queued
            while queued and next(iter(queued)) < flush_id:
                queued.popitem(last=False)
            mine = [f for i, f in self.refused if i < flush_id]
            self.refused = [(i, f) for i, f in self.refused if i >= flush_id]
            self.cond.notify_all()
        return mine

    def mark_closed(self, reason: str) -> None:
        """The connection is gone: every waiter gets :class:`CachedUnavailable`."""
        with self.cond:
            if self.closed_reason is None:
                self.closed_reason = reason
            error = self.unavailable()
            replies = list(self.waiters.values())
            self.waiters.clear()
            self.queued.clear()
            self.cond.notify_all()
        for reply in replies:
            reply.complete(None, error)

    def reset_after_fork(self, reason: str) -> None:
        """In a child after ``fork``: no lock is taken (a thread that held it does not exist here)."""
        self.cond = threading.Condition(threading.Lock())
        self.closed_reason = reason
        self.waiters.clear()
        self.queued.clear()
