"""Cold start per function: import + init time of each handler against a floor handler that
imports boto3 only (bench/floor/app.py), as a ratio measured in the same run.

Each sample is a fresh Python process (a new Lambda container): the clock starts before the
handler module is imported and stops once it is imported and its DynamoDB client exists (the
floor makes its client at import; our functions make theirs on first use, so it is made here).
Interpreter start-up is the same for every function and is left out. A second reference line
shows what powertools' validating resolver, Logger and Metrics with one pydantic model cost on
their own (bench/floor/framework_app.py): the part of a handler's cold start that is not its own.

Usage: python bench/cold_start.py [--samples 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ("public_api", "staff_api", "scan_intake", "open_days", "close_day")
TARGET = 1.5

PROBE = """
import importlib.util, json, sys, time
started = time.perf_counter()
spec = importlib.util.spec_from_file_location("app", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
if sys.argv[2] == "store":
    from antrean.store import store
    store()
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "modules": len(sys.modules)}))
"""


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT / "layers" / "common" / "python"),
        "TABLE_NAME": "Table",
        "IDEMPOTENCY_TABLE_NAME": "Idempotency",
        "SCANS_BUCKET": "scans",
        "BOOKING_RETENTION_DAYS": "365",
        "AWS_DEFAULT_REGION": "ap-southeast-3",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "POWERTOOLS_SERVICE_NAME": "bench",
        "POWERTOOLS_METRICS_NAMESPACE": "Bench",
        "PYTHONDONTWRITEBYTECODE": "0",
    }


def sample(path: Path, init: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), init],
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=9)
    args = parser.parse_args()
    targets = {
        "floor (boto3 only)": (ROOT / "bench" / "floor" / "app.py", "none"),
        "powertools + pydantic": (ROOT / "bench" / "floor" / "framework_app.py", "none"),
    }
    targets.update({name: (ROOT / "functions" / name / "app.py", "store") for name in FUNCTIONS})
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
    for path, init in targets.values():
        sample(path, init)  # warm the file system cache and write bytecode, as a deployed package has it
    # Interleaved rounds: a busy moment of the machine weighs on every function alike.
    for _ in range(args.samples):
        for name, (path, init) in targets.items():
            runs[name].append(sample(path, init))
    floor = statistics.median(r["ms"] for r in runs["floor (boto3 only)"])
    print(f"cold start, median of {args.samples} fresh processes each, interleaved (import + init)")
    worst = 0.0
    for name, samples in runs.items():
        ms = statistics.median(r["ms"] for r in samples)
        ratio = ms / floor
        if name in FUNCTIONS:
            worst = max(worst, ratio)
        flag = "" if ratio <= TARGET or name not in FUNCTIONS else f"   above the {TARGET} target"
        print(f"  {name:<22} {ms:7.1f} ms   {int(samples[0]['modules']):5d} modules   ratio {ratio:.2f}{flag}")
    print(f"worst ratio {worst:.2f} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
