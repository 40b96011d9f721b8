"""SnapStart, locally: the hooks a function registered with snapshot_restore_py run as Lambda runs
them. The before-snapshot hooks (in the reverse order of registration) right after the worker's
init, as when a version is published; the after-restore hooks (in the order of registration) just
before the worker's first invocation, as when an invocation resumes a new environment from the
snapshot. So a worker serves its first request in the state a restored Lambda environment does:
primed, with its own random state and fresh secrets and offices' rules, read once the stack has
seeded them (its workers start before the seed)."""

from __future__ import annotations

import snapshot_restore_py


def take_snapshot() -> int:
    """Run the before-snapshot hooks; returns how many ran."""
    hooks = snapshot_restore_py.get_before_snapshot()
    for func, args, kwargs in reversed(hooks):
        func(*args, **kwargs)
    return len(hooks)


def restore() -> int:
    """Run the after-restore hooks; returns how many ran."""
    hooks = snapshot_restore_py.get_after_restore()
    for func, args, kwargs in hooks:
        func(*args, **kwargs)
    return len(hooks)
