"""Create, replace and remove one article or registry entry the way the write API does.

Every change holds the project's build lock from start to end, so writes and builds
take turns. It

1. settles what a killed write left (see ``journal``);
2. finds the entity and checks the client's precondition (``If-Match``: 412; an
   entity that exists already: 409; one that does not: 404);
3. plans the new text of the one content file it changes, and checks the content
   that text leaves (``checking``: 400 or 422, and nothing changes);
4. changes the file under a journal and builds; when the build refuses after all,
   the old text comes back (422);
5. answers once the new build is current, so the server serves the change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..build import build
from ..config import Config
from ..errors import BuildNotFound, SourceErrors, ValidationFailed, WriteRefused
from ..release import build_lock, current_release
from . import journal
from .checking import check_change, refusal
from .entities import (ARTICLES, COLLECTIONS, Change, Entity, article_change, entity_key, find,
                       new_article_key, parse_body, registry_change, removal, unchanged)
from .openapi import openapi_document


@dataclass(frozen=True)
class Outcome:
    """What a write did: 201 created, 200 replaced (or already so), 204 removed."""

    status: int
    collection: str
    key: str
    iri: str | None = None
    etag: str | None = None
    warnings: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"id": self.key, "iri": self.iri, "etag": self.etag, "warnings": self.warnings}


class Writer:
    """The write side of one project, for the web API (and any other front end)."""

    def __init__(self, project_dir: Path | str, config: Config):
        self.project_dir = Path(project_dir)
        self.config = config

    @property
    def collections(self) -> list[str]:
        return list(COLLECTIONS)

    @staticmethod
    def parse(data: bytes) -> dict:
        """The JSON object a request sends; WriteRefused (400) saying what is wrong with it."""
        return parse_body(data)

    @staticmethod
    def openapi() -> dict:
        """The API's OpenAPI document."""
        return openapi_document()

    def read(self, collection: str, key: str) -> Entity:
        entity = find(self.project_dir, self._kind(collection), key)
        if entity is None:
            raise _missing(collection, key)
        return entity

    def create(self, collection: str, data: dict) -> Outcome:
        """Create a new entity; 409 when its key is taken."""
        self._kind(collection)
        key = entity_key(collection, data)

        def precondition(existing: Entity | None) -> None:
            if existing is not None:
                raise WriteRefused(409, f"{collection}/{key} exists already",
                                   [{"field": "id", "message": "this key is taken"}],
                                   hint=f"replace it with PUT /api/{collection}/{key}, or choose "
                                        "another id")

        with self._lock():
            if key is None:
                key = new_article_key(self.project_dir, data)
            return self._change(collection, key, precondition,
                                lambda existing: self._plan(collection, key, data, existing))

    def replace(self, collection: str, key: str, data: dict, *, if_match: list[str] | None = None,
                if_none_match: list[str] | None = None) -> Outcome:
        """Replace the entity *key* by *data* (all of its fields), or create it."""
        self._kind(collection)
        key = entity_key(collection, data, key)

        def precondition(existing: Entity | None) -> None:
            _check_match(collection, key, existing, if_match)
            if if_none_match is not None and existing is not None and (
                    "*" in if_none_match or existing.etag in if_none_match):
                raise WriteRefused(412, f"{collection}/{key} exists (If-None-Match)")

        with self._lock():
            return self._change(collection, key, precondition,
                                lambda existing: self._plan(collection, key, data, existing),
                                keep=lambda existing: unchanged(existing, key, data))

    def delete(self, collection: str, key: str, *, if_match: list[str] | None = None) -> Outcome:
        """Remove the entity *key*; 404 when there is none."""
        self._kind(collection)

        def precondition(existing: Entity | None) -> None:
            if existing is None:
                raise _missing(collection, key)
            _check_match(collection, key, existing, if_match)

        with self._lock():
            return self._change(collection, key, precondition,
                                lambda existing: removal(self.project_dir, existing), removing=True)

    def recover(self) -> str | None:
        """Settle what a write killed midway left: "kept", "undone" or None (nothing)."""
        with self._lock():
            return self._recover()

    # --- the steps ------------------------------------------------------------------------------

    def _lock(self):
        return build_lock(self.config.build_dir, str(self.project_dir))

    def _recover(self) -> str | None:
        return journal.recover(self.project_dir, self.config.build_dir, self._live_digest)

    def _live_digest(self, relative: str) -> str | None:
        try:
            documents = current_release(self.project_dir, self.config).manifest["documents"]
        except BuildNotFound:
            return None
        return next((item["sha256"] for item in documents if item["path"] == relative), None)

    def _plan(self, collection: str, key: str, data: dict, existing: Entity | None) -> Change:
        if collection == ARTICLES:
            return article_change(self.project_dir, key, data, existing)
        return registry_change(self.project_dir, collection, key, data, existing)

    def _change(self, collection: str, key: str, precondition: Callable[[Entity | None], None],
                plan: Callable[[Entity | None], Change], removing: bool = False,
                keep: Callable[[Entity | None], bool] = lambda existing: False) -> Outcome:
        self._recover()
        existing = find(self.project_dir, collection, key)
        precondition(existing)
        change = Change(existing.path, existing.path.read_text(encoding="utf-8")) \
            if keep(existing) else plan(existing)
        kind = COLLECTIONS[collection].name
        checked = check_change(self.project_dir, self.config, change, kind, key)
        if change.text is None or not _same(change):
            self._apply(change)
        if removing:
            return Outcome(204, collection, key)
        entity = find(self.project_dir, collection, key)
        return Outcome(201 if existing is None else 200, collection, key, checked.iri,
                       entity.etag if entity else None, checked.warnings)

    def _apply(self, change: Change) -> None:
        build_dir = self.config.build_dir
        entry = journal.begin(self.project_dir, build_dir, change.path, change.text)
        try:
            build(self.project_dir, config=self.config)
        except (SourceErrors, ValidationFailed) as error:
            journal.undo(self.project_dir, build_dir, entry)
            raise refusal(error, entry.path) from None
        except BaseException:
            journal.undo(self.project_dir, build_dir, entry)
            raise
        journal.fault_point("built")
        journal.finish(build_dir)

    def _kind(self, collection: str) -> str:
        if collection not in COLLECTIONS:
            raise WriteRefused(404, f"/api/{collection} is not a collection",
                               hint=f"the collections are {', '.join(COLLECTIONS)}")
        return collection


def _same(change: Change) -> bool:
    return change.path.is_file() and change.path.read_text(encoding="utf-8") == change.text


def _check_match(collection: str, key: str, existing: Entity | None,
                 if_match: list[str] | None) -> None:
    if if_match is None:
        return
    if existing is None or ("*" not in if_match and existing.etag not in if_match):
        current = f"its ETag is \"{existing.etag}\"" if existing else "it does not exist"
        raise WriteRefused(412, f"{collection}/{key} changed since you read it: {current}",
                           hint="read it again (GET), merge your change and send it with the new "
                                "ETag in If-Match")


def _missing(collection: str, key: str) -> WriteRefused:
    return WriteRefused(404, f"{collection}/{key}: no such entity in the content",
                        hint=f"create it with POST /api/{collection} or PUT /api/{collection}/{key}")

