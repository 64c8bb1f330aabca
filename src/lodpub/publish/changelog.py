"""The persistent change log: every create, update and delete between builds, kept for good.

The log lives beside the releases (``_build/ldes/<base>.sqlite``), not inside one,
so it outlives every build. It holds one append-only sequence of events per
stream (``data`` for the resources, ``catalog`` for the DCAT-AP entities) and the
latest digest of each resource, which the next build compares against. An event
is written in one SQLite transaction together with the name of the release it
belongs to, so a release is recorded completely or not at all, and never twice.

Each event keeps the description it recorded (N-Triples terms, as zlib-compressed
JSON). Events are numbered from 1 within their stream and placed on pages when they are
written: page 0 is the root of the stream, and a page takes ``page_size`` events
before the next one starts. A page that has a successor never changes again.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LodpubError
from .members import Member, Triple

LOG_DIR = "ldes"
CREATE, UPDATE, DELETE = "create", "update", "delete"
DATA, CATALOG = "data", "catalog"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    stream TEXT NOT NULL, seq INTEGER NOT NULL, page INTEGER NOT NULL, time TEXT NOT NULL,
    kind TEXT NOT NULL, resource TEXT NOT NULL, digest TEXT, payload BLOB NOT NULL,
    PRIMARY KEY (stream, seq));
CREATE INDEX IF NOT EXISTS events_by_page ON events (stream, page);
CREATE TABLE IF NOT EXISTS latest (
    stream TEXT NOT NULL, resource TEXT NOT NULL, digest TEXT, kind TEXT NOT NULL,
    seq INTEGER NOT NULL, time TEXT NOT NULL, PRIMARY KEY (stream, resource));
CREATE TABLE IF NOT EXISTS releases (name TEXT PRIMARY KEY, time TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Change:
    """One resource created, updated or deleted, with its new description (none for a delete)."""

    kind: str
    resource: str
    digest: str | None = None
    triples: tuple[Triple, ...] = ()

    def as_json(self) -> dict:
        return {"kind": self.kind, "resource": self.resource, "digest": self.digest,
                "triples": [list(triple) for triple in self.triples]}

    @classmethod
    def from_json(cls, item: dict) -> "Change":
        return cls(item["kind"], item["resource"], item["digest"],
                   tuple(tuple(triple) for triple in item["triples"]))


@dataclass(frozen=True)
class Event:
    """A change as recorded: its number, page and time in its stream."""

    stream: str
    seq: int
    page: int
    time: str
    kind: str
    resource: str
    triples: tuple[Triple, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Page:
    """A page of a stream: how many events it holds and the times they span."""

    number: int
    count: int
    first_time: str
    last_time: str


@dataclass(frozen=True)
class Pending:
    """The changes of one build, waiting to be recorded once the build is published."""

    time: str
    changes: dict[str, list[Change]]

    def as_json(self) -> str:
        return json.dumps({"time": self.time, "changes": {
            stream: [change.as_json() for change in changes]
            for stream, changes in self.changes.items()}}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Pending":
        data = json.loads(text)
        return cls(data["time"], {stream: [Change.from_json(item) for item in items]
                                  for stream, items in data["changes"].items()})


def log_path(build_dir: Path, base: str) -> Path:
    """Return the log of the streams under *base*: IRIs minted under another base are another log.

    >>> log_path(Path("_build"), "https://data.example.org/lod/").name
    'https-data.example.org-lod.sqlite'
    """
    name = re.sub(r"[^A-Za-z0-9.]+", "-", base).strip("-")
    return build_dir / LOG_DIR / f"{name}.sqlite"


def diff(previous: dict[str, str], current: dict[str, Member],
         rank: Callable[[str], int] = lambda resource: 0) -> list[Change]:
    """Compare the digests recorded last with the members of now.

    Creates and updates come first, ordered by *rank* (what others refer to goes
    first); deletes come last, in the reverse order, after the references to them
    are gone.

    >>> d = Member("http://x/b", (), "2")
    >>> [c.kind for c in diff({"http://x/a": "1"}, {"http://x/b": d})]
    ['create', 'delete']
    """
    upserts = []
    for resource in sorted(current, key=lambda item: (rank(item), item)):
        member = current[resource]
        if resource not in previous:
            upserts.append(Change(CREATE, resource, member.digest, member.triples))
        elif previous[resource] != member.digest:
            upserts.append(Change(UPDATE, resource, member.digest, member.triples))
    deletes = [Change(DELETE, resource) for resource in sorted(
        (item for item in previous if item not in current), key=lambda item: (-rank(item), item))]
    return upserts + deletes


class ChangeLog:
    """The event log of one base IRI; reading an absent log gives no events."""

    def __init__(self, path: Path):
        self.path = path

    def _read(self) -> sqlite3.Connection | None:
        if not self.path.is_file():
            return None
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)

    def _query(self, sql: str, *parameters) -> list[tuple]:
        connection = self._read()
        if connection is None:
            return []
        with closing(connection):
            return connection.execute(sql, parameters).fetchall()

    def state(self, stream: str) -> dict[str, str]:
        """Return the digest of every resource that exists now in *stream*."""
        return dict(self._query(
            "SELECT resource, digest FROM latest WHERE stream = ? AND kind != ?", stream, DELETE))

    def last_changed(self, stream: str) -> dict[str, str]:
        """Return when each resource that exists now last changed."""
        return dict(self._query(
            "SELECT resource, time FROM latest WHERE stream = ? AND kind != ?", stream, DELETE))

    def times(self, stream: str) -> tuple[str, str] | None:
        """Return the times of the first and the last event of *stream*."""
        rows = self._query("SELECT MIN(time), MAX(time) FROM events WHERE stream = ?", stream)
        return rows[0] if rows and rows[0][0] is not None else None

    def last_time(self) -> str | None:
        rows = self._query("SELECT MAX(time) FROM events")
        return rows[0][0] if rows else None

    def pages(self, stream: str) -> list[Page]:
        return [Page(*row) for row in self._query(
            "SELECT page, COUNT(*), MIN(time), MAX(time) FROM events WHERE stream = ? "
            "GROUP BY page ORDER BY page", stream)]

    def page_events(self, stream: str, page: int) -> list[Event]:
        rows = self._query("SELECT stream, seq, page, time, kind, resource, payload FROM events "
                           "WHERE stream = ? AND page = ? ORDER BY seq", stream, page)
        return [_event(row) for row in rows]

    def event(self, stream: str, seq: int) -> Event | None:
        rows = self._query("SELECT stream, seq, page, time, kind, resource, payload FROM events "
                           "WHERE stream = ? AND seq = ?", stream, seq)
        return _event(rows[0]) if rows else None

    def recorded(self, release: str) -> bool:
        return bool(self._query("SELECT 1 FROM releases WHERE name = ?", release))

    def record(self, release: str, pending: Pending, page_size: int) -> list[Event]:
        """Append the changes of *release* in one transaction; a release is recorded once.

        Raises LodpubError, naming the log's file, when SQLite cannot write it.
        """
        try:
            return self._record(release, pending, page_size)
        except sqlite3.Error as error:
            reason = ("no space left on the device" if error.sqlite_errorcode == sqlite3.SQLITE_FULL
                      else str(error))
            raise LodpubError(f"cannot record the changes of release {release} in the event log "
                              f"{self.path}: {reason}",
                              hint="the release is published; free some space (a full disk or "
                                   "the file size limit is the usual cause) and build again, "
                                   "which records them") from None

    def _record(self, release: str, pending: Pending, page_size: int) -> list[Event]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        written: list[Event] = []
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            db.executescript(_SCHEMA)
            db.execute("BEGIN IMMEDIATE")
            try:
                if db.execute("SELECT 1 FROM releases WHERE name = ?", (release,)).fetchone():
                    db.execute("ROLLBACK")
                    return []
                for stream, changes in pending.changes.items():
                    written += _append(db, stream, pending.time, changes, page_size)
                db.execute("INSERT INTO releases (name, time) VALUES (?, ?)", (release, pending.time))
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite ends it itself on some errors (a full disk)
                    db.execute("ROLLBACK")
                raise
        return written


def _append(db: sqlite3.Connection, stream: str, time: str, changes: Iterable[Change],
            page_size: int) -> list[Event]:
    seq, page, count = db.execute(
        "SELECT COALESCE(MAX(seq), 0), COALESCE(MAX(page), 0), "
        "(SELECT COUNT(*) FROM events WHERE stream = ?1 AND page = "
        " (SELECT COALESCE(MAX(page), 0) FROM events WHERE stream = ?1)) "
        "FROM events WHERE stream = ?1", (stream,)).fetchone()
    events = []
    for change in changes:
        if count >= page_size:
            page, count = page + 1, 0
        seq, count = seq + 1, count + 1
        payload = zlib.compress(json.dumps([list(triple) for triple in change.triples],
                                           ensure_ascii=False).encode("utf-8"))
        db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (stream, seq, page, time, change.kind, change.resource, change.digest, payload))
        db.execute("INSERT OR REPLACE INTO latest VALUES (?, ?, ?, ?, ?, ?)",
                   (stream, change.resource, change.digest, change.kind, seq, time))
        events.append(Event(stream, seq, page, time, change.kind, change.resource, change.triples))
    return events


def _event(row: tuple) -> Event:
    stream, seq, page, time, kind, resource, payload = row
    return Event(stream, seq, page, time, kind, resource,
                 tuple(tuple(triple) for triple in json.loads(zlib.decompress(payload))))
