"""A SnapStart function's hooks in a local worker run when Lambda runs them: the before-snapshot
hooks right after init (a version published), the after-restore hooks just before the first
invocation (a new environment resumed), so that what they read, such as the offices' rules, is
read once the stack has seeded it, not while the worker starts alongside the seed."""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from antrean_local.workers import WorkerConfig, initialize_worker, invoke_in_worker, worker_status

APP = """
import os
from pathlib import Path

from snapshot_restore_py import register_after_restore, register_before_snapshot

ran = []
seeded = Path(os.environ["SEEDED_MARK"])
register_before_snapshot(lambda: ran.append("snapshot"))
register_after_restore(lambda: ran.append("restore, " + (seeded.read_text() if seeded.exists() else "before the seed")))


def handler(event, context):
    return list(ran)
"""


def test_before_snapshot_hooks_run_at_init_and_after_restore_hooks_before_the_first_invocation(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(APP)
    config = WorkerConfig(
        function_name="Probe",
        code_dir=str(tmp_path),
        handler="app.handler",
        sys_path=(str(tmp_path), *sys.path),
        environment={"PYTHONPATH": os.pathsep.join(sys.path), "SEEDED_MARK": str(tmp_path / "seeded")},
        memory_mb=128,
        timeout_s=10,
        snap_start=True,
    )
    with ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=initialize_worker,
        initargs=(config,),
    ) as pool:
        # Given a worker that has started (init, and the snapshot) before the stack seeded its data
        _, init_error = pool.submit(worker_status).result(timeout=60)
        assert init_error is None
        (tmp_path / "seeded").write_text("after the seed")

        # When it is invoked, twice
        first = pool.submit(invoke_in_worker, {}, "first").result(timeout=60)
        second = pool.submit(invoke_in_worker, {}, "second").result(timeout=60)

    # Then the first invocation finds the snapshot taken at init and the restore done just before
    # it, after the seed; the next one finds no second restore
    assert first.ok, first.error
    assert first.result == ["snapshot", "restore, after the seed"]
    assert second.result == ["snapshot", "restore, after the seed"]
