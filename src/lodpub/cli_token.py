"""``lodpub token``: make, list and remove the tokens of the write API.

A new token is printed once; ``lodpub.toml`` keeps only its hash (``api.tokens``),
written with tomlkit so that the file's comments and layout stay as they were.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EPILOG = """examples:
  lodpub token new cms my-site             a token that may read and write
  lodpub token new reader my-site --read-only   one that may only read entities
  lodpub token list my-site
  lodpub token remove cms my-site          it stops working at once
"""


def add_token_command(commands) -> None:
    """Add ``token`` to the subcommands of the ``lodpub`` parser."""
    token = commands.add_parser(
        "token", help="make, list or remove tokens of the write API",
        description="Tokens of the write API (docs/api.md); lodpub.toml keeps only their hash.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = token.add_subparsers(dest="action", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="make a token, print it once and keep its hash")
    new.add_argument("name", help="what the token is for, e.g. cms (letters, digits, - and _)")
    new.add_argument("project", nargs="?", type=Path, default=Path("."),
                     help="project folder (default: the current folder)")
    new.add_argument("--read-only", action="store_true",
                     help="the token may read entities but not write")
    new.set_defaults(run=_new)
    listing = actions.add_parser("list", help="the tokens' names and rights")
    listing.add_argument("project", nargs="?", type=Path, default=Path("."))
    listing.set_defaults(run=_list)
    remove = actions.add_parser("remove", help="remove a token; it stops working at once")
    remove.add_argument("name")
    remove.add_argument("project", nargs="?", type=Path, default=Path("."))
    remove.set_defaults(run=_remove)


def _new(args) -> int:
    from .tokens import NAME, RIGHTS, new_token, token_hash

    if not NAME.fullmatch(args.name):
        print(f"error: a token's name is letters, digits, '-' and '_' (at most 64), "
              f"not {args.name!r}", file=sys.stderr)
        return 2
    document, tokens = _tokens_table(args.project)
    if args.name in tokens:
        print(f"error: there is a token named '{args.name}' already; remove it first: "
              f"lodpub token remove {args.name} {args.project}", file=sys.stderr)
        return 1
    import tomlkit

    token = new_token()
    entry = tomlkit.table()
    entry["hash"] = token_hash(token)
    entry["rights"] = ["read"] if args.read_only else list(RIGHTS)
    tokens[args.name] = entry
    _save(args.project, document)
    print(token)
    print(f"this is the token '{args.name}' ({', '.join(entry['rights'])}); it is shown only "
          f"now: lodpub.toml keeps only its hash", file=sys.stderr)
    return 0


def _list(args) -> int:
    from .project import Project
    from .tokens import configured_tokens

    for token in configured_tokens(Project(args.project).config):
        print(f"{token.name}\t{','.join(token.rights)}")
    return 0


def _remove(args) -> int:
    document, tokens = _tokens_table(args.project)
    if args.name not in tokens:
        print(f"error: there is no token named '{args.name}'", file=sys.stderr)
        return 1
    del tokens[args.name]
    _save(args.project, document)
    print(f"removed the token '{args.name}'")
    return 0


def _tokens_table(project: Path):
    """``lodpub.toml`` as a tomlkit document, and its ``[api.tokens]`` table (made if absent)."""
    import tomlkit

    from .project import Project

    path = Project(project).config.project_dir / "lodpub.toml"  # checks the settings first
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    if "api" not in document:
        document.add(tomlkit.nl())
        document["api"] = tomlkit.table(is_super_table=True)
    if "tokens" not in document["api"]:
        document["api"]["tokens"] = tomlkit.table(is_super_table=True)
    return document, document["api"]["tokens"]


def _save(project: Path, document) -> None:
    import tomlkit

    from .ingest.contentfiles import write_text
    from .project import Project

    write_text(project / "lodpub.toml", tomlkit.dumps(document))
    Project(project).config  # the file as written still holds valid settings
