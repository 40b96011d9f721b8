"""The stack's data dir (``.local`` in the repository unless ``--data-dir`` says otherwise): what
the stack keeps there, the lock that keeps a second stack off it, and ``--fresh``'s wipe."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import IO

from antrean_local import LocalStackError
from antrean_local.staff_credentials import FILE_NAME as STAFF_CREDENTIALS_FILE

STACK_FILE = "stack.json"
#: The demo staff records, as scripts/seed_staff.py reads them (remade at every start).
STAFF_SEED_FILE = "staff-seed.json"
LOCK_FILE = "stack.lock"
#: The staff user pool's users (moto keeps them in memory only), rewritten after each change.
COGNITO_USERS_FILE = "cognito-users.json"
#: The key that signs the local identity pool's session tokens (kept: credentials outlive a restart).
ISSUER_KEY_FILE = "identity-pool.key"
#: scripts/staff.py's credentials of the demo accounts, kept between its runs until near expiry.
STAFF_SESSIONS_FILE = "staff-sessions.json"
# What the stack itself puts in its data dir: --fresh refuses to wipe a folder with anything else.
OWN_ENTRIES = {
    "dynamodb",
    "logs",
    STACK_FILE,
    f"{STACK_FILE}.tmp",
    LOCK_FILE,
    STAFF_CREDENTIALS_FILE,
    f"{STAFF_CREDENTIALS_FILE}.tmp",
    STAFF_SEED_FILE,
    COGNITO_USERS_FILE,
    f"{COGNITO_USERS_FILE}.tmp",
    ISSUER_KEY_FILE,
    STAFF_SESSIONS_FILE,
    f"{STAFF_SESSIONS_FILE}.tmp",
}


class DataDirError(LocalStackError):
    """The data dir is in use by another stack, or holds what the stack did not make."""


def lock_data_dir(data_dir: Path) -> IO[str]:
    """Hold an exclusive lock on the data dir while the stack runs (two stacks would corrupt it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / LOCK_FILE).open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        owner = handle.read().strip() or "?"
        handle.close()
        raise DataDirError(
            f"another local stack (pid {owner}) is running with the data dir {data_dir}; "
            "stop it first, or pass another --data-dir"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def release_lock(handle: IO[str]) -> None:
    """Let another stack use the data dir."""
    fcntl.flock(handle, fcntl.LOCK_UN)
    handle.close()


def wipe_data_dir(data_dir: Path) -> None:
    """Delete what the stack keeps in ``data_dir`` (``--fresh``), refusing folders it did not make."""
    foreign = sorted(entry.name for entry in data_dir.iterdir() if entry.name not in OWN_ENTRIES)
    if foreign:
        raise DataDirError(
            f"--fresh wipes {data_dir}, but it holds files the stack did not make "
            f"({', '.join(foreign[:5])}); choose an empty or stack-only --data-dir"
        )
    for entry in data_dir.iterdir():
        if entry.name == LOCK_FILE:
            continue  # held by this stack
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
