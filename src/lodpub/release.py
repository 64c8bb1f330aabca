"""A release: one build on disk, and which one is the project's current release.

A build writes its release into a staging folder, renames it into ``releases/`` and
then switches ``current`` to it in one atomic rename, so readers (the server, the CLI)
always see a whole release. A killed build leaves only a staging folder, removed by
the next build. Nothing here maps, validates or writes content.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .errors import BuildNotFound
from .store import DataStore

CURRENT = "current"
RELEASES = "releases"
MANIFEST = "manifest.json"
STAGING = ".staging-"


@dataclass(frozen=True)
class Release:
    """A published build: its folder, manifest and store."""

    path: Path
    manifest: dict

    @property
    def store_path(self) -> Path:
        return self.path / "store"

    @property
    def dumps_path(self) -> Path:
        return self.path / "dumps"

    @property
    def base(self) -> str:
        return self.manifest["base"]

    def open_store(self) -> DataStore:
        return DataStore.open_read_only(self.store_path)


def current_release(project_dir: Path | str, config: Config | None = None) -> Release:
    """Return the project's current release, or raise BuildNotFound."""
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    link = config.build_dir / CURRENT
    manifest = link / MANIFEST
    if not manifest.is_file():
        raise BuildNotFound(project_dir)
    return Release(link.resolve(), json.loads(manifest.read_text(encoding="utf-8")))


def previous_release(project_dir: Path, config: Config) -> Release | None:
    """The current release before a new build, or None when there is none."""
    try:
        return current_release(project_dir, config)
    except BuildNotFound:
        return None


def new_staging(build_dir: Path) -> Path:
    """A new, empty staging folder for a release, after removing what killed builds left."""
    releases = build_dir / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(releases)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=releases))
    staging.chmod(0o755)
    return staging


def finish_staging(staging: Path, name: str) -> Path:
    """Rename a written *staging* folder to the release *name* (made unique); return it."""
    final = _unique(staging.parent / name)
    staging.rename(final)
    return final


def switch(build_dir: Path, release: Path) -> None:
    """Make *release* the current one, in one atomic rename of the ``current`` link."""
    link = build_dir / CURRENT
    temporary = build_dir / f".{CURRENT}-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(Path(RELEASES) / release.name)
    os.replace(temporary, link)


def prune(build_dir: Path, current: Path, keep: int) -> None:
    """Remove all but the *keep* newest releases besides *current*."""
    releases = build_dir / RELEASES
    older = sorted((path for path in releases.iterdir()
                    if path.is_dir() and path != current and not path.name.startswith(".")),
                   key=lambda path: path.name)
    for path in older[:max(0, len(older) - keep)]:
        shutil.rmtree(path, ignore_errors=True)


def _unique(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def _remove_abandoned_staging(releases: Path) -> None:
    """Remove what builds that were killed left half-written (their process is gone)."""
    for path in releases.glob(f"{STAGING}*"):
        pid = path.name[len(STAGING):].split("-", 1)[0]
        if pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
