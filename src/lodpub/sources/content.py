"""Read a project folder's content files into documents and records; check keys and references."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import gazetteers
from ..config import Config, load_config
from ..errors import Location, SourceError, SourceErrors, undecodable
from ..suggest import did_you_mean
from . import fields as k
from .gazetteer_records import gazetteer_documents
from .reader import RecordReader
from .records import Document, Record
from .references import GAZETTEER_KINDS, resolve_references
from .yamlfile import Mapping, load_yaml

ARTICLES_DIR = "content/articles"
REGISTRY_DIR = "registry"


@dataclass
class Content:
    """A project's content as read: its settings, its documents and every record by key."""

    config: Config
    documents: list[Document]
    records: dict[str, Record]

    @property
    def root(self) -> Path:
        return self.config.project_dir


class ParsedDocuments(Protocol):
    """Documents parsed before, by file path and content digest (a build's cache)."""

    def get(self, path: str, digest: str) -> Document | None: ...

    def put(self, path: str, digest: str, document: Document) -> None: ...


def read_content(project_dir: Path | str, config: Config | None = None,
                 parsed: ParsedDocuments | None = None) -> Content:
    """Read every content file of *project_dir*; raise SourceErrors listing all problems.

    With *parsed*, a file whose bytes were parsed before without a problem is not
    parsed again; every check across files is still made.
    """
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    errors: list[SourceError] = []
    documents: list[Document] = []
    limit = config["content.max_file_bytes"]
    for path in listed_files(project_dir):
        relative = path.relative_to(project_dir).as_posix()
        reader = RecordReader(relative, described_elsewhere=gazetteers.lookup)
        problem = refusal(path, project_dir)
        if problem is not None:
            reader.error(None, None, None, problem)
            errors += reader.errors
            continue
        data = _read_bounded(path, limit, reader)
        document = None if data is None else _read_known(path, data, relative, reader, parsed)
        errors += reader.errors
        if document is not None:
            documents.append(document)
    if not documents and not errors:
        raise SourceErrors([SourceError(
            Location(str(project_dir)),
            f"the project is empty: no articles in {ARTICLES_DIR}/*.md "
            f"and no registry files in {REGISTRY_DIR}/*.yaml")])
    _resolve_and_derive_keys(documents, errors)
    records = _index_keys(documents, errors)
    _check_person_ids(records, errors)
    if not errors:
        _check_gazetteer_kinds(records, errors)
    if not errors:
        referenced = _referenced_keys(records) | {config["dataset.publisher"] or ""}
        for document in gazetteer_documents(records, referenced):
            documents.append(document)
            for record in document.records:
                records.setdefault(record.key, record)
        _check_references(records, errors)
    if errors:
        raise SourceErrors(errors)
    return Content(config, documents, records)


def source_files(project_dir: Path) -> list[Path]:
    """Return the project's content files in a stable order: those it may read (see :func:`refusal`)."""
    return [path for path in listed_files(project_dir) if refusal(path, project_dir) is None]


def refusal(path: Path, project_dir: Path) -> str | None:
    """Say why *path* is not read as content, or return None: content comes only from
    regular files inside the project, never through a link that leaves it, never from a device."""
    try:
        target = path.resolve()
        inside = target.is_relative_to(project_dir.resolve())
    except (OSError, RuntimeError):
        return "a symbolic link that cannot be followed (a loop?); content is read only from regular files"
    if not inside:
        what = "a symbolic link to a file" if path.is_symlink() else "a path that leads"
        return f"{what} outside the project; content is read only from files inside it"
    if not target.is_file():
        return ("not a regular file (a broken link, a folder, a device or a pipe); "
                "content is read only from regular files")
    return None


