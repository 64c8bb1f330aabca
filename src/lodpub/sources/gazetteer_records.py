"""Records from the gazetteers for what the content refers to, merged with the registry.

A reference to any Swedish municipality or Ukrainian hromada (and the regions they lie
in) needs no registry entry: its description comes from the gazetteer, as a document
of its own (one named graph per gazetteer, with the source and edition as provenance).
A registry entry with the same key only adds or overrides facts: what it states is
taken out of the gazetteer's record, per field and, for texts, per language.
"""

from __future__ import annotations

from .. import gazetteers
from . import fields as k
from .reader import RecordReader
from .records import Document, Record
from .references import GAZETTEER_KINDS
from .yamlfile import Mapping

GAZETTEER_FOLDER = "gazetteers"


def gazetteer_documents(records: dict[str, Record], referenced: set[str]) -> list[Document]:
    """The gazetteer documents for *referenced* keys and registry records with gazetteer keys.

    Each entry brings the places it refers to (territory, region, country) along.
    """
    wanted = sorted(key for key in referenced | set(records) if gazetteers.lookup(key))
    found: dict[str, tuple[str, Record]] = {}
    while wanted:
        key = wanted.pop()
        if key in found:
            continue
        entry = gazetteers.lookup(key)
        if entry is None:
            continue
        record = _record(entry)
        if key in records:
            _subtract(record, records[key])
        found[key] = (entry.gazetteer, record)
        wanted += [target for target in _references(record) if target not in found]
    by_gazetteer: dict[str, list[Record]] = {}
    for key in sorted(found):
        gazetteer_id, record = found[key]
        by_gazetteer.setdefault(gazetteer_id, []).append(record)
    return [Document(f"{GAZETTEER_FOLDER}/{gazetteer_id}", "gazetteer", found,
                     _digest(gazetteer_id, found))
            for gazetteer_id, found in sorted(by_gazetteer.items())]


def _references(record: Record) -> list[str]:
    targets = []
    for spec in record.kind.fields:
        if spec.kind == k.REF and spec.name in record.values:
            value = record.values[spec.name]
            targets += value if spec.many else [value]
    return targets


def _record(entry: gazetteers.Entry) -> Record:
    path = f"{GAZETTEER_FOLDER}/{entry.gazetteer}"
    reader = RecordReader(path)
    data = Mapping(entry.data)
    data.line, data.key_lines = 0, {}
    record = reader.read(k.KINDS[GAZETTEER_KINDS[entry.section]], data, 0, key=entry.key)
    if reader.errors or record is None:  # the shipped data is checked by the tests
        raise AssertionError(f"gazetteer entry {entry.key}: {reader.errors[0]}")
    record.line = None
    return record


def _subtract(record: Record, override: Record) -> None:
    """Drop from a gazetteer *record* what the registry's *override* states instead.

    Both keep the type, which makes their class in either graph.
    """
    if "type" in record.values:
        override.values.setdefault("type", record.values["type"])
    for name, value in override.values.items():
        spec = record.kind.field(name)
        if spec is None or name not in record.values or name == "type":
            continue
        if spec.kind in (k.LANGTEXT, k.IDENTIFIERS) and not spec.many and None not in value:
            kept = {tag: text for tag, text in record.values[name].items() if tag not in value}
            if kept:
                record.values[name] = kept
                continue
        elif spec.many:
            kept = [item for item in record.values[name] if item not in value]
            if kept:
                record.values[name] = kept
                continue
        del record.values[name]


def _digest(gazetteer_id: str, records: list[Record]) -> str:
    import hashlib

    digest = hashlib.sha256(gazetteer_id.encode())
    for record in records:
        digest.update(f"\x1e{record.key}\x1f{sorted(record.values.items(), key=str)!r}".encode())
    return digest.hexdigest()
