"""Plain records read from content files, before they become RDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Location
from .fields import RecordKind


@dataclass
class Record:
    """One thing described in a content file, its values read and typed."""

    kind: RecordKind
    key: str
    path: str                         # relative to the project, with '/' separators
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)
    children: list["Record"] = field(default_factory=list)
    body: str | None = None           # an article's Markdown body

    def location(self, field_name: str | None = None) -> Location:
        line = self.field_lines.get(field_name, self.line) if field_name else self.line
        return Location(self.path, line, self.key, field_name)


@dataclass
class Document:
    """One source file and the records it holds; it becomes one named graph."""

    path: str
    kind: str                          # "article", "registry" or "gazetteer"
    records: list[Record]
    digest: str                        # sha256 of the file's bytes

    @property
    def slug(self) -> str:
        stem = self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        folder = {"article": "articles", "gazetteer": "gazetteers"}.get(self.kind, "registry")
        return f"{folder}/{stem}"
