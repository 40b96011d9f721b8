"""The background thread every event source mapping's poller runs in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from antrean_local.workers import Invocation

log = logging.getLogger(__name__)

#: How soon what the function did not process is tried again, locally (AWS waits longer: a
#: queue's VisibilityTimeout, a stream's backoff).
RETRY_DELAY_S = 1

#: Runs the function with an event and returns its Invocation (the stack passes its worker pool's
#: invoke, the same the gateway uses).
Invoke = Callable[[dict[str, Any]], Invocation]


class BackgroundPoller:
    """The thread every poller runs in: poll_once() again and again until stop(), waiting
    `_idle_wait_s` after a round that found nothing, and going on (after a second) when a round
    fails: the service behind it may be restarting."""

    _idle_wait_s = 0.0

    def __init__(self, invoke: Invoke, retry_delay_s: float, thread_name: str) -> None:
        """The function to invoke and how soon to retry what failed; nothing runs until start()."""
        self._invoke = invoke
        self._retry_delay_s = retry_delay_s
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=thread_name, daemon=True)

    def poll_once(self) -> int:
        raise NotImplementedError

    def _failure(self, error: Exception) -> str:
        raise NotImplementedError

    def start(self) -> None:
        """Poll in a background thread."""
        self._thread.start()

    def stop(self, timeout_s: float = 3.0) -> None:
        """Stop polling; a batch being processed is left to finish (or to its redelivery)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                if not self.poll_once() and self._idle_wait_s:
                    self._stopping.wait(self._idle_wait_s)
            except Exception as error:  # the service restarting, a bug here: keep polling, but say so
                if self._stopping.is_set():
                    return
                log.warning("%s", self._failure(error))
                self._stopping.wait(1)
