"""Resolve what content refers to: a key, a gazetteer code, or a name as written in prose.

A reference resolves when exactly one thing of the kinds the field accepts has it as its
key or as one of its names (in any language, gazetteers included); otherwise the error
lists the candidates with their keys, so the writer can put the key instead. Names in
the project's registry come before the gazetteers': a project that describes one
Slobozhanske has said which one it means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import gazetteers
from ..errors import SourceError
from ..suggest import did_you_mean
from . import fields as k
from .records import Record

#: Registry section of a gazetteer entry → the record kind it becomes.
GAZETTEER_KINDS = {"municipalities": "municipality", "places": "place"}


@dataclass(frozen=True)
class Candidate:
    key: str
    kind: str
    label: str
    where: str = ""           # the region it lies in, to tell namesakes apart

    def __str__(self) -> str:
        where = f", {self.where}" if self.where else ""
        return f"{self.key} ({self.kind}: {self.label}{where})"


class NameIndex:
    """Every record's names, normalised, for looking references up by name."""

    def __init__(self, records: Iterable[Record]):
        self._by_name: dict[str, dict[str, Record]] = {}
        for record in records:
            for name in record_names(record):
                self._by_name.setdefault(gazetteers.normalise_name(name), {})[record.key] = record

    def candidates(self, name: str, kinds: tuple[str, ...]) -> dict[str, Candidate]:
        normalised = gazetteers.normalise_name(name)
        found = {record.key: Candidate(record.key, record.kind.name, _label(record))
                 for record in self._by_name.get(normalised, {}).values()
                 if record.kind.name in kinds}
        if found:  # the registry's names come first: describing a thing there says which one is meant
            return found
        for entry in gazetteers.find(name):
            kind = GAZETTEER_KINDS.get(entry.section)
            if kind in kinds and entry.key not in found:
                found[entry.key] = Candidate(entry.key, kind, _entry_label(entry), _region(entry))
        return found


def record_names(record: Record) -> list[str]:
    """The names a record can be referred to by: name, alternate names, given + family name."""
    values = record.values
    names = list(values.get("name", {}).values())
    for alternate in values.get("alternateName", []):
        names += alternate.values()
    given, family = values.get("givenName", {}), values.get("familyName", {})
    for language, given_name in given.items():
        if language in family:
            names.append(f"{given_name} {family[language]}")
    return names


def resolve_references(records: list[Record], keys: dict[str, Record],
                       errors: list[SourceError]) -> None:
    """Replace names in the reference fields of *records* by keys; collect what does not resolve."""
    index = NameIndex(keys.values())
    for record in records:
        for spec in record.kind.fields:
            if spec.kind != k.REF or spec.name not in record.values:
                continue
            values = record.values[spec.name]
            resolved = [_resolve(reference, spec, record, keys, index, errors)
                        for reference in (values if spec.many else [values])]
            record.values[spec.name] = resolved if spec.many else resolved[0]


def _resolve(reference: str, spec: k.Field, record: Record, keys: dict[str, Record],
             index: NameIndex, errors: list[SourceError]) -> str:
    if reference in keys:
        return reference
    entry = gazetteers.lookup(reference)
    if entry is not None:
        return reference
    candidates = index.candidates(reference, spec.refs)
    if len(candidates) == 1:
        return next(iter(candidates))
    if candidates:
        listed = "; ".join(str(candidate) for candidate in candidates.values())
        errors.append(SourceError(
            record.location(spec.name),
            f"'{reference}' names {len(candidates)} things: {listed}",
            hint="write the key of the one you mean instead of the name"))
    else:
        wanted = " or ".join(spec.refs) if len(spec.refs) < 4 else "record"
        errors.append(SourceError(
            record.location(spec.name),
            f"'{reference}' is neither the key nor the name of any {wanted}"
            + did_you_mean(reference, keys)))
    return reference


def _label(record: Record) -> str:
    names = record.values.get("name", {})
    return next(iter(names.values()), record.key)


def _entry_label(entry) -> str:
    names = entry.data.get("name", {})
    return names.get("en") or next(iter(names.values()), entry.key)


def _region(entry) -> str:
    """The names of the regions a gazetteer entry lies in, innermost first, without the country."""
    labels = []
    for key in entry.within:
        if key == f"area-{entry.key}":
            continue  # a municipality's own territory
        region = gazetteers.lookup(key)
        if region is not None and region.data.get("type") != "Country":
            labels.append(_entry_label(region))
    return ", ".join(labels)
