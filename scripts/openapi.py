"""Generate the public API's OpenAPI document from the handler's models (--write), or fail when
the committed document differs from what the code generates (--check, run by `make test`)."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from antrean_local.modules import load_function

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "openapi" / "public_api.json"


def generate() -> str:
    text: str = load_function("public_api").app.get_openapi_json_schema(
        title="Antrean public API",
        version="1.0.0",
        summary="Online queue numbers for Disdukcapil offices: offices, availability, bookings.",
    )
    return text + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true")
    mode.add_argument("--check", action="store_true")
    args = parser.parse_args()
    generated = generate()
    if args.write:
        DOCUMENT.parent.mkdir(exist_ok=True)
        DOCUMENT.write_text(generated)
        print(f"wrote {DOCUMENT.relative_to(ROOT)}")
        return 0
    committed = DOCUMENT.read_text() if DOCUMENT.exists() else ""
    if committed == generated:
        print(f"{DOCUMENT.relative_to(ROOT)} matches the code")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(committed.splitlines(True), generated.splitlines(True), "committed", "generated", n=2)
    )
    print(f"\n{DOCUMENT.relative_to(ROOT)} is out of date: run `make openapi` and commit it", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
