"""``lodpub link``: show what each article mentions, for review; ``--apply`` writes it."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = """examples:
  lodpub link my-site                      show the suggestions for every article
  lodpub link my-site --article content/articles/2023-06-22-x.md
  lodpub link --apply my-site              write them: mentions, new people, mandates

An article's 'suggestions' section (left by an import) is what --apply writes; delete
lines from it to refuse them, or move a key to its 'rejected' list to refuse it for good.
"""


def add_link_command(commands) -> None:
    """Add ``link`` to the CLI's subcommands."""
    import argparse

    command = commands.add_parser(
        "link", help="suggest what each article mentions; --apply writes the accepted suggestions",
        description="Find the municipalities, organisations, people, places and events each "
                    "article mentions, for review; --apply adds them to the article's mentions "
                    "and creates new people and mandates in the registry.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("project", nargs="?", type=Path, default=Path("."),
                         help="project folder (default: the current folder)")
    command.add_argument("--article", action="append", type=Path, default=[], metavar="FILE",
                         help="only this article (may be repeated)")
    command.add_argument("--apply", action="store_true",
                         help="write the suggestions instead of showing them")
    command.set_defaults(run=_run)


def _run(args) -> int:
    from .ingest.linking.suggestions import apply_article, articles_of, project_index, review_article

    paths = articles_of(args.project, args.article)
    index = project_index(args.project)
    changed = 0
    for path in paths:
        if args.apply:
            result = apply_article(args.project, path, index)
            if result.changes:
                changed += 1
                print(_name(args.project, path))
                for change in result.changes:
                    print(f"  {change}")
                index = project_index(args.project)  # new people and mandates count for the next
        else:
            print(format_review(_name(args.project, path), review_article(args.project, path, index)))
    if args.apply:
        print(f"changed {changed} of {len(paths)} article(s)" if changed
              else f"nothing to change in {len(paths)} article(s)")
    return 0


def _name(project: Path, path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(Path(project).resolve()).as_posix()
    except ValueError:
        return str(path)


def format_review(name: str, result) -> str:
    """The suggestions of one article, for people."""
    section = result.section
    origin = "its suggestions section" if result.pending else "found now"
    lines = [f"{name}  ({origin})"]
    mentions = section.get("mentions") or []
    if not any(section.get(part) for part in ("mentions", "people", "mandates", "ambiguous")):
        lines.append("  nothing new to suggest")
    if mentions:
        lines.append("  mentions:")
        for item in mentions:
            lines.append(f"    {item.get('ref')}  {item.get('label', '')}  ← \"{item.get('words', '')}\"")
            if item.get("sentence"):
                lines.append(f"        in: {_short(item['sentence'])}")
            if item.get("why"):
                lines.append(f"        why: {item['why']}")
    for person in section.get("people") or []:
        lines.append(f"  new person: {person.get('id')}  {person.get('name')}")
        for mandate in person.get("mandates") or []:
            lines.append("      " + _mandate(mandate))
    for item in section.get("mandates") or []:
        lines.append(f"  new mandate for {item.get('person')}: {_mandate(item.get('mandate') or {})}")
    for item in section.get("ambiguous") or []:
        lines.append(f"  ambiguous, not linked: \"{item.get('words')}\" could be "
                     + " or ".join(str(key) for key in item.get("candidates") or []))
        if item.get("why"):
            lines.append(f"        why: {item['why']}")
    if section.get("rejected"):
        lines.append(f"  rejected: {', '.join(str(key) for key in section['rejected'])}")
    return "\n".join(lines)


def _mandate(mandate: dict) -> str:
    text = f"{mandate.get('role')} in {mandate.get('organisation')}"
    name = (mandate.get("roleName") or {}).get("sv") if isinstance(mandate.get("roleName"), dict) else None
    if name:
        text += f" (\"{name}\")"
    if mandate.get("onBehalfOf"):
        text += f" for {mandate['onBehalfOf']}"
    return text


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
