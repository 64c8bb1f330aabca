"""CLI of the web importers: ``lodpub import feed`` and ``lodpub import page``."""

from __future__ import annotations

from pathlib import Path

_ALLOW_PRIVATE = ("fetch from private, loopback and link-local addresses too "
                  "(e.g. a server on your own network); refused by default")


def add_commands(kinds) -> None:
    """Add this module's source kinds to ``lodpub import``."""
    feed = kinds.add_parser(
        "feed", help="one article per entry of an RSS 2.0 or Atom feed (URL or file)",
        description="Write one article file per feed entry; an entry imported before "
                    "(same id, else same link) updates its file instead of adding one.")
    feed.add_argument("source", metavar="SOURCE", help="the feed's URL or a feed file")
    _project_argument(feed)
    feed.add_argument("--since", metavar="DATE",
                      help="skip entries published before DATE (YYYY-MM-DD or a date-time)")
    feed.add_argument("--allow-private", action="store_true", help=_ALLOW_PRIVATE)
    feed.set_defaults(run=_feed)

    page = kinds.add_parser(
        "page", help="one article from a news page (URL or HTML file)",
        description="Write one article file from a news page: its JSON-LD, microdata or "
                    "Open Graph metadata and its main text.")
    page.add_argument("source", metavar="SOURCE", help="the page's URL or an HTML file")
    _project_argument(page)
    page.add_argument("--allow-private", action="store_true", help=_ALLOW_PRIVATE)
    page.set_defaults(run=_page)


def _project_argument(command) -> None:
    command.add_argument("project", nargs="?", type=Path, default=Path("."),
                         help="project folder (default: the current folder)")


def _feed(args) -> int:
    from .ingest.feed import import_feed

    return _report(import_feed(args.source, args.project, since=args.since,
                               allow_private=args.allow_private))


def _page(args) -> int:
    from .ingest.page import import_page

    return _report(import_page(args.source, args.project, allow_private=args.allow_private))


def _report(result) -> int:
    for change in result.changes:
        print(change)
    for note in result.notes:
        print(f"note: {note}")
    print(result.summary())
    return 0
