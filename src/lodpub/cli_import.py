"""``lodpub import feed|page|text|csv``: write content files from what a publisher already has."""

from __future__ import annotations


def add_import_command(commands) -> None:
    """Add ``import`` and its source kinds to the CLI's subcommands."""
    from . import cli_import_files, cli_import_web

    command = commands.add_parser(
        "import", help="write content files from a news feed, a news page, a text export or a spreadsheet",
        description="Write ordinary content files from a source; importing the same source again "
                    "changes nothing, and an edited source updates its file.")
    kinds = command.add_subparsers(dest="source_kind", metavar="SOURCE", required=True)
    cli_import_web.add_commands(kinds)     # feed, page
    cli_import_files.add_commands(kinds)   # text, csv
