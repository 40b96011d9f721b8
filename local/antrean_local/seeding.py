"""The demo data a local stack starts with: the offices of data/offices, then a staff record per
demo account (keyed by its sub in the user pool), written by the deployment's own seed scripts
pointed at the local table."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from antrean_local.demo_staff import demo_staff
from antrean_local.staff_credentials import StaffAccount
from antrean_local.workers import without_aws_settings

log = logging.getLogger(__name__)

SEED_OFFICES_SCRIPT = "scripts/seed_offices.py"
SEED_STAFF_SCRIPT = "scripts/seed_staff.py"
SEED_TIMEOUT_S = 300

#: Told why a seed script failed; raises to fail the start (--strict), or warns and returns.
OnFailure = Callable[[str], None]


def seed_demo_data(
    root: Path,
    staff_seed_file: Path,
    staff_credentials: list[StaffAccount],
    subs: dict[str, str],
    environment: dict[str, str],
    on_failure: OnFailure,
    window_days: int | None = None,
) -> None:
    """Write the demo offices, then a staff record per demo account (``subs``: username -> its sub
    in the user pool; ``staff_seed_file`` holds them for scripts/seed_staff.py). ``environment``
    points the scripts at the local stack; ``window_days`` caps how far ahead each office books."""
    window = ("--window-days", str(window_days)) if window_days is not None else ()
    run_seed_script(root, SEED_OFFICES_SCRIPT, "demo offices", window, environment, on_failure)
    members, unknown = demo_staff(staff_credentials, subs)
    if unknown:
        log.warning("No staff record for %s (not a demo account): they sign in but reach no role", unknown)
    staff_seed_file.write_text(json.dumps({"staff": members}, indent=2) + "\n")
    arguments = ("--file", str(staff_seed_file))
    run_seed_script(root, SEED_STAFF_SCRIPT, f"{len(members)} demo staff", arguments, environment, on_failure)


def seed_environment(aws_environment: dict[str, str], layer_dirs: Iterable[Path]) -> dict[str, str]:
    """The seed scripts' environment: the stack's own without AWS settings, the local endpoints, and
    the layers' packages on the path, as the functions import them (and pytest's pythonpath)."""
    environment = {**without_aws_settings(dict(os.environ)), **aws_environment}
    search_path = [str(folder) for folder in dict.fromkeys(layer_dirs) if folder.is_dir()]
    if os.environ.get("PYTHONPATH"):
        search_path.append(os.environ["PYTHONPATH"])
    environment["PYTHONPATH"] = os.pathsep.join(search_path)
    return environment


def run_seed_script(
    root: Path,
    script_name: str,
    what: str,
    arguments: Iterable[str],
    environment: dict[str, str],
    on_failure: OnFailure,
) -> None:
    """Run one of scripts/seed_*.py against the local table; ``on_failure`` hears why it failed."""
    script = root / script_name
    if not script.exists():
        log.warning("%s does not exist yet: no %s seeded", script_name, what)
        return
    venv_python = root / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    command = [python, str(script), "--table", "Table", *arguments]
    started = time.monotonic()
    log.info("Seeding %s: %s", what, " ".join([script_name, *command[2:]]))
    try:
        result = subprocess.run(
            command,
            cwd=root,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=SEED_TIMEOUT_S,
            check=False,
        )
        output, failed = result.stdout + result.stderr, result.returncode != 0
    except subprocess.TimeoutExpired:
        output, failed = f"timed out after {SEED_TIMEOUT_S} s", True
    seed_log = logging.getLogger("antrean_local.seed")
    for line in output.splitlines():
        seed_log.debug("[%s] %s", Path(script_name).stem, line)
    if not failed:
        log.info("Seeded %s in %.1f s", what, time.monotonic() - started)
        return
    tail = "\n".join(output.strip().splitlines()[-10:])
    on_failure(f"{script_name} failed:\n{tail}")
