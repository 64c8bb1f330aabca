"""Data dumps: Turtle, N-Triples (gzip), N-Quads with the named graphs (gzip), JSON-LD.

Each dump is the fragments of the documents' graphs one after the other, in the order
of the documents: gzip members concatenate, N-Triples and N-Quads are lines, Turtle
takes its prefixes once and then statements, and a JSON-LD document is an array with
one object per named graph. So a build writes the fragments of the documents that
changed and copies the others' bytes from the last build's dumps, where
``dumps/index.json`` says each one's place.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..formats import RdfFormat
from ..namespaces import PREFIXES
from ..store import parse_nquads, serialize_quads

INDEX = "index.json"


@dataclass(frozen=True)
class Dump:
    name: str
    fmt: RdfFormat
    compressed: bool
    head: bytes = b""
    separator: bytes = b""
    tail: bytes = b""

    @property
    def media_type(self) -> str:
        return "application/gzip" if self.compressed else self.fmt.media_type


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


DUMPS = (
    Dump("dataset.ttl", RdfFormat.TURTLE, False,
         head=b"".join(f"@prefix {prefix}: <{iri}> .\n".encode() for prefix, iri in _prefixes().items())),
    Dump("dataset.nt.gz", RdfFormat.NTRIPLES, True),
    Dump("dataset.nq.gz", RdfFormat.NQUADS, True),
    Dump("dataset.jsonld", RdfFormat.JSONLD, False, head=b"[", separator=b",\n", tail=b"]\n"),
)


def fragments(nquads: bytes) -> dict[str, bytes]:
    """The piece of every dump that one document's graph (as N-Quads) makes."""
    quads = parse_nquads(nquads)
    pieces = {}
    for dump in DUMPS:
        data = serialize_quads(quads, dump.fmt, _prefixes(), triples=not dump.fmt.has_graphs)
        if dump.fmt is RdfFormat.TURTLE:
            data = b"".join(line for line in data.splitlines(keepends=True)
                            if not line.startswith(b"@prefix "))
        elif dump.fmt is RdfFormat.JSONLD:
            data = data.strip()[1:-1]     # the graph's object, out of its array
        if dump.compressed:
            # mtime=0: the same data gives the same bytes, so checksums and ETags hold.
            data = gzip.compress(data, mtime=0)
        pieces[dump.name] = data
    return pieces


@dataclass(frozen=True)
class Piece:
    """One document's place in the dumps: its key, and how to get its fragments."""

    key: str
    fragments: Callable[[], dict[str, bytes]]


def write_dumps(folder: Path, pieces: list[Piece], previous: Path | None = None) -> list[dict]:
    """Write every dump into *folder* from *pieces*, in their order; return name, media type,
    size and sha256 of each.

    A piece whose key the dumps in the *previous* folder hold is copied from there.
    """
    folder.mkdir(parents=True, exist_ok=True)
    before = _read_index(previous)
    sources = {dump.name: _open(previous / dump.name) for dump in DUMPS} if before else {}
    index: dict[str, dict[str, list[int]]] = {}
    outputs = {dump.name: open(folder / dump.name, "wb") for dump in DUMPS}
    try:
        for dump in DUMPS:
            outputs[dump.name].write(dump.head)
        for number, piece in enumerate(pieces):
            places = before.get(piece.key, {})
            made = None
            for dump in DUMPS:
                out, source = outputs[dump.name], sources.get(dump.name)
                if number and dump.separator:
                    out.write(dump.separator)
                start = out.tell()
                place = places.get(dump.name) if source is not None else None
                if place is not None:
                    _copy(source, place[0], place[1], out)
                else:
                    made = made or piece.fragments()
                    out.write(made[dump.name])
                index.setdefault(piece.key, {})[dump.name] = [start, out.tell() - start]
        for dump in DUMPS:
            outputs[dump.name].write(dump.tail)
    finally:
        for file in [*outputs.values(), *sources.values()]:
            if file is not None:
                file.close()
    (folder / INDEX).write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return [{
        "name": dump.name,
        "format": dump.fmt.name,
        "mediaType": dump.fmt.media_type,
        "compressed": dump.compressed,
        "bytes": (folder / dump.name).stat().st_size,
        "sha256": file_digest(folder / dump.name, "sha256"),
    } for dump in DUMPS]


def _read_index(previous: Path | None) -> dict:
    if previous is None:
        return {}
    try:
        return json.loads((previous / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _open(path: Path):
    try:
        return open(path, "rb")
    except OSError:
        return None


def _copy(source, offset: int, length: int, out) -> None:
    out.flush()
    while length > 0:
        try:
            copied = os.copy_file_range(source.fileno(), out.fileno(), length, offset)
        except (AttributeError, OSError):
            source.seek(offset)
            out.write(source.read(length))
            return
        if copied == 0:
            raise OSError(f"{source.name} ends before the part the dump index names")
        offset, length = offset + copied, length - copied
    out.seek(0, os.SEEK_END)


def file_digest(path: Path, algorithm: str) -> str:
    """Return the hex digest of the file at *path*, read in chunks."""
    with open(path, "rb") as data:
        return hashlib.file_digest(data, algorithm).hexdigest()
