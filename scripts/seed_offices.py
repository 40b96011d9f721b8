"""Write the office rules in data/offices/*.json to the table (demo offices locally; an office's
real rules after `sam deploy`). Usage: seed_offices.py --table NAME [--dir data/offices] [--window-days N]"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--table", required=True, help="the Table output of the stack")
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "offices")
    parser.add_argument(
        "--window-days",
        type=int,
        choices=range(1, 91),
        metavar="N",
        help="book at most N days ahead at each office (a local stack that starts quickly: fewer days to open)",
    )
    args = parser.parse_args()
    os.environ["TABLE_NAME"] = args.table
    os.environ.setdefault("IDEMPOTENCY_TABLE_NAME", "unused-by-seeding")
    os.environ.setdefault("SCANS_BUCKET", "unused-by-seeding")
    os.environ.setdefault("BOOKING_RETENTION_DAYS", "365")

    from antrean.domain import Office
    from antrean.logic.offices import save_offices

    files = sorted(args.dir.glob("*.json"))
    if not files:
        print(f"no office files in {args.dir}", file=sys.stderr)
        return 1
    offices = [Office.model_validate_json(f.read_text()) for f in files]
    if args.window_days is not None:
        offices = [
            Office.model_validate(
                {**o.model_dump(), "booking_window_days": min(o.booking_window_days, args.window_days)}
            )
            for o in offices
        ]
    count = save_offices(offices)
    print(f"seeded {count} offices into {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
