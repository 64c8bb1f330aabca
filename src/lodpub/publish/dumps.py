"""Data dumps: Turtle, N-Triples (gzip), N-Quads with the named graphs (gzip), JSON-LD."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..formats import RdfFormat
from ..namespaces import PREFIXES
from ..store import DataStore


@dataclass(frozen=True)
class Dump:
    name: str
    fmt: RdfFormat
    compressed: bool

    @property
    def media_type(self) -> str:
        return "application/gzip" if self.compressed else self.fmt.media_type


DUMPS = (
    Dump("dataset.ttl", RdfFormat.TURTLE, False),
    Dump("dataset.nt.gz", RdfFormat.NTRIPLES, True),
    Dump("dataset.nq.gz", RdfFormat.NQUADS, True),
    Dump("dataset.jsonld", RdfFormat.JSONLD, False),
)


def write_dumps(store: DataStore, folder: Path) -> list[dict]:
    """Write every dump of *store* into *folder*; return name, media type, size and sha256."""
    folder.mkdir(parents=True, exist_ok=True)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    written = []
    for dump in DUMPS:
        path = folder / dump.name
        if dump.compressed:
            # mtime=0: the same data gives the same bytes, so checksums and ETags hold.
            with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
                store.dump(out, dump.fmt, prefixes)
        else:
            with open(path, "wb") as out:
                store.dump(out, dump.fmt, prefixes)
        written.append({
            "name": dump.name,
            "format": dump.fmt.name,
            "mediaType": dump.fmt.media_type,
            "compressed": dump.compressed,
            "bytes": path.stat().st_size,
            "sha256": file_digest(path, "sha256"),
        })
    return written


def file_digest(path: Path, algorithm: str) -> str:
    """Return the hex digest of the file at *path*, read in chunks."""
    with open(path, "rb") as data:
        return hashlib.file_digest(data, algorithm).hexdigest()
