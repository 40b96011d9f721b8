"""SnapStart, locally: after a function's init, the hooks it registered with snapshot_restore_py run
as Lambda runs them around a snapshot (before-snapshot hooks in the reverse order of registration,
then after-restore hooks in the order of registration), so a local worker starts in the state a
restored Lambda environment starts in: primed, with its own random state and fresh secrets."""

from __future__ import annotations

import snapshot_restore_py


def snapshot_and_restore() -> int:
    """Run the registered hooks as a snapshot and a restore would; returns how many ran."""
    before, after = snapshot_restore_py.get_before_snapshot(), snapshot_restore_py.get_after_restore()
    for func, args, kwargs in reversed(before):
        func(*args, **kwargs)
    for func, args, kwargs in after:
        func(*args, **kwargs)
    return len(before) + len(after)
