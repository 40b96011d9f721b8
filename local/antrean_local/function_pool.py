"""A function's worker processes, in the stack's process: each function gets its own
ProcessPoolExecutor (spawn, so no state leaks from the stack's process), whose workers become that
function's Lambda containers (workers.py) and handle one event at a time each."""

from __future__ import annotations

import multiprocessing
import threading
import time
import uuid
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from antrean_local.workers import Invocation, WorkerConfig, initialize_worker, invoke_in_worker, worker_status


class FunctionPool:
    """A function's worker processes, each handling one event at a time."""

    # How long running invocations get to finish at shutdown before their workers are killed.
    SHUTDOWN_GRACE_S = 3.0

    def __init__(self, config: WorkerConfig, workers: int) -> None:
        """Create the pool; workers start on first use or on warm_up()."""
        self.config = config
        self.workers = workers
        self._lock = threading.Lock()
        self._executor = self._new_executor()

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=initialize_worker,
            initargs=(self.config,),
        )

    def warm_up(self, timeout_s: float = 120.0) -> str | None:
        """Start every worker and import the handler now rather than on the first requests.

        Returns why the handler cannot run (its import traceback, or a dead worker), else None.
        """
        deadline = time.monotonic() + timeout_s
        ready: set[int] = set()
        with self._lock:
            executor = self._executor
        try:
            while len(ready) < self.workers:
                batch = [executor.submit(worker_status) for _ in range(self.workers)]
                for future in batch:
                    pid, error = future.result(timeout=max(0.1, deadline - time.monotonic()))
                    if error:
                        return error
                    ready.add(pid)
        except BrokenProcessPool:
            self._replace(executor)
            return "a worker process died while starting (see the stack log)"
        except FutureTimeout:
            return f"the workers did not start within {timeout_s:.0f} s"
        return None

    def submit(self, event: dict[str, Any]) -> Future[Invocation]:
        """Queue one invocation; the future's result is an Invocation."""
        return self._submit(event)[1]

    def _submit(self, event: dict[str, Any]) -> tuple[ProcessPoolExecutor, Future[Invocation]]:
        request_id = (event.get("requestContext") or {}).get("requestId") or str(uuid.uuid4())
        with self._lock:
            executor = self._executor
        try:
            return executor, executor.submit(invoke_in_worker, event, request_id)
        except BrokenProcessPool:
            # A worker died earlier (os._exit, segfault, OOM): start afresh, as Lambda would.
            self._replace(executor)
            with self._lock:
                executor = self._executor
            return executor, executor.submit(invoke_in_worker, event, request_id)

    def invoke(self, event: dict[str, Any], max_wait_s: float | None = None) -> Invocation:
        """Invoke and wait, at most the function's timeout (or ``max_wait_s`` if shorter).

        A timed-out handler keeps its worker busy until it returns: Lambda would kill it, but a
        ProcessPoolExecutor cannot stop one task.
        """
        wait_s = float(self.config.timeout_s)
        if max_wait_s is not None:
            wait_s = min(wait_s, max_wait_s)
        executor, future = self._submit(event)
        try:
            return future.result(timeout=wait_s)
        except FutureTimeout:
            return Invocation(
                ok=False,
                error=f"Task timed out after {wait_s:.2f} seconds",
                caller_timed_out=wait_s < self.config.timeout_s,
                duration_ms=wait_s * 1000,
            )
        except BrokenProcessPool:
            self._replace(executor)
            return Invocation(ok=False, error="the worker process died (see the stack log)")

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:  # another thread may have replaced it already
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._new_executor()

    def shutdown(self) -> None:
        """Stop the workers: idle ones at once, busy ones after SHUTDOWN_GRACE_S."""
        with self._lock:
            # Python 3.13 has no terminate_workers() (3.14 has): keep the processes to kill them.
            processes = list((self._executor._processes or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + self.SHUTDOWN_GRACE_S
        for process in processes:
            process.join(timeout=max(0.0, deadline - time.monotonic()))
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(timeout=2)
