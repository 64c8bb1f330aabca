"""The ``lodpub`` command: parse options, call the library, print, exit.

Exit codes: 0 success, 1 bad input or a failed check, 2 misuse of the command.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from . import __version__
from .config import CONFIG_FILE, DEFAULT_BASE

WARNINGS_SHOWN = 20  # a build shows this many warnings; lodpub validate shows them all

EPILOG = """examples:
  lodpub init my-site            a new project with example content
  lodpub validate my-site        check the content against the shapes
  lodpub build my-site           map, validate, index and write dumps
  lodpub serve my-site           publish it at http://localhost:8000/
  lodpub query my-site 'SELECT ?s WHERE { ?s a <http://schema.org/NewsArticle> }'
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "command", None) == "query" and not any(
            word.startswith("-") for word in extra):
        # argparse stops taking positionals at an option: 'query PROJECT --format csv QUERY'
        args.arguments += extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    from .errors import LodpubError, SourceErrors, ValidationFailed, disk_full

    try:
        return args.run(args)
    except ValidationFailed as failed:
        print(failed.report.to_text(args.lang if hasattr(args, "lang") else "en"), file=sys.stderr)
        print("error: the content violates the shapes; nothing was published "
              "(the last good build is unchanged)", file=sys.stderr)
        return 1
    except SourceErrors as errors:
        print(f"error: {errors}", file=sys.stderr)
        return 1
    except LodpubError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the last good build is unchanged", file=sys.stderr)
        return 130
    except (OSError, sqlite3.Error) as error:
        full = disk_full(error)
        if full is None:
            raise
        print(f"error: {full}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lodpub", description="Publish articles and partnership registries as Linked Open Data.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"lodpub {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", help="create a new project with example content")
    init.add_argument("directory", type=Path, help="folder to create")
    init.add_argument("--base", help="the site's public address, under which IRIs are minted "
                                     f"(default: {DEFAULT_BASE}, to change before publishing)")
    init.set_defaults(run=_init)

    validate = commands.add_parser("validate", help="check the content against the shapes")
    _project_argument(validate)
    validate.add_argument("--format", choices=("text", "json", "turtle"), default="text",
                          help="text for people (default), json, or the SHACL report as turtle")
    _lang_argument(validate)
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="map, validate, index and write dumps")
    _project_argument(build)
    build.add_argument("--base", help="base IRI for this build (overrides lodpub.toml)")
    build.add_argument("--full", action="store_true",
                       help="throw the build cache away and derive every document again")
    _lang_argument(build)
    build.set_defaults(run=_build)

    query = commands.add_parser("query", help="run SPARQL on the current build")
    query.add_argument("arguments", nargs="+", metavar="[PROJECT] QUERY",
                       help="project folder (default: the current folder) and the SPARQL query")
    query.add_argument("--format", choices=tuple(QUERY_FORMATS), default="table",
                       help="how to print results (default: table)")
    query.set_defaults(run=_query)

    from .cli_import import add_import_command
    from .cli_serve import add_serve_command

    add_serve_command(commands)
    add_import_command(commands)
    from .cli_link import add_link_command
    add_link_command(commands)
    from .cli_token import add_token_command
    add_token_command(commands)
    from .cli_export import add_export_command
    add_export_command(commands)
    return parser


def _project_argument(command):
    command.add_argument("project", nargs="?", type=Path, default=Path("."),
                         help="project folder (default: the current folder)")


def _lang_argument(command):
    command.add_argument("--lang", default="en", help="language of messages: en or sv (default en)")


def _progress(stage: str, done: int, total: int) -> None:
    if total >= 100 and (done == total or done % max(1, total // 20) < 200):
        print(f"{stage}: {done}/{total} documents", file=sys.stderr, flush=True)


def _init(args) -> int:
    from .project import Project

    project = Project.init(args.directory, base=args.base)
    target, base = project.path, project.config.base
    print(f"created {target}; next: lodpub build {target} && lodpub serve {target}")
    print(f"IRIs will be minted under {base}: set 'base' in {target / CONFIG_FILE} to the site's "
          "public address before publishing, and keep it" if args.base is None else
          f"IRIs will be minted under {base}, the site's public address")
    return 0


def _current_base(project) -> str | None:
    from .errors import BuildNotFound

    try:
        return project.release.base
    except BuildNotFound:
        return None


def _validate(args) -> int:
    from .project import Project

    report = Project(args.project).validate()
    if args.format == "json":
        print(report.to_json())
    elif args.format == "turtle":
        print(report.to_turtle())
    else:
        print(report.to_text(args.lang))
    return 0 if report.conforms else 1


def _build(args) -> int:
    from .project import Project

    project = Project(args.project, base=args.base)
    earlier = _current_base(project)
    result = project.build(progress=_progress, full=args.full)
    if not result.changed:
        print(f"nothing changed since the last build; {result.release.path.name} stays current")
        return 0
    if result.rederived:
        print(f"derived every document again: {result.rederived}")
    if result.report.findings:
        print(result.report.to_text(args.lang, limit=WARNINGS_SHOWN), file=sys.stderr)
    manifest = result.release.manifest
    unchanged = len(manifest["documents"]) - result.validated
    if unchanged:
        print(f"validated {result.validated} new or changed document(s); {unchanged} unchanged "
              "kept their results")
    print(f"built {len(manifest['documents'])} documents, {result.release.triples} triples "
          f"with the ontology, under {manifest['base']}")
    if earlier is not None and earlier != manifest["base"]:
        print(f"note: the IRIs moved: the previous build's were under {earlier}", file=sys.stderr)
    for dump in manifest["dumps"]:
        print(f"  {result.release.dumps_path / dump['name']}  ({dump['bytes']} bytes)")
    return 0


#: --format of lodpub query → (format for SELECT and ASK, format for CONSTRUCT and DESCRIBE).
QUERY_FORMATS = {"table": ("json", "ttl"), "csv": ("csv", "nt"), "json": ("json", "jsonld")}


def _query(args) -> int:
    from .cli_table import print_table
    from .formats import ResultsFormat
    from .project import Project

    if len(args.arguments) > 2:
        print("error: give at most a project folder and one query (quote the query)", file=sys.stderr)
        return 2
    project = Project(args.arguments[0] if len(args.arguments) == 2 else ".")
    solutions_format, graph_format = QUERY_FORMATS[args.format]
    result = project.query(args.arguments[-1], solutions_format=solutions_format,
                           graph_format=graph_format)
    if args.format == "table" and result.media_type == ResultsFormat.JSON.media_type:
        print_table(result, sys.stdout)
    else:
        sys.stdout.write(result.text if result.text.endswith("\n") else result.text + "\n")
    if result.truncated:
        print(f"note: {_truncation_note(project)}", file=sys.stderr)
    for iri in result.graphs_not_held:
        print(f"note: <{iri}> is not a graph of this dataset; it was read as empty", file=sys.stderr)
    return 0


def _truncation_note(project) -> str:
    from .sparql.limits import Limits

    return Limits.from_config(project.config).truncation_note()


if __name__ == "__main__":
    sys.exit(main())
