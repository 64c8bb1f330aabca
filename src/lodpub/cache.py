"""What builds keep between them, in ``_build/cache/``: per source document, what was read
from it and what was derived from it, under a key that names everything it depends on.

Entries are content-addressed and written whole or not at all (a temporary file
renamed into place), so a build killed while writing leaves at most a stray
temporary file, which no build reads and the next one removes. An entry that cannot
be read is treated as absent. ``lodpub build --full`` throws the folder away.

The folder also remembers the files of the last build (names, sizes, times): when
nothing changed since, a build says so without reading a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from pathlib import Path

CACHE = "cache"
PARSED, DERIVED = "parsed", "derived"
SOURCES = "sources.json"
_TEMPORARY = ".writing-"
_PACKAGE = Path(__file__).resolve().parent


class BuildCache:
    """The cache folder of one project's builds."""

    def __init__(self, build_dir: Path):
        self.folder = build_dir / CACHE

    def clear(self) -> bool:
        """Throw everything away; return whether there was anything."""
        existed = self.folder.exists()
        shutil.rmtree(self.folder, ignore_errors=True)
        return existed

    def get(self, kind: str, key: str):
        try:
            return pickle.loads(self._path(kind, key).read_bytes())
        except Exception:  # absent, or unreadable: derive it again
            return None

    def put(self, kind: str, key: str, value) -> None:
        _write_atomically(self._path(kind, key), pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def keep_only(self, kind: str, keys: set[str]) -> None:
        """Remove the entries of *kind* not in *keys*, and what killed builds left."""
        folder = self.folder / kind
        if not folder.is_dir():
            return
        for shard in folder.iterdir():
            for path in shard.iterdir():
                if path.name.startswith(_TEMPORARY) or path.stem not in keys:
                    path.unlink(missing_ok=True)

    def parsed(self, fingerprint: str) -> "ParsedCache":
        return ParsedCache(self, fingerprint)

    def sources(self) -> dict:
        try:
            return json.loads((self.folder / SOURCES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def remember_sources(self, signature: str, release: str) -> None:
        _write_atomically(self.folder / SOURCES,
                          json.dumps({"signature": signature, "release": release}).encode())

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"


class ParsedCache:
    """Parsed source documents by path and content digest (see sources.content.ParsedDocuments)."""

    def __init__(self, cache: BuildCache, fingerprint: str):
        self._cache = cache
        self._fingerprint = fingerprint
        self.used: set[str] = set()

    def _key(self, path: str, digest: str) -> str:
        return hashlib.sha256(f"{self._fingerprint}\x1e{path}\x1e{digest}".encode()).hexdigest()

    def get(self, path: str, digest: str):
        key = self._key(path, digest)
        self.used.add(key)
        return self._cache.get(PARSED, key)

    def put(self, path: str, digest: str, document) -> None:
        self._cache.put(PARSED, self._key(path, digest), document)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=_TEMPORARY, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def code_fingerprint() -> str:
    """lodpub's code and the data it ships (gazetteers, shapes, ontology), file by file."""
    from .shipped import data_dir

    digest = hashlib.sha256()
    files = [*_PACKAGE.rglob("*.py"), *(_PACKAGE / "gazetteers" / "data").iterdir()]
    for folder in ("shapes", "ontology"):
        files += data_dir(folder).rglob("*.ttl")
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def sources_signature(files: list[Path], settings: Path, base: str, fingerprint: str) -> str:
    """What the files of a project look like on disk (name, size, times, inode), its
    settings and base, and lodpub: equal signatures, nothing to build."""
    digest = hashlib.sha256(f"{fingerprint}\x1e{base}\x1e".encode())
    try:
        digest.update(settings.read_bytes())
    except OSError:
        digest.update(b"\x00")
    for path in files:
        try:
            status = path.stat()
        except OSError:
            digest.update(f"{path}\x1fgone\x1e".encode())
            continue
        digest.update(f"{path}\x1f{status.st_size}\x1f{status.st_mtime_ns}\x1f{status.st_ctime_ns}"
                      f"\x1f{status.st_ino}\x1e".encode())
    return digest.hexdigest()
