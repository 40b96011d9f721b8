"""Files of the data dir that hold secrets (passwords, TOTP secrets): readable by their owner only,
written whole and then renamed, so a reader never sees half a file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_private_json(path: Path, document: Any) -> None:
    """`document` as indented JSON in `path`, mode 0600, replacing the file at once."""
    temporary = path.with_name(f"{path.name}.tmp")
    temporary.unlink(missing_ok=True)
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")
    temporary.replace(path)