def _read_bounded(path: Path, limit: int, reader: RecordReader) -> bytes | None:
    """Return the bytes of *path*, or None (with an error) when it has more than *limit*."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        data = file.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        reader.error(None, None, None,
                     f"{max(size, len(data)):,} bytes, more than the {limit:,} that "
                     f"content.max_file_bytes allows; split the file, or raise the setting "
                     f"in lodpub.toml")
        return None
    return data


def listed_files(project_dir: Path) -> list[Path]:
    """Every file named like content, readable or not, in a stable order."""
    articles = sorted((project_dir / ARTICLES_DIR).glob("*.md"))
    registry = sorted([*(project_dir / REGISTRY_DIR).glob("*.yaml"),
                       *(project_dir / REGISTRY_DIR).glob("*.yml")])
    return articles + registry


def _read_known(path: Path, data: bytes, relative: str, reader: RecordReader,
                parsed: ParsedDocuments | None) -> Document | None:
    if parsed is None:
        return _read_document(path, data, relative, reader)
    digest = hashlib.sha256(data).hexdigest()
    document = parsed.get(relative, digest)
    if document is None:
        document = _read_document(path, data, relative, reader)
        if document is not None and not reader.errors:
            parsed.put(relative, digest, document)
    return document


def _read_document(path: Path, data: bytes, relative: str, reader: RecordReader) -> Document | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, problem = undecodable(data, exc)
        reader.error(line, None, None, f"{problem}; save the file as UTF-8")
        return None
    digest = hashlib.sha256(data).hexdigest()
    try:
        if path.suffix == ".md":
            records = _read_article(text, relative, path.stem, reader)
            kind = "article"
        else:
            records = _read_registry(text, relative, reader)
            kind = "registry"
    except SourceError as exc:
        reader.errors.append(exc)
        return None
    return Document(relative, kind, records, digest)


def _read_article(text: str, relative: str, stem: str, reader: RecordReader) -> list[Record]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(Location(relative, 1), "an article starts with YAML front matter "
                                                 "between two '---' lines")
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise SourceError(Location(relative, 1), "the front matter has no closing '---' line")
    front = load_yaml("".join(lines[1:end]), relative, first_line=2)
    if not isinstance(front, Mapping):
        raise SourceError(Location(relative, 2), "the front matter must be a map of fields")
    record = reader.read(k.KINDS["article"], front, front.line, key=stem)
    if record is None:
        return []
    record.body = "".join(lines[end + 1:]).strip() or None
    return [record]


def _read_registry(text: str, relative: str, reader: RecordReader) -> list[Record]:
    data = load_yaml(text, relative)
    if data is None:
        raise SourceError(Location(relative, 1), "the file is empty; a registry file lists "
                                                 f"records under {', '.join(k.SECTIONS)}")
    if not isinstance(data, Mapping):
        raise SourceError(Location(relative, 1), "a registry file is a map of sections, e.g. "
                                                 "'municipalities:' followed by a list")
    records = []
    for section, items in data.items():
        kind = k.SECTIONS.get(section)
        if kind is None:
            reader.error(data.line_of(section), None, None,
                         f"unknown section '{section}'" + did_you_mean(section, k.SECTIONS)
                         + f"; known sections: {', '.join(k.SECTIONS)}")
            continue
        if not isinstance(items, list):
            reader.error(data.line_of(section), None, None,
                         f"section '{section}': expected a list of {section}, each starting with '- id: …'")
            continue
        for item in items:
            record = reader.read(kind, item, getattr(item, "line", data.line_of(section)))
            if record is not None:
                records.append(record)
    return records


def all_records(documents: list[Document]):
    """Every record of *documents*, nested records (mandates, quotes …) included."""
    for document in documents:
        stack = list(document.records)
        while stack:
            record = stack.pop(0)
            yield record
            for spec in record.kind.fields:
                if spec.kind == k.NESTED:
                    stack.extend(record.values.get(spec.name, []))


def _resolve_and_derive_keys(documents: list[Document], errors: list[SourceError]) -> None:
    """Turn names in references into keys, then give keyless records their derived keys.

    Partnerships take their keys from their partners and agreements from the
    partnership they formalise, so each is resolved before the records that may
    refer to it by name.
    """
    passes = (("partnership",), ("agreement",), None)
    for kinds in passes:
        keyed = {record.key: record for record in all_records(documents) if record.key}
        batch = [record for record in all_records(documents)
                 if (record.kind.name in kinds if kinds else
                     record.kind.name not in ("partnership", "agreement"))]
        resolve_references(batch, keyed, errors)
        _derive_keys(documents)


def _derive_keys(documents: list[Document]) -> None:
    """Give partnerships, agreements and signatures without an id the key DOMAIN.md mints."""
    for record in all_records(documents):
        if record.key:
            continue
        values = record.values
        if record.kind.name == "partnership" and len(values.get("partners", [])) >= 2:
            record.key = "--".join(sorted(values["partners"]))
        elif record.kind.name == "agreement" and "formalises" in values and "type" in values:
            date = values.get("dateCreated")
            record.key = f"{values['formalises']}/{date.isoformat() if date else 'undated'}-{values['type']}"
    for document in documents:
        for record in all_records([document]):
            for signature in record.values.get("signatures", []):
                party = signature.values.get("onBehalfOf")
                if party:
                    signature.key = f"{record.key}/{party}"


def _index_keys(documents: list[Document], errors: list[SourceError]) -> dict[str, Record]:
    records: dict[str, Record] = {}
    for record in all_records(documents):
        if not record.key or record.kind.name in ("observation", "quotation"):
            continue
        first = records.get(record.key)
        if first is not None and first is not record:
            errors.append(SourceError(
                record.location("id"),
                f"duplicate key '{record.key}': already used at {first.path}:{first.line}",
                hint="keys are unique across the whole project"))
            continue
        records[record.key] = record
    return records


def _referenced_keys(records: dict[str, Record]) -> set[str]:
    referenced: set[str] = set()
    for record in list(records.values()) + _keyless(records):
        for spec in record.kind.fields:
            if spec.kind == k.REF and spec.name in record.values:
                value = record.values[spec.name]
                referenced.update(value if spec.many else [value])
    return referenced


def _check_gazetteer_kinds(records: dict[str, Record], errors: list[SourceError]) -> None:
    """A registry record with a gazetteer key must be of the gazetteer entry's kind."""
    for key, record in records.items():
        entry = gazetteers.lookup(key)
        if entry is not None and GAZETTEER_KINDS[entry.section] != record.kind.name:
            errors.append(SourceError(
                record.location("id"),
                f"'{key}' is a {GAZETTEER_KINDS[entry.section]} in the gazetteers, not a "
                f"{record.kind.name}; list it under '{entry.section}'"))


