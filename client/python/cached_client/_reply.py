"""The answer to one request, as it comes back on the reader thread."""

import threading
from typing import Any, Callable, Dict, Optional


class Reply:
    """The coming answer to one request sent with :meth:`Client.submit`.

    Set once by the reader thread: ``answer`` (the answer header, ``ok`` or not),
    or ``error`` (:class:`CachedUnavailable`, the connection was lost). A
    ``callback`` given to ``submit`` runs on the reader thread right after; it
    must be quick and must not call the client.
    """

    __slots__ = ("event", "answer", "error", "callback")

    def __init__(self, callback: Optional[Callable[["Reply"], None]] = None) -> None:
        self.event = threading.Event()
        self.answer = None  # type: Optional[Dict[str, Any]]
        self.error = None  # type: Optional[BaseException]
        self.callback = callback

    def wait(self, timeout: Optional[float]) -> Optional[Dict[str, Any]]:
        """The answer, or ``None`` if there is none within ``timeout`` s.

        :raises CachedUnavailable: the connection was lost before the answer came.
        """
        if not self.event.wait(timeout):
            return None
        if self.error is not None:
            raise self.error
        return self.answer or {}

    def complete(self, answer: Optional[Dict[str, Any]], error: Optional[BaseException]) -> None:
        """Set the answer (or the connection's loss) and run the callback; by the client's reader, once."""
        self.answer = answer
        self.error = error
        self.event.set()
        if self.callback is not None:
            try:
                self.callback(self)
            except Exception:  # a callback's bug must not kill the reader
                pass
