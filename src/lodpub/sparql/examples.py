"""The example research queries shipped in ``queries/*.rq``, each with a title and a description.

A query file starts with comment lines ``# title: …`` and ``# description: …``;
a description may go on over the following ``#`` lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..shipped import data_dir


@dataclass(frozen=True)
class ExampleQuery:
    name: str
    title: str
    description: str
    text: str


def read_example(path: Path) -> ExampleQuery:
    """Read one ``.rq`` file; raise ValueError naming the file when its header is incomplete."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        content = line[1:].strip()
        key, _, value = content.partition(":")
        if key in ("title", "description") and value:
            current = key
            fields[key] = value.strip()
        elif current == "description" and content:
            fields["description"] += " " + content
        else:
            current = None
    missing = [key for key in ("title", "description") if key not in fields]
    if missing:
        raise ValueError(f"{path}: the header lacks '# {missing[0]}: …'")
    return ExampleQuery(path.stem, fields["title"], fields["description"], text)


@cache
def example_queries() -> tuple[ExampleQuery, ...]:
    """Return the shipped example queries, in file-name order."""
    return tuple(read_example(path) for path in sorted(data_dir("queries").glob("*.rq")))
