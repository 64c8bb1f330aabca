"""Read and write content files the way a person would, keeping their comments and order.

Imports and the linker change content files through this module only, so that every
write is atomic, keeps what a person wrote (comments, field order, fields the import
does not own) and reports whether anything changed.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import LodpubError, Location, SourceError, undecodable

ARTICLES_DIR = "content/articles"
REGISTRY_DIR = "registry"


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting survive a rewrite
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


@dataclass
class Change:
    """One file an import or the linker created or changed."""

    path: Path
    action: str                 # "created", "updated" or "unchanged"
    what: str = ""              # e.g. the article's headline or an entry's key

    def __str__(self) -> str:
        return f"{self.action:9} {self.path}" + (f"  ({self.what})" if self.what else "")


def slugify(text: str, limit: int = 60) -> str:
    """A file-name slug: ASCII letters, digits and hyphens.

    >>> slugify("Signerat partnerskap mellan Vännäs och Slobozhanske")
    'signerat-partnerskap-mellan-vannas-och-slobozhanske'
    >>> slugify("Дмитро Діхтяр")
    'дмитро-діхтяр'
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+", "-", unicodedata.normalize("NFC", kept)).strip("-_")
    return slug[:limit].rstrip("-") or "untitled"


# --- articles -----------------------------------------------------------------------------

def read_article(path: Path) -> tuple[CommentedMap, str]:
    """Return an article's front matter (round-trip map) and its Markdown body."""
    text = _read_text(path)
    match = re.match(r"---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|$)", text, re.DOTALL)
    if match is None:
        raise SourceError(Location(str(path), 1), "an article starts with YAML front matter "
                                                  "between two '---' lines")
    front = _yaml().load(match.group(1) or "") or CommentedMap()
    if not isinstance(front, CommentedMap):
        raise SourceError(Location(str(path), 2), "the front matter must be a map of fields")
    return front, text[match.end():]


def render_article(front: dict, body: str) -> str:
    """The text of an article file: front matter between '---' lines, then the body."""
    stream = io.StringIO()
    _yaml().dump(front, stream)
    body = body.strip("\n")
    return f"---\n{stream.getvalue()}---\n" + (f"{body}\n" if body else "")


def article_files(project_dir: Path) -> list[Path]:
    return sorted((Path(project_dir) / ARTICLES_DIR).glob("*.md"))


def find_article(project_dir: Path, **fields: str) -> Path | None:
    """Return the article whose front matter has any of *fields* (e.g. identifier=…) as given."""
    wanted = {name: value for name, value in fields.items() if value}
    if not wanted:
        return None
    for path in article_files(project_dir):
        try:
            front, _ = read_article(path)
        except SourceError:
            continue
        if any(str(front.get(name)) == value for name, value in wanted.items()):
            return path
    return None


# --- registry files -----------------------------------------------------------------------

def read_registry(path: Path) -> CommentedMap:
    """Return a registry file as a round-trip map of sections (empty when it does not exist)."""
    if not path.exists():
        return CommentedMap()
    data = _yaml().load(_read_text(path))
    if data is None:
        return CommentedMap()
    if not isinstance(data, CommentedMap):
        raise SourceError(Location(str(path), 1), "a registry file is a map of sections, e.g. "
                                                  "'people:' followed by a list")
    return data


def upsert_entries(path: Path, section: str, entries: list[dict]) -> list[tuple[str, str]]:
    """Add or update *entries* (each with an 'id') in one section of a registry file.

    An existing entry keeps its other fields, its comments and its place; the fields
    given replace theirs. Returns (key, "created" | "updated" | "unchanged") per entry.
    """
    data = read_registry(path)
    items = data.get(section)
    if items is None:
        items = data[section] = CommentedSeq()
    if not isinstance(items, list):
        raise SourceError(Location(str(path)), f"section '{section}' must be a list")
    by_key = {str(item.get("id")): item for item in items if isinstance(item, dict)}
    results = []
    for entry in entries:
        key = str(entry["id"])
        existing = by_key.get(key)
        if existing is None:
            item = CommentedMap(entry)
            items.append(item)
            by_key[key] = item
            results.append((key, "created"))
            continue
        before = _plain(existing)
        for name, value in entry.items():
            if _plain(existing.get(name)) != _plain(value):
                existing[name] = value
        results.append((key, "unchanged" if _plain(existing) == before else "updated"))
    if any(action != "unchanged" for _, action in results):
        write_text(path, render_registry(data))
    return results


def render_registry(data: CommentedMap) -> str:
    """The text of a registry file holding *data* (a map of sections)."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


# --- files --------------------------------------------------------------------------------

def write_text(path: Path, text: str) -> str:
    """Write *text* atomically; return "created", "updated" or "unchanged"."""
    path = Path(path)
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            return "unchanged"
        action = "updated"
    else:
        action = "created"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return action


def read_source(path: Path) -> bytes:
    """The bytes of a file to import; an error naming it when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise LodpubError(f"{path}: cannot read the file ({exc.strerror})") from None


def _read_text(path: Path) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _, problem = undecodable(data, exc)
        raise SourceError(Location(str(path)), f"{problem}; save the file as UTF-8") from None


def _plain(value):
    """*value* as plain dicts, lists and scalars, for comparing old and new."""
    if isinstance(value, dict):
        return {str(name): _plain(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value
