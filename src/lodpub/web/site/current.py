"""The site a worker serves: a project's settings and its current build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import current_app

from ...config import Config
from ...release import Release
from ...store import DataStore


@dataclass
class Site:
    """One project's current build, with the store opened lazily in each worker process."""

    project_dir: Path
    config: Config
    build: Release
    _store: DataStore | None = field(default=None, repr=False)

    @property
    def base(self) -> str:
        """The base IRI the build minted its IRIs under."""
        return self.build.base

    @property
    def store(self) -> DataStore:
        if self._store is None:
            self._store = self.build.open_store()
        return self._store

    @cached_property
    def generated(self) -> dt.datetime:
        """When the build was made: the Last-Modified of every representation."""
        return dt.datetime.fromisoformat(self.build.manifest["generated"])


def current_site() -> Site:
    return current_app.extensions["lodpub"]