def _check_person_ids(records: dict[str, Record], errors: list[SourceError]) -> None:
    """A person's uuid makes the IRI: it must be a UUID and belong to one person."""
    import uuid

    seen: dict[str, Record] = {}
    for record in records.values():
        value = record.values.get("uuid") if record.kind.name == "person" else None
        if value is None:
            continue
        try:
            normalised = str(uuid.UUID(value))
        except ValueError:
            errors.append(SourceError(record.location("uuid"),
                                      f"expected a UUID such as 90ddccd3-ee5f-4b54-b53b-0b91d609d33c, "
                                      f"not {value!r}"))
            continue
        if normalised in seen:
            first = seen[normalised]
            errors.append(SourceError(record.location("uuid"),
                                      f"uuid {value} already belongs to '{first.key}' "
                                      f"({first.path}:{first.line})",
                                      hint="each person needs a uuid of their own"))
        seen[normalised] = record


def _check_references(records: dict[str, Record], errors: list[SourceError]) -> None:
    for record in list(records.values()) + _keyless(records):
        for spec in record.kind.fields:
            if spec.kind != k.REF or spec.name not in record.values:
                continue
            targets = record.values[spec.name]
            for target in targets if spec.many else [targets]:
                found = records.get(target)
                if found is None:
                    errors.append(SourceError(
                        record.location(spec.name),
                        f"'{target}' is not the key of any record"
                        + did_you_mean(target, records)))
                elif found.kind.name not in spec.refs:
                    errors.append(SourceError(
                        record.location(spec.name),
                        f"'{target}' is a {found.kind.name}; expected a "
                        + " or ".join(spec.refs)))


def _keyless(records: dict[str, Record]) -> list[Record]:
    """Nested records without a key of their own (observations, quotations)."""
    found = []
    for record in records.values():
        for spec in record.kind.fields:
            if spec.kind == k.NESTED:
                found += [child for child in record.values.get(spec.name, [])
                          if child.kind.name in ("observation", "quotation")]
    return found
