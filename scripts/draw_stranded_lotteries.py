"""Once, after deploying the version in which each lottery entry schedules its own draw: give a draw
to every entry a deployed table holds still pending past its draw time (entries made before that
version, on a day whose lottery was switched on after the day opened, have no draw and were never
answered). The scheduled draw_lottery answers them within a minute, and tells each loser. Reads
the whole table once; running it again is harmless (a draw already run changes nothing, and
once they are answered there is nothing left to write).

Usage: draw_stranded_lotteries.py --table NAME"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", required=True, help="the TableName output of the stack")
    args = parser.parse_args(argv)
    os.environ["TABLE_NAME"] = args.table
    os.environ.setdefault("IDEMPOTENCY_TABLE_NAME", "unused-by-this-script")
    os.environ.setdefault("SCANS_BUCKET", "unused-by-this-script")
    os.environ.setdefault("BOOKING_RETENTION_DAYS", "365")

    from antrean import clock
    from antrean.logic.lottery import schedule_stranded

    draws = schedule_stranded(clock.now())
    print(f"{draws} draw(s) written for stranded lottery entries in {args.table}: draw_lottery runs them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
