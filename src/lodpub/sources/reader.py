"""Turn one YAML mapping into a Record, collecting every problem instead of stopping at one."""

from __future__ import annotations

from ..errors import Location, SourceError
from ..suggest import did_you_mean
from . import fields as k
from .records import Record
from .values import READERS, BadValue, read_choice, read_key
from .yamlfile import Mapping


class RecordReader:
    """Reads records of one file; problems accumulate in ``errors``."""

    def __init__(self, path: str, described_elsewhere=lambda key: None):
        self.path = path
        self.errors: list[SourceError] = []
        # A record whose key a gazetteer describes only adds or overrides facts: no field is required.
        self.described_elsewhere = described_elsewhere

    def error(self, line: int | None, key: str | None, field_name: str | None, message: str):
        self.errors.append(SourceError(Location(self.path, line, key, field_name), message))

    def read(self, kind: k.RecordKind, data, line: int, key: str | None = None) -> Record | None:
        if not isinstance(data, Mapping):
            self.error(line, None, None, f"expected {_a(kind.name)} as a map of fields, "
                                         f"found {type(data).__name__}")
            return None
        if key is None:
            key = self._read_key(kind, data)
        record = Record(kind, key or "", self.path, data.line)
        for name, value in data.items():
            if name == "id":
                continue
            spec = kind.field(name)
            record.field_lines[name] = data.line_of(name)
            if spec is None:
                known = [item.name for item in kind.fields]
                self.error(data.line_of(name), key, name,
                           f"unknown field for {_a(kind.name)}" + did_you_mean(name, known)
                           + f"; known fields: {', '.join(known)}")
                continue
            parsed = self._read_field(kind, spec, value, data.line_of(name), key)
            if parsed is not None:
                record.values[name] = parsed
        for spec in kind.fields if not (key and self.described_elsewhere(key)) else ():
            if spec.required and spec.name not in data:
                self.error(data.line, key, spec.name, f"{_a(kind.name)} needs '{spec.name}' "
                                                      f"({spec.help.rstrip('.')})")
        return record

    def _read_key(self, kind: k.RecordKind, data: Mapping) -> str | None:
        if "id" not in data:
            if kind.key_required:
                self.error(data.line, None, "id", f"{_a(kind.name)} needs an 'id' (its key)")
            elif kind.name == "partnership" and not (
                    isinstance(data.get("partners"), list) and len(data["partners"]) >= 2):
                self.error(data.line, None, "id", "a partnership needs an 'id', or at least two "
                                                  "partners to make its key from")
            return None
        try:
            return read_key(data["id"])
        except BadValue as exc:
            self.error(data.line_of("id"), None, "id", str(exc))
            return None

    def _read_field(self, kind: k.RecordKind, spec: k.Field, value, line: int, key: str | None):
        if spec.kind == k.NESTED:
            items = value if isinstance(value, list) else [value]
            nested_kind = k.KINDS[spec.nested]
            children = [self.read(nested_kind, item, getattr(item, "line", line)) for item in items]
            return [child for child in children if child is not None]
        values = value if spec.many and isinstance(value, list) else [value]
        if isinstance(value, list) and not spec.many:
            self.error(line, key, spec.name, f"expected one value, found a list of {len(value)}")
            return None
        parsed = []
        for item in values:
            try:
                if spec.kind == k.CHOICE:
                    parsed.append(read_choice(item, spec.choices))
                else:
                    parsed.append(READERS[spec.kind](item))
            except BadValue as exc:
                self.error(line, key, spec.name, str(exc))
        if len(parsed) != len(values):
            return None
        return parsed if spec.many else parsed[0]


def _a(noun: str) -> str:
    """The noun with its indefinite article.

    >>> _a("event"), _a("place")
    ('an event', 'a place')
    """
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
