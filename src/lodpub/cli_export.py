"""``lodpub export static``: the current build as files, with an nginx configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """examples:
  lodpub export static public my-site
  lodpub export static public my-site --listen 8080 --sparql http://127.0.0.1:8000

The folder then holds every page, format, dump, feed and sitemap under the URLs the
server answers, each text also precompressed (.gz), and nginx-site.conf: include it in
nginx's http { } block. Exporting again rewrites only what changed. docs/static.md
says how to publish the folder and what is lost without the configuration.
"""


def add_export_command(commands) -> None:
    """Add ``export`` to the subcommands of the ``lodpub`` parser."""
    export = commands.add_parser(
        "export", help="write the current build as a static site",
        description="Write the current build for another web server.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    kinds = export.add_subparsers(dest="kind", metavar="KIND", required=True)
    static = kinds.add_parser("static", help="every page and format as files, and nginx configuration",
                              epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    static.add_argument("folder", type=Path, help="folder to write (new, empty, or an earlier export)")
    static.add_argument("project", nargs="?", type=Path, default=Path("."),
                        help="project folder (default: the current folder)")
    static.add_argument("--listen", default="80", help="what nginx listens on (default: 80)")
    static.add_argument("--sparql", metavar="URL",
                        help="a running lodpub serve to proxy /sparql, /embed and /api/ to")
    static.set_defaults(run=_static)


def _static(args) -> int:
    from .export.nginx import SITE, nginx_files
    from .export.static_site import export_static
    from .project import Project

    project = Project(args.project)
    if args.sparql is not None and not args.sparql.startswith(("http://", "https://")):
        print(f"error: --sparql must be an http(s) URL, not {args.sparql!r}", file=sys.stderr)
        return 2
    project.release  # the build to export; BuildNotFound says to build first
    export = export_static(project.path, project.config, args.folder)
    for name, text in nginx_files(export, args.listen, args.sparql).items():
        (args.folder / name).write_text(text, encoding="utf-8")
    print(f"exported {args.folder}: {export.written} file(s) written, {export.unchanged} "
          f"unchanged, {export.removed} removed; nginx: include {args.folder / SITE}")
    return 0
