"""Import a function's handler module from its file, as Lambda does: every function's module is
called `app`, so each gets a unique name here to keep them apart in sys.modules."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def load_module(source: Path, unique_name: str) -> ModuleType:
    """Execute `source` as the module `unique_name` and return it."""
    spec = importlib.util.spec_from_file_location(unique_name, source)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {source}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[unique_name] = module
    spec.loader.exec_module(module)
    return module


def load_function(name: str, root: Path = ROOT) -> ModuleType:
    """The module `functions/<name>/app.py` of the repository."""
    return load_module(root / "functions" / name / "app.py", f"functions_{name}_app")
