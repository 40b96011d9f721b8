"""Generate the public and staff APIs' OpenAPI documents from the handlers' models (--write), or
fail when a committed document differs from what the code generates (--check, run by `make test`)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from antrean_local.modules import load_function

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = {
    "public_api": (
        "Antrean public API",
        "Online queue numbers for Disdukcapil offices: offices, availability, bookings, documents.",
    ),
    "staff_api": (
        "Antrean staff API",
        "For office staff, every request SigV4-signed (AWS_IAM): queue, walk-ins, scan review, "
        "pickup, village applications, configuration, staff, audit log, reports.",
    ),
}


def generate(function: str) -> str:
    title, summary = DOCUMENTS[function]
    text: str = load_function(function).app.get_openapi_json_schema(title=title, version="1.0.0", summary=summary)
    return text + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    stale = 0
    for function in DOCUMENTS:
        document = ROOT / "openapi" / f"{function}.json"
        generated = generate(function)
        if args.write:
            document.parent.mkdir(exist_ok=True)
            document.write_text(generated)
            print(f"wrote {document.relative_to(ROOT)}")
            continue
        committed = document.read_text() if document.exists() else ""
        if committed == generated:
            print(f"{document.relative_to(ROOT)} matches the code")
            continue
        stale += 1
        sys.stdout.writelines(
            difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), "committed", "generated", n=2)
        )
        print(f"\n{document.relative_to(ROOT)} is out of date: run `make openapi` and commit it", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
