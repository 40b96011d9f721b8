"""Write staff records to the table: a deployment's first supervisor (who then manages the others
through the staff API), or the local stack's demo staff. Usage: seed_staff.py --table NAME --file F

F is {"staff": [{"principal" (cognito:<sub> of a person's account, or a script's IAM ARN), "username"
(a person's), "office_id", "role", "name", "village" (village officers only), "active" (default
true), "mfa_enabled" (default false)}, ...]}; every record is checked before any is written."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", required=True, help="the Table output of the stack")
    parser.add_argument("--file", type=Path, required=True, help='{"staff": [...]}')
    args = parser.parse_args()
    os.environ["TABLE_NAME"] = args.table
    os.environ.setdefault("IDEMPOTENCY_TABLE_NAME", "unused-by-seeding")
    os.environ.setdefault("SCANS_BUCKET", "unused-by-seeding")
    os.environ.setdefault("BOOKING_RETENTION_DAYS", "365")

    from pydantic import BaseModel, ValidationError

    from antrean.domain import StaffMember
    from antrean.logic.staff import seed_staff

    class StaffFile(BaseModel):
        staff: list[StaffMember]

    try:
        members = StaffFile.model_validate_json(args.file.read_bytes()).staff
    except (OSError, ValidationError) as error:  # a ValidationError names each bad field: staff.2.role
        print(f"cannot seed {args.file}: {error}", file=sys.stderr)
        return 1
    if not members:
        print(f"no staff records in {args.file}", file=sys.stderr)
        return 1
    count = seed_staff(members)
    print(f"seeded {count} staff records into {args.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
