"""Entities as the write API takes and gives them: JSON objects in the content format's fields.

An article is its front-matter fields, ``id`` (its key: the file name without ``.md``)
and ``body`` (its Markdown); a registry entry is its fields as a registry file writes
them, ``id`` among them. This module reads an entity from the content files, checks
what a client sends, and plans the text of the one file a change rewrites.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import SourceError, WriteRefused
from ..ingest.articles import FIELD_ORDER, set_field
from ..ingest.contentfiles import (ARTICLES_DIR, REGISTRY_DIR, read_article, read_registry,
                                   render_article, render_registry, slugify)
from ..sources.fields import KINDS, SECTIONS, RecordKind

ARTICLES = "articles"
#: What the API writes, by the name of its collection: articles and every registry section.
COLLECTIONS: dict[str, RecordKind] = {ARTICLES: KINDS["article"], **SECTIONS}
#: A key the API writes: an ASCII letter or digit, then those or '.', '_', '~' or '-'.
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,149}")
BODY = "body"
MAX_DEPTH = 12


@dataclass(frozen=True)
class Entity:
    """One article or registry entry as the content files hold it."""

    collection: str
    key: str
    fields: dict          # as JSON: what GET answers
    path: Path            # the file that holds it

    @property
    def etag(self) -> str:
        return etag_of(self.fields)


@dataclass(frozen=True)
class Change:
    """The new text of one content file (None: the file goes)."""

    path: Path
    text: str | None


def etag_of(fields: dict) -> str:
    """The entity tag of an entity: a digest of its fields as JSON.

    >>> etag_of({"id": "a", "name": "A"}) == etag_of({"name": "A", "id": "a"})
    True
    """
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


# --- reading ------------------------------------------------------------------------------------

def find(project_dir: Path, collection: str, key: str) -> Entity | None:
    """The entity *key* of *collection*, or None when the content has none."""
    if collection == ARTICLES:
        path = project_dir / ARTICLES_DIR / f"{key}.md"
        if not KEY.fullmatch(key) or not path.is_file():
            return None
        front, body = read_article(path)
        return Entity(collection, key, {"id": key, **as_json(front), BODY: body.strip("\n")}, path)
    for path, item in _registry_items(project_dir, collection):
        if str(item.get("id")) == key:
            return Entity(collection, key, as_json(item), path)
    return None


def _registry_items(project_dir: Path, section: str):
    """(file, entry) for each entry of *section* in the registry files."""
    folder = project_dir / REGISTRY_DIR
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            data = read_registry(path)
        except (SourceError, ValueError):
            continue  # a broken file: the validation of the change reports it
        items = data.get(section)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                yield path, item


def as_json(value):
    """*value* (read from YAML) as JSON values: dates as ISO 8601 strings.

    >>> as_json({"d": dt.date(2023, 6, 22), "l": [1, "a"]})
    {'d': '2023-06-22', 'l': [1, 'a']}
    """
    if isinstance(value, dict):
        return {str(name): as_json(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_json(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# --- checking what a client sends -------------------------------------------------------------

def parse_body(data: bytes) -> dict:
    """The JSON object of a request; a WriteRefused (400) saying what is wrong with it."""
    def refuse_constant(name):
        raise ValueError(f"{name} is not a JSON number")

    try:
        value = json.loads(data.decode("utf-8"), parse_constant=refuse_constant)
    except UnicodeDecodeError as exc:
        raise WriteRefused(400, f"the body is not UTF-8 (byte {exc.start})") from None
    except RecursionError:
        raise WriteRefused(400, f"the body nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        raise WriteRefused(400, f"the body is not JSON: {exc}",
                           hint="send a JSON object of the content format's fields") from None
    if not isinstance(value, dict):
        raise WriteRefused(400, f"the body is a JSON {type(value).__name__}, not an object",
                           hint="send a JSON object of the content format's fields")
    _check_values(value, "", 0)
    return value


def _check_values(value, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise _field_error(where, f"nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        if not _encodable(value):
            raise _field_error(where, "holds a lone surrogate (\\ud800–\\udfff): not text")
        if "\x00" in value:
            raise _field_error(where, "holds a NUL character: not text")
    elif isinstance(value, dict):
        for name, item in value.items():
            if not _encodable(name):
                raise _field_error(where, "has a field name that is not text")
            _check_values(item, f"{where}.{name}" if where else name, depth + 1)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            _check_values(item, f"{where}[{number}]", depth + 1)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _field_error(field: str, message: str) -> WriteRefused:
    return WriteRefused(400, f"field '{field}': {message}",
                        problems=[{"field": field.split(".")[0].split("[")[0], "path": field,
                                   "message": message}])


def entity_key(collection: str, data: dict, url_key: str | None = None) -> str | None:
    """The key the request gives (``id``, or the URL's); None for a new article without one."""
    given = data.get("id")
    if given is not None and not isinstance(given, str):
        raise _field_error("id", f"must be a string, not {_json_type(given)}")
    if url_key is not None:
        if given is not None and given != url_key:
            raise _field_error("id", f"is {given!r}, but the address names {url_key!r}")
        given = url_key
    if given is None:
        if collection != ARTICLES:
            raise _field_error("id", "is required: the entry's key, unique in the project")
        return None
    if not KEY.fullmatch(given):
        raise _field_error("id", f"{given!r} is not a key: an ASCII letter or digit, then "
                                 "those or '.', '_', '~' or '-' (at most 150)")
    return given


def new_article_key(project_dir: Path, data: dict) -> str:
    """A key for a new article: ``{datePublished}-{headline slug}``, made unique."""
    headline = data.get("headline")
    if isinstance(headline, dict):
        headline = next((text for text in headline.values() if isinstance(text, str)), None)
    date = re.sub(r"[^0-9-]", "", str(data.get("datePublished") or ""))[:10]
    stem = "-".join(part for part in (date, slugify(headline or "")) if part)
    stem = stem if KEY.fullmatch(stem) else "article"
    key, number = stem, 2
    while (project_dir / ARTICLES_DIR / f"{key}.md").exists():
        key, number = f"{stem}-{number}", number + 1
    return key


def _json_type(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def unchanged(existing: Entity | None, key: str, data: dict) -> bool:
    """Whether *data* says what *existing* says already (then its file is left as it is).

    >>> entity = Entity("events", "a", {"id": "a", "name": "A"}, Path("registry/events.yaml"))
    >>> unchanged(entity, "a", {"name": "A", "url": None}), unchanged(entity, "a", {"name": "B"})
    (True, False)
    """
    if existing is None:
        return False
    wanted = {"id": key, **{name: value for name, value in data.items()
                            if name != "id" and value is not None}}
    if existing.collection == ARTICLES and isinstance(wanted.get(BODY, ""), str):
        wanted[BODY] = wanted.get(BODY, "").strip("\n")
    return wanted == existing.fields


# --- planning the change ------------------------------------------------------------------------

def article_change(project_dir: Path, key: str, data: dict, existing: Entity | None) -> Change:
    """The article file holding *data*: the fields given replace all others; an existing
    file keeps its comments, its field order and the formatting of unchanged values."""
    body = data.get(BODY, "")
    if not isinstance(body, str):
        raise _field_error(BODY, f"must be a string (Markdown), not {_json_type(body)}")
    fields = {name: value for name, value in data.items()
              if name not in ("id", BODY) and value is not None}
    path = project_dir / ARTICLES_DIR / f"{key}.md"
    front = read_article(path)[0] if existing is not None else CommentedMap()
    for name in [name for name in front if name not in fields]:
        del front[name]
    for name in sorted(fields, key=_field_rank):
        set_field(front, name, fields[name])
    return Change(path, render_article(front, body))


def _field_rank(name: str) -> int:
    return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)


def registry_change(project_dir: Path, section: str, key: str, data: dict,
                    existing: Entity | None) -> Change:
    """The registry file with entry *key* replaced by *data* (an existing one keeps its
    place and comments), or added to ``registry/{section}.yaml``."""
    fields = {"id": key, **{name: value for name, value in data.items()
                            if name != "id" and value is not None}}
    path = existing.path if existing is not None else project_dir / REGISTRY_DIR / f"{section}.yaml"
    document = read_registry(path)
    items = document.get(section)
    if not isinstance(items, list):
        items = document[section] = CommentedSeq()
    entry = next((item for item in items
                  if isinstance(item, dict) and str(item.get("id")) == key), None)
    if entry is None:
        items.append(CommentedMap(fields))
    else:
        for name in [name for name in entry if name not in fields]:
            del entry[name]
        for name, value in fields.items():
            set_field(entry, name, value)
    return Change(path, render_registry(document))


def removal(project_dir: Path, entity: Entity) -> Change:
    """The change that removes *entity*: its article file, or its entry (and a file left empty)."""
    if entity.collection == ARTICLES:
        return Change(entity.path, None)
    document = read_registry(entity.path)
    items = document[entity.collection]
    for number, item in enumerate(items):
        if isinstance(item, dict) and str(item.get("id")) == entity.key:
            del items[number]
            break
    if not items:
        del document[entity.collection]
    return Change(entity.path, render_registry(document) if document else None)
