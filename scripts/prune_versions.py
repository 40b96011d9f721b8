"""Delete the published versions of the SnapStart functions that no alias points to any more.

With SnapStart, Lambda caches a snapshot of every published version and bills the cache for as long
as the version exists; `sam deploy` publishes a new version of each SnapStart function (its alias
`live` moves to it) and leaves the old ones. `make deploy` runs this afterwards. The version an
alias points to is kept, and the newest `--keep` others (default 1: one to roll back to by moving
the alias). Run it with the venv's Python:

  scripts/prune_versions.py --stack antrean               the stack's SnapStart functions (CloudFormation)
  scripts/prune_versions.py --function NAME [--function NAME ...]
  ... --dry-run                                           say what would be deleted, delete nothing
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import boto3

#: The stack's functions that publish versions with SnapStart (template.yaml).
SNAPSTART_FUNCTIONS = ("PublicApiFunction", "StaffApiFunction", "ScanIntakeFunction")


def stack_functions(cloudformation: Any, stack: str) -> list[str]:
    """The physical names of the stack's SnapStart functions."""
    resources = cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    return [r["PhysicalResourceId"] for r in resources if r["LogicalResourceId"] in SNAPSTART_FUNCTIONS]


def unused_versions(lambda_client: Any, function: str, keep: int) -> list[str]:
    """The function's published versions that no alias points to, oldest first, but the newest `keep`."""
    aliased: set[str] = set()
    for page in lambda_client.get_paginator("list_aliases").paginate(FunctionName=function):
        for alias in page["Aliases"]:
            aliased.add(alias["FunctionVersion"])
            aliased |= set((alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights", {}))
    published = []
    for page in lambda_client.get_paginator("list_versions_by_function").paginate(FunctionName=function):
        published += [v["Version"] for v in page["Versions"] if v["Version"] != "$LATEST"]
    others = sorted((v for v in published if v not in aliased), key=int)
    return others[: max(len(others) - keep, 0)]


def prune(lambda_client: Any, functions: list[str], keep: int, dry_run: bool) -> dict[str, list[str]]:
    """Delete each function's unused versions; returns what was (or, dry, would be) deleted."""
    deleted = {}
    for function in functions:
        versions = unused_versions(lambda_client, function, keep)
        for version in versions if not dry_run else ():
            lambda_client.delete_function(FunctionName=function, Qualifier=version)
        deleted[function] = versions
    return deleted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--stack", help="the stack whose SnapStart functions to prune")
    where.add_argument("--function", action="append", help="a function name (repeatable)")
    parser.add_argument("--keep", type=int, default=1, help="unaliased versions to keep, newest first (default 1)")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--region")
    parser.add_argument("--profile")
    args = parser.parse_args(argv)
    session = boto3.Session(profile_name=args.profile, region_name=args.region)
    functions = args.function or stack_functions(session.client("cloudformation"), args.stack)
    deleted = prune(session.client("lambda"), functions, args.keep, args.dry_run)
    for function, versions in deleted.items():
        verb = "would delete" if args.dry_run else "deleted"
        print(f"{function}: {verb} {len(versions)} version(s) {', '.join(versions) or ''}".rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
