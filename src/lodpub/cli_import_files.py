"""CLI of the files importers: ``lodpub import text`` and ``lodpub import csv``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CSV_KINDS = ("municipalities", "organisations", "people", "partnerships")


def add_commands(kinds) -> None:
    """Add this module's source kinds to ``lodpub import``."""
    text = kinds.add_parser(
        "text", help="an article from a plain-text export of a news page",
        description="Create or update an article from a plain-text export: publication line, "
                    "captions, headline, body and quotations. Importing the same export again "
                    "changes nothing; an export with a corrected body updates its article.")
    text.add_argument("file", type=Path, help="the text export (UTF-8)")
    _project_argument(text)
    text.set_defaults(run=_text)

    table = kinds.add_parser(
        "csv", help="registry entries from a spreadsheet (CSV or .xlsx)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Add or update municipalities, organisations, people or partnerships from "
                    "a spreadsheet with a header row in English or Swedish. Every row is "
                    "checked first; nothing is written when any row is bad.",
        epilog="examples:\n"
               "  lodpub import csv people.csv my-site --kind people\n"
               "  lodpub import csv kommuner.csv my-site --kind municipalities\n"
               "the columns of each kind, in English and Swedish: docs/import.md")
    table.add_argument("file", type=Path, help="the spreadsheet: .csv (UTF-8) or .xlsx")
    _project_argument(table)
    table.add_argument("--kind", required=True, choices=CSV_KINDS,
                       help="what each row is")
    table.add_argument("--lang", default="sv",
                       help="language of texts in columns without a language suffix such as "
                            "name_en (default sv)")
    table.set_defaults(run=_csv)


def _project_argument(command) -> None:
    command.add_argument("project", nargs="?", type=Path, default=Path("."),
                         help="project folder (default: the current folder)")


def _text(args) -> int:
    from .ingest.text import import_text

    change = import_text(args.file, args.project)
    print(change)
    return 0


def _csv(args) -> int:
    from .ingest.spreadsheet import import_table
    from .sources.values import is_language_tag

    if not is_language_tag(args.lang):
        print(f"error: --lang {args.lang!r} is not a language tag; expected e.g. sv, en",
              file=sys.stderr)
        return 2
    result = import_table(args.file, args.project, args.kind, language=args.lang)
    if result.ignored_columns:
        print(f"ignored columns (not known for {args.kind}): "
              + ", ".join(result.ignored_columns), file=sys.stderr)
    for change in result.changes:
        where = change.path.relative_to(args.project) if change.path.is_relative_to(
            args.project) else change.path
        note = "" if change.section == args.kind else f"  ({change.section})"
        print(f"{change.action:9} {change.key}  {where}{note}")
    counts = result.counts()
    print(f"{args.kind}: {counts['created']} created, {counts['updated']} updated, "
          f"{counts['unchanged']} unchanged")
    return 0
