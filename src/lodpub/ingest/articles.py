"""Create or update one article file from what an import found.

Every importer (feed, page, text) hands its fields to :func:`save_articles`, which

* finds the article the source already produced, by ``identifier``, else by ``url``,
  and updates it: only the fields the import owns (:data:`IMPORTED_FIELDS` and the
  body) are replaced; what a person added (``about``, ``mentions``, ``quotes``,
  ``suggestions``, comments, field order) stays;
* otherwise creates ``content/articles/{date}-{slug}.md`` and gives it the linker's
  suggestions;
* plans every file first and writes only when every plan succeeded, so that a bad
  source leaves the project as it was.

It also has the small look-ups importers share: the project's publisher and first
language, and turning author names into registry keys (or suggestions for new people).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..errors import ConfigError, SourceError
from .contentfiles import (ARTICLES_DIR, REGISTRY_DIR, Change, _plain, article_files, read_article,
                           render_article, slugify, write_text)

#: Front-matter fields an import owns: replaced (or removed) on every re-import.
IMPORTED_FIELDS = ("headline", "datePublished", "dateModified", "inLanguage", "author",
                   "publisher", "description", "image", "url", "identifier", "keywords")

#: The order of fields in a new article file (the order of docs/format.md).
FIELD_ORDER = ("headline", "datePublished", "dateModified", "inLanguage", "author", "publisher",
               "description", "image", "url", "identifier", "about", "mentions", "keywords",
               "quotes", "suggestions")


@dataclass
class ImportedArticle:
    """What an import found for one article.

    *fields* holds front-matter values as plain strings, lists and maps; a field of
    *owned* that is missing or None is removed from an existing file. *suggestions*
    (e.g. ``{"people": [{"id": …, "name": …}]}`` for an author not in the registry)
    goes into a new file only, merged with the linker's.
    """

    fields: dict
    body: str = ""
    suggestions: dict | None = None
    owned: tuple[str, ...] = IMPORTED_FIELDS


@dataclass
class _Plan:
    path: Path
    text: str
    action: str
    what: str


# --- writing --------------------------------------------------------------------------------

def save_articles(project_dir: Path, articles: list[ImportedArticle]) -> list[Change]:
    """Create or update one file per article; return a Change per article, in order.

    Nothing is written unless every article could be planned.
    """
    project_dir = Path(project_dir)
    index = _ArticleIndex(project_dir)
    plans = [_plan(project_dir, article, index) for article in articles]
    changes = []
    for plan in plans:
        action = write_text(plan.path, plan.text) if plan.action != "unchanged" else "unchanged"
        changes.append(Change(plan.path, action, plan.what))
    return changes


def save_article(project_dir: Path, article: ImportedArticle) -> Change:
    """Create or update the file of one article (see :func:`save_articles`)."""
    return save_articles(project_dir, [article])[0]


def _plan(project_dir: Path, article: ImportedArticle, index: "_ArticleIndex") -> _Plan:
    values = {name: value for name, value in article.fields.items() if value not in (None, "", [])}
    for required in ("headline", "datePublished"):
        if required not in values:
            raise ValueError(f"an imported article needs '{required}'")
    what = str(values["headline"])
    path = index.find(values.get("identifier"), values.get("url"))
    if path is None:
        front = CommentedMap()
        for name in FIELD_ORDER:
            if name in values:
                front[name] = values[name]
        for name, value in values.items():  # fields outside the usual order go last
            if name not in front:
                front[name] = value
        body = article.body
        suggestions = merge_suggestions(article.suggestions,
                                        linker_suggestions(project_dir, front, body))
        if suggestions:
            front["suggestions"] = suggestions
        path = index.reserve_new(str(values["datePublished"])[:10], what)
        return _Plan(path, render_article(front, body), "created", what)
    front, _old_body = read_article(path)
    before = path.read_text(encoding="utf-8")
    for name in article.owned:
        if name in values:
            set_field(front, name, values[name])
        elif name in front:
            del front[name]
    text = render_article(front, article.body)
    return _Plan(path, text, "unchanged" if text == before else "updated", what)


def set_field(front: CommentedMap, name: str, value) -> None:
    """Set *name* only when its value differs, so unchanged values keep their formatting."""
    if name in front:
        old = front[name]
        if isinstance(old, dt.date) and not isinstance(old, dt.datetime):
            old = old.isoformat()   # a person's unquoted date, read as a date
        if _plain(old) != _plain(value):
            front[name] = value
        return
    position = len(front)
    rank = FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)
    for number, existing in enumerate(front):
        if existing in FIELD_ORDER and FIELD_ORDER.index(existing) > rank:
            position = number
            break
    front.insert(position, name, value)


class _ArticleIndex:
    """The project's articles by identifier and url, read once per import."""

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir
        self.by_identifier: dict[str, Path] = {}
        self.by_url: dict[str, Path] = {}
        self.reserved: set[Path] = set()
        for path in article_files(project_dir):
            try:
                front, _ = read_article(path)
            except SourceError:
                continue
            self.add(path, front.get("identifier"), front.get("url"))

    def add(self, path: Path, identifier, url) -> None:
        if identifier:
            self.by_identifier.setdefault(str(identifier), path)
        if url:
            self.by_url.setdefault(str(url), path)

    def find(self, identifier, url) -> Path | None:
        if identifier and str(identifier) in self.by_identifier:
            return self.by_identifier[str(identifier)]
        if url and str(url) in self.by_url:
            return self.by_url[str(url)]
        return None

    def reserve_new(self, date: str, headline: str) -> Path:
        folder = self.project_dir / ARTICLES_DIR
        stem = f"{date}-{slugify(headline)}"
        path, number = folder / f"{stem}.md", 2
        while path.exists() or path in self.reserved:
            path, number = folder / f"{stem}-{number}.md", number + 1
        self.reserved.add(path)
        return path


