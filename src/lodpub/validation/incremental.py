"""What the results derived from one document depend on, so that a build derives
again exactly the documents whose results may differ.

A document's key hashes what shapes every document (lodpub's code and data, the
shapes, the ontology, the settings and the base: the build's fingerprint), the
document's own bytes, the keys its references resolved to, and the records they
point to as they read now. Its mapped graph and its validation results depend on
nothing else: a changed registry entry gives a new key to the entry's own file and to
exactly the documents that refer to it (an article that mentions a renamed
municipality), and to no other.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from ..mapping.records import person_id
from ..shipped import data_dir
from ..sources import fields as k
from ..sources.content import Content, all_records
from ..sources.records import Record

REPORT = "report.json"


def shapes_fingerprint() -> str:
    """The shapes and the ontology, file by file."""
    digest = hashlib.sha256()
    for folder in ("shapes", "ontology"):
        for path in sorted(data_dir(folder).rglob("*.ttl")):
            digest.update(path.relative_to(data_dir(folder)).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def document_keys(content: Content, fingerprint: str) -> dict[str, str]:
    """Return the key of every document of *content*, by path."""
    targets: dict[str, str] = {}

    def target(key: str) -> str:
        if key not in targets:
            record = content.records.get(key)
            targets[key] = "missing" if record is None else _digest(_record_state(record))
        return targets[key]

    keys = {}
    for document in content.documents:
        digest = hashlib.sha256(f"{fingerprint}\x1e{document.path}\x1e{document.kind}\x1e"
                                f"{document.digest}".encode())
        for record in all_records([document]):
            digest.update(f"\x1e{record.kind.name}\x1f{record.key}".encode())
            for name, references in _references(record):
                digest.update(f"\x1f{name}".encode())
                for reference in references:
                    digest.update(f"\x1d{reference}\x1c{target(reference)}".encode())
        keys[document.path] = digest.hexdigest()
    return keys


def _references(record: Record) -> Iterator[tuple[str, list[str]]]:
    for spec in record.kind.fields:
        if spec.kind == k.REF and spec.name in record.values:
            value = record.values[spec.name]
            yield spec.name, list(value) if spec.many else [value]


def _record_state(record: Record) -> tuple:
    """What a record says, without where in its file it says it (lines move)."""
    identifier = person_id(record) if record.kind.name == "person" else record.key
    return ("record", record.kind.name, record.key, identifier, _canonical(record.values),
            record.body)


def _canonical(value):
    if isinstance(value, Record):
        return _record_state(value)
    if isinstance(value, dict):
        return tuple(sorted((str(name), _canonical(item)) for name, item in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_canonical(item) for item in value)
    return repr(value)


def _digest(state: tuple) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()
