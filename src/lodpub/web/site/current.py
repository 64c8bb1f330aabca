"""The site a worker serves: a project's settings and its current build.

A worker follows the builds: before each request it reads where the project's
``current`` link points (one cheap system call) and, when a build has moved it,
opens the new release for this and later requests. The worker claims the release
it serves (see ``lodpub.release.claim``), so pruning never removes it underneath;
the old claim goes with the old site.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from flask import current_app

from ...config import Config
from ...errors import BuildNotFound
from ...release import Claim, Release, claim_current, current_target
from ...sparql.runner import close_pool
from ...store import DataStore


@dataclass
class Site:
    """One project's current build, with the store opened lazily in each worker process."""

    project_dir: Path
    config: Config
    build: Release
    claim: Claim | None = field(default=None, repr=False)
    link: str | None = None  # where ``current`` pointed when this site opened
    _store: DataStore | None = field(default=None, repr=False)

    @classmethod
    def open(cls, project_dir: Path, config: Config) -> Site:
        """The project's current release, claimed; raises BuildNotFound without one."""
        link = current_target(config.build_dir)
        build, held = claim_current(project_dir, config)
        return cls(project_dir, config, build, held, link)

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


_switching = threading.Lock()


def follow_current() -> None:
    """Serve the project's newest build when one replaced this worker's (before each request).

    The caches of the old build (every ``lodpub.*`` extension) and its idle SPARQL
    evaluators go; the old site, and with it its claim, goes when nothing uses it.
    One thread of a worker switches; requests already running finish on the old site.
    """
    extensions = current_app.extensions
    if _is_current(extensions["lodpub"]):
        return
    with _switching:
        site: Site = extensions["lodpub"]
        if _is_current(site):
            return  # another thread switched meanwhile
        try:
            new = Site.open(site.project_dir, site.config)
        except BuildNotFound:
            return  # nothing whole to move to: keep serving this one
        extensions["lodpub"] = new  # first, so that a cache made from now on is the new build's
        for key in [key for key in list(extensions) if key.startswith("lodpub.")]:
            if getattr(extensions.get(key), "site", None) is not new:
                extensions.pop(key, None)
        if new.build.path != site.build.path:
            close_pool(site.build.store_path)


def per_site(key: str, make):
    """This worker's cache *key* for the site it serves, made by ``make(site)`` when absent
    (or made for a build the worker has left)."""
    extensions = current_app.extensions
    site = current_site()
    found = extensions.get(key)
    if found is None or found.site is not site:
        found = extensions[key] = make(site)
    return found


def _is_current(site: Site) -> bool:
    target = current_target(site.config.build_dir)
    return target is None or target == site.link