# --- suggestions ----------------------------------------------------------------------------

def linker_suggestions(project_dir: Path, front: dict, body: str) -> dict | None:
    """The linker's suggestions for a new article (None where there are none)."""
    from .linking import suggestions_for

    return suggestions_for(Path(project_dir), front, body)


def merge_suggestions(*parts: dict | None) -> dict | None:
    """Merge suggestion maps section by section; an item already listed is skipped.

    >>> merge_suggestions({"mentions": [{"ref": "a"}]}, {"mentions": [{"ref": "a"}, {"ref": "b"}]})
    {'mentions': [{'ref': 'a'}, {'ref': 'b'}]}
    """
    merged: dict = {}
    for part in parts:
        for section, items in (part or {}).items():
            if not isinstance(items, list):
                merged.setdefault(section, items)
                continue
            target = merged.setdefault(section, [])
            seen = {_identity(item) for item in target}
            for item in items:
                if _identity(item) not in seen:
                    target.append(item)
                    seen.add(_identity(item))
    return merged or None


def _identity(item) -> str:
    """What makes a suggestion the same as another: its id (people), ref (mentions) or itself."""
    if isinstance(item, dict):
        for name in ("id", "ref"):
            if item.get(name):
                return f"{name}:{item[name]}"
    return repr(item)


