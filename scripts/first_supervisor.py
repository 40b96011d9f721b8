"""Create an office's first supervisor: a person's account in the staff user pool (with a temporary
password, printed once, to be changed at the first sign-in, where the portal also sets up the TOTP
code every supervisor must have) and its staff record. The supervisor then creates the office's
other accounts in the portal ("Akun staf").

Usage (with credentials of the deployment's operators, e.g. --profile):
  .venv/bin/python scripts/first_supervisor.py --table "$(out TableName)" --user-pool "$(out StaffUserPoolId)" \\
    --office tuban --username kasi-tuban --name "Kepala Seksi Tuban"

Exit code 0 when created, 1 when refused (the username is taken, the office unknown), 2 for a usage error."""

from __future__ import annotations

import argparse
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--table", required=True, help="the TableName output of the stack")
    parser.add_argument("--user-pool", required=True, help="the StaffUserPoolId output of the stack")
    parser.add_argument("--office", required=True, help="the office id (data/offices/<office>.json, seeded)")
    parser.add_argument("--username", required=True, help="3-64 lower-case letters, digits, '.', '_', '-'")
    parser.add_argument("--name", required=True, help="the person's name, as the audit log shows it")
    parser.add_argument("--profile", help="an AWS CLI profile (default: botocore's credential chain)")
    parser.add_argument("--region", default="ap-southeast-3")
    args = parser.parse_args()
    if args.profile:
        os.environ["AWS_PROFILE"] = args.profile
    os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
    os.environ.update({"TABLE_NAME": args.table, "STAFF_USER_POOL_ID": args.user_pool})
    os.environ.setdefault("IDEMPOTENCY_TABLE_NAME", "unused-here")
    os.environ.setdefault("SCANS_BUCKET", "unused-here")
    os.environ.setdefault("BOOKING_RETENTION_DAYS", "365")

    from pydantic import ValidationError

    from antrean import clock
    from antrean.domain import NEW_PERSON, StaffMember, StaffRole
    from antrean.errors import DomainError
    from antrean.logic.accounts import open_account
    from antrean.logic.offices import get_office

    try:
        office = get_office(args.office)
        person = StaffMember(
            principal=NEW_PERSON,
            username=args.username,
            office_id=office.office_id,
            role=StaffRole.SUPERVISOR,
            name=args.name,
        )
    except ValidationError as error:
        print(f"cannot create {args.username!r}: {error}", file=sys.stderr)
        return 2
    except DomainError as error:
        print(f"cannot create {args.username!r}: {error.message}", file=sys.stderr)
        return 1
    try:
        _, password = open_account(person, office.office_id, clock.now())
    except DomainError as error:
        print(f"cannot create {args.username!r}: {error.message}", file=sys.stderr)
        return 1
    print(f"created {args.username} (supervisor of {office.office_id}); temporary password, shown once:")
    print(password)
    return 0


if __name__ == "__main__":
    sys.exit(main())
