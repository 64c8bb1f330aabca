"""A release: one build on disk, and which one is the project's current release.

A build writes its release into a staging folder, renames it into ``releases/`` and
then switches ``current`` to it in one atomic rename, so readers (the server, the CLI)
always see a whole release. A killed build leaves only a staging folder, removed by
the next build. Nothing here maps, validates or writes content.

Builds of one project take turns: ``build_lock`` holds an exclusive lock on
``_build/.lock`` for a whole build. A thread that holds it may build again inside
(the write API changes a content file and builds under one lock). A process that reads a release (a server's
worker, a SPARQL evaluator) holds a shared lock on its ``.claim`` file (``claim``);
``prune`` removes only releases nobody claims.

A build records the SHA-256 of every file of its store in the manifest
(``store_checksums``); a server verifies them when it opens a release
(``claim_current``) and serves the newest release whose store is intact, saying on
stderr which release is damaged and which one it serves instead.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .config import Config, load_config
from .errors import BuildNotFound, LodpubError
from .store import DataStore

CURRENT = "current"
RELEASES = "releases"
MANIFEST = "manifest.json"
STAGING = ".staging-"
CLAIM = ".claim"
#: In the build folder while ``lodpub serve --watch`` cannot build the content: why not.
WATCH_FAILURE = "watch-failure.txt"
LOCK = ".lock"
TRASH = ".removing-"
#: Manifest key of the store's file checksums: file name → SHA-256.
STORE_FILES = "storeFiles"
#: Store files the engine rewrites or that hold nothing read: its log and its lock.
_UNCHECKED = frozenset({"LOG", "LOCK"})


class NoIntactRelease(BuildNotFound):
    """Every release of the project has a damaged store."""

    def __init__(self, project_dir: Path, message: str):
        LodpubError.__init__(self, message, hint=f"run: lodpub build {project_dir}")


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

    @property
    def triples(self) -> int:
        """What the dataset holds: the triples of the default graph, the union of every named
        graph (one per document, and the ontology's), as ``COUNT(*)`` on the endpoint counts them."""
        return self.manifest.get("defaultGraphTriples") or self.manifest.get("storeTriples", self.manifest["triples"])

    def open_store(self) -> DataStore:
        return DataStore.open_read_only(self.store_path)


def current_release(project_dir: Path | str, config: Config | None = None) -> Release:
    """Return the project's current release, or raise BuildNotFound."""
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    # Resolved once: a build may switch the link meanwhile.
    return _read_release((config.build_dir / CURRENT).resolve(), project_dir)


def current_target(build_dir: Path) -> str | None:
    """What the ``current`` link points to (a cheap check whether a build replaced it)."""
    try:
        return os.readlink(build_dir / CURRENT)
    except OSError:
        return None


class Claim:
    """A shared lock on a release: while any process holds one, ``prune`` keeps it."""

    def __init__(self, fd: int | None):
        self._fd = fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __del__(self):
        self.close()


def claim(path: Path) -> Claim | None:
    """Claim the release folder *path*; None when it is gone or being removed."""
    file = path / CLAIM
    try:
        fd = os.open(file, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        if not (path / MANIFEST).is_file():
            return None
        try:  # a release made before claims existed
            fd = os.open(file, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except FileNotFoundError:
            return None
        except OSError:  # read-only: nobody here can remove it either
            return Claim(None)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        if os.stat(file).st_ino != os.fstat(fd).st_ino:  # removed while we opened it
            raise FileNotFoundError(file)
    except OSError:
        os.close(fd)
        return None
    return Claim(fd)


def claim_current(project_dir: Path | str, config: Config | None = None,
                  attempts: int = 50) -> tuple[Release, Claim]:
    """Return the current release and a claim on it (retrying while builds replace it).

    When the current release's store does not match its checksums, the newest earlier
    release that does is returned instead, and stderr says so; BuildNotFound when none does.
    """
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    for _ in range(attempts):
        path = (config.build_dir / CURRENT).resolve()
        held = claim(path)
        if held is not None:
            try:
                release = _read_release(path, project_dir)
            except BuildNotFound:
                held.close()
            else:
                problem = store_damage(release)
                if problem is None:
                    return release, held
                held.close()
                return _intact_earlier(config.build_dir, release, problem, project_dir)
        elif not (config.build_dir / CURRENT).exists():
            raise BuildNotFound(project_dir)
        time.sleep(0.05)
    raise BuildNotFound(project_dir)


def store_checksums(store: Path, earlier: Release | None = None) -> dict[str, str]:
    """The SHA-256 of every file of the closed store at *store*, for the manifest.

    A file that is the same file (hard-linked) as one of the *earlier* release's store
    keeps the checksum recorded there.
    """
    recorded = earlier.manifest.get(STORE_FILES) or {} if earlier is not None else {}
    checksums = {}
    for path in sorted(store.iterdir()):
        if path.is_file() and path.name not in _UNCHECKED:
            if path.name in recorded and _same_file(path, earlier.store_path / path.name):
                checksums[path.name] = recorded[path.name]
                continue
            with path.open("rb") as file:
                checksums[path.name] = hashlib.file_digest(file, "sha256").hexdigest()
    return checksums


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def store_damage(release: Release) -> str | None:
    """Why *release*'s store differs from what its build wrote, or None when it is intact
    (or was made before builds recorded checksums)."""
    recorded = release.manifest.get(STORE_FILES)
    if recorded is None:
        return None
    try:
        found = store_checksums(release.store_path)
    except OSError as error:
        return f"its store cannot be read ({error.strerror})"
    for name in sorted(recorded.keys() | found.keys()):
        if name not in found:
            return f"store file {name} is missing"
        if name not in recorded:
            return f"store file {name} was not written by its build"
        if found[name] != recorded[name]:
            return f"store file {name} does not match the checksum its build recorded"
    return None


def _intact_earlier(build_dir: Path, damaged: Release, problem: str,
                    project_dir: Path) -> tuple[Release, Claim]:
    """Claim the newest release besides *damaged* whose store is intact, saying so on stderr."""
    releases = build_dir / RELEASES
    earlier = sorted((path for path in releases.iterdir()
                      if path.is_dir() and path != damaged.path and not path.name.startswith(".")),
                     key=lambda path: path.name, reverse=True)
    for path in earlier:
        held = claim(path)
        if held is None:
            continue
        try:
            release = _read_release(path, project_dir)
        except BuildNotFound:
            held.close()
            continue
        if store_damage(release) is None:
            _say(f"release {damaged.path.name} is damaged: {problem}; serving the intact "
                 f"release {path.name} instead (run lodpub build to make a new one)")
            return release, held
        held.close()
    message = f"release {damaged.path.name} is damaged: {problem}; no earlier release is intact"
    _say(message)
    raise NoIntactRelease(project_dir, message)


def _say(message: str) -> None:
    print(f"[lodpub] {message}", file=sys.stderr, flush=True)


def _read_release(path: Path, project_dir: Path) -> Release:
    try:
        return Release(path, json.loads((path / MANIFEST).read_text(encoding="utf-8")))
    except (FileNotFoundError, NotADirectoryError):
        raise BuildNotFound(project_dir) from None


_held = threading.local()  # the build folders whose lock this thread holds


@contextmanager
def build_lock(build_dir: Path, name: str) -> Iterator[None]:
    """Hold the project's build lock; say on stderr when waiting for another build.

    Taking it again in the thread that holds it does not wait (it is held already).
    """
    build_dir.mkdir(parents=True, exist_ok=True)
    held: set = _held.__dict__.setdefault("folders", set())
    folder = build_dir.resolve()
    if folder in held:
        yield
        return
    fd = os.open(build_dir / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"[lodpub] another build of {name} is running: waiting for it to finish",
                  file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        _remove_stray_links(build_dir)
        held.add(folder)
        try:
            yield
        finally:
            held.discard(folder)
    finally:
        os.close(fd)


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
    """Remove all but the *keep* newest releases besides *current*, and none that is claimed."""
    releases = build_dir / RELEASES
    for path in releases.glob(f"{TRASH}*"):  # what a killed prune left
        shutil.rmtree(path, ignore_errors=True)
    older = sorted((path for path in releases.iterdir()
                    if path.is_dir() and path != current and not path.name.startswith(".")),
                   key=lambda path: path.name)
    for path in older[:max(0, len(older) - keep)]:
        _remove_unclaimed(path)


def _remove_unclaimed(path: Path) -> bool:
    """Remove the release *path* unless a process claims it; return whether it went."""
    try:
        fd = os.open(path / CLAIM, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # in use: the next build tries again
        trash = path.with_name(f"{TRASH}{path.name}")
        path.rename(trash)  # out of sight at once, so no one claims it while it goes
        shutil.rmtree(trash, ignore_errors=True)
        return True
    finally:
        os.close(fd)


def _remove_stray_links(build_dir: Path) -> None:
    """Remove the temporary ``current`` links of builds that were killed while switching."""
    for path in build_dir.glob(f".{CURRENT}-*"):
        pid = path.name[len(CURRENT) + 2:]
        if pid.isdigit() and not process_alive(int(pid)) and path.is_symlink():
            path.unlink(missing_ok=True)


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
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def process_alive(pid: int) -> bool:
    """Whether process *pid* still runs (the owner of a staging folder, an overlay …)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