# --- look-ups importers share -----------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def normalise_date(raw: str | None, zone: str = "Europe/Stockholm") -> str | None:
    """*raw* (ISO 8601 / RFC 3339 or RFC 822) as the front matter writes it, keeping its zone.

    A date stays a date; a date-time keeps the offset it was given with ('Z' stays 'Z');
    a date-time without one gets the offset of *zone* (the project's ``dataset.timezone``)
    at that moment. None when *raw* is not a date.

    >>> normalise_date("Tue, 14 May 2024 08:30:00 +0200"), normalise_date("2024-05-14T06:30:00Z")
    ('2024-05-14T08:30:00+02:00', '2024-05-14T06:30:00Z')
    """
    import email.utils
    from zoneinfo import ZoneInfo

    text = " ".join(str(raw or "").split())
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:       # RFC 822 '-0000': UTC, origin unknown
            moment = moment.replace(tzinfo=dt.timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    rendered = moment.isoformat(timespec="seconds" if not moment.microsecond else "auto")
    if moment.utcoffset() == dt.timedelta(0) and re.search(r"(Z|GMT|UTC?)$", text, re.IGNORECASE):
        rendered = rendered[:-6] + "Z"
    return rendered


def project_timezone(project_dir: Path) -> str:
    """The project's ``dataset.timezone``, for date-times a source gives without an offset."""
    from ..config import load_config

    return str(load_config(Path(project_dir))["dataset.timezone"])


def project_publisher(project_dir: Path) -> str:
    """The project's ``dataset.publisher``, which every imported article gets."""
    from ..config import CONFIG_FILE, load_config

    publisher = load_config(Path(project_dir))["dataset.publisher"]
    if not publisher:
        raise ConfigError(f"{Path(project_dir) / CONFIG_FILE}: 'dataset.publisher' is not set; "
                          "imported articles need a publisher",
                          hint="set it to the registry key of the publishing municipality or "
                               "organisation, e.g. [dataset] publisher = \"se-2460\"")
    return publisher


def project_language(project_dir: Path) -> str:
    """The first of the project's ``dataset.languages`` (for sources that name none)."""
    from ..config import load_config

    languages = load_config(Path(project_dir))["dataset.languages"]
    return str(languages[0]) if languages else "sv"


#: Words that make an author name look like an organisation rather than a person.
_ORGANISATION_WORDS = re.compile(
    r"(kommun|region|avdelning|förvaltning|enhet|kontor|nämnd|redaktion|kansli|styrelse|"
    r"kommunikation|myndighet|verket|bolag|förening|stiftelse|\bAB\b|municipality|department|"
    r"office|council|editorial|team|press)", re.IGNORECASE)


def looks_like_organisation(name: str) -> bool:
    """Tell (by its words) whether an author name names an organisation, e.g. 'Vännäs kommun'."""
    return bool(_ORGANISATION_WORDS.search(name))


@dataclass
class Authors:
    """Author names of a source, sorted out against the registry."""

    keys: list[str] = field(default_factory=list)            # for the ``author`` field
    new_people: list[dict] = field(default_factory=list)     # {id, name}: suggestions
    left_out: list[str] = field(default_factory=list)        # organisations or ambiguous names

    @property
    def suggestions(self) -> dict | None:
        return {"people": list(self.new_people)} if self.new_people else None


class AgentNames:
    """Registry keys of people, organisations and municipalities by key and by name."""

    SECTIONS = ("people", "organisations", "municipalities")

    def __init__(self, project_dir: Path):
        from ..sources.yamlfile import load_yaml

        self.keys: set[str] = set()
        self.by_name: dict[str, set[str]] = {}
        folder = Path(project_dir) / REGISTRY_DIR
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            try:
                data = load_yaml(path.read_text(encoding="utf-8"), path.name)
            except (SourceError, UnicodeDecodeError):
                continue   # lodpub validate reports broken registry files
            if not isinstance(data, dict):
                continue
            for section in self.SECTIONS:
                for item in data.get(section) or []:
                    if isinstance(item, dict) and item.get("id") is not None:
                        self._add(str(item["id"]), item)

    def _add(self, key: str, item: dict) -> None:
        self.keys.add(key)
        names = [item.get("name")] + list(_as_list(item.get("alternateName")))
        for name in names:
            texts = name.values() if isinstance(name, dict) else [name]
            for text in texts:
                if isinstance(text, str) and text.strip():
                    self.by_name.setdefault(_fold(text), set()).add(key)

    def resolve(self, name: str) -> str | None:
        """The key *name* is, or the one record it names; None when unknown or ambiguous."""
        name = " ".join(name.split())
        if name in self.keys:
            return name
        found = self.by_name.get(_fold(name), set())
        return next(iter(found)) if len(found) == 1 else None

    def is_ambiguous(self, name: str) -> bool:
        return len(self.by_name.get(_fold(name), set())) > 1

    def sort_out(self, names: list[str]) -> Authors:
        """Keys for known names; new-person suggestions for unknown person names."""
        authors = Authors()
        for name in names:
            name = " ".join(name.split())
            if not name:
                continue
            key = self.resolve(name)
            if key is not None:
                if key not in authors.keys:
                    authors.keys.append(key)
            elif self.is_ambiguous(name) or looks_like_organisation(name):
                if name not in authors.left_out:
                    authors.left_out.append(name)
            elif all(item["name"] != name for item in authors.new_people):
                authors.new_people.append({"id": slugify(name), "name": name})
        return authors


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()
