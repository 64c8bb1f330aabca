"""Before serving a project: build when needed, else keep the last good build.

``prepare`` decides whether the current build can be served as it is. It builds
when there is none, when the content or ``lodpub.toml`` changed since, when another
lodpub version made it, or when its IRIs are not under the project's base, and says
which. The base is the project's (``base``, or the fixed default): never the address
of the server at hand, which serves the same IRIs on any host and port. When that build fails because the content is invalid,
the last good build is served and the log says why. ``lodpub.web.server`` then
runs the app on what ``prepare`` returns; its workers follow every later build.

``watch`` (``lodpub serve --watch``) runs beside the server in a process of its own
and builds again whenever the content, the registry or ``lodpub.toml`` changes;
when the content is invalid it logs why and the last good build stays served.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .build import build
from .config import CONFIG_FILE, Config, load_config
from .errors import BuildNotFound, LodpubError, SourceErrors, ValidationFailed
from .publish.dumps import file_digest
from .release import MANIFEST, WATCH_FAILURE, Release, current_release
from .shipped import example_project
from .sources.content import source_files

Log = Callable[[str], None]


def example_copy(cache_dir: Path | None = None) -> Path:
    """Return a writable copy of the bundled example, refreshed from the installed one.

    The copy lives in ``$XDG_CACHE_HOME/lodpub/example`` (``~/.cache/lodpub/example``):
    an installed package may be read-only, and serving builds into the project.
    """
    cache_dir = cache_dir or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache_dir / "lodpub" / "example"
    source = example_project()
    target.mkdir(parents=True, exist_ok=True)
    wanted = {path.relative_to(source) for path in source.rglob("*")
              if "_build" not in path.relative_to(source).parts}
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target)
        if relative.parts[0] != "_build" and relative not in wanted:
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    for relative in sorted(wanted):
        origin, copy = source / relative, target / relative
        if origin.is_dir():
            copy.mkdir(exist_ok=True)
        elif not copy.is_file() or copy.read_bytes() != origin.read_bytes():
            shutil.copyfile(origin, copy)
    return target


@dataclass(frozen=True)
class Prepared:
    """What to serve: the project's settings (with the base in force) and its build."""

    config: Config
    build: Release
    problems: str | None = None  # why the content could not be built, when it could not


class InvalidContent(LodpubError):
    """The content cannot be built and there is no earlier build to serve."""

    status = 422


def prepare(project_dir: Path, log: Log) -> Prepared:
    """Return the build to serve, building first when needed (see the module's notes).

    The build runs in a child process, so that the storage engine never starts in
    the process that later forks the server's workers. Raises InvalidContent when
    the content is invalid and no earlier build exists.
    """
    config = load_config(project_dir)
    try:
        current = current_release(project_dir, config)
    except BuildNotFound:
        current = None
    reason = stale_reason(current, config)
    if reason is None:
        return Prepared(config, current)
    log(f"building {project_dir}: {reason}")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        built, text = child.submit(build_quietly, str(project_dir), config.base).result()
    if built:
        log(text)
        return Prepared(config, current_release(project_dir, config))
    if current is None:
        raise InvalidContent(f"{project_dir} cannot be built, and there is no earlier build:\n{text}")
    log(f"the content is invalid, so the last good build (made {current.manifest['generated']}, "
        f"IRIs under {current.base}) is served; fix the content and build again (the server "
        f"follows):\n{text}")
    return Prepared(config, current, text)


def build_quietly(project_dir: str, base: str) -> tuple[bool, str]:
    """Build *project_dir* under *base*; return (True, a summary) or (False, why the
    content is invalid)."""
    config = load_config(Path(project_dir)).with_base(base)
    try:
        result = build(Path(project_dir), config=config, progress=_progress)
    except (SourceErrors, ValidationFailed) as error:
        return False, invalid_summary(error)
    manifest = result.release.manifest
    return True, (f"built {len(manifest['documents'])} documents, {result.release.triples} triples "
                  f"with the ontology, under {manifest['base']}")


_reported: dict[str, int] = {}


def _progress(stage: str, done: int, total: int) -> None:
    """Log a large build's progress each time it passes another twentieth of the way."""
    twentieths = done * 20 // max(1, total)
    if total >= 100 and twentieths > _reported.get(stage, 0):
        _reported[stage] = twentieths
        print(f"[lodpub] {stage}: {done}/{total} documents", file=sys.stderr, flush=True)


WATCHED = ("content", "registry", CONFIG_FILE)


def watch(project_dir: Path, log: Log) -> None:
    """Build *project_dir* again after each change to what it is built from, until the
    process that started this one ends (or Ctrl-C)."""
    from watchfiles import watch as changes_of

    project_dir = project_dir.resolve()
    parent = os.getppid()

    def watched(_change, path: str) -> bool:
        parts = Path(path).relative_to(project_dir).parts
        return bool(parts) and parts[0] in WATCHED and not parts[-1].startswith((".", "#")) \
            and not parts[-1].endswith("~")

    log(f"watching {project_dir} for changes to {', '.join(WATCHED)}")
    for changes in changes_of(project_dir, watch_filter=watched, yield_on_timeout=True,
                              rust_timeout=500, raise_interrupt=False):
        if os.getppid() != parent:
            return
        if not changes:
            continue
        names = sorted({Path(path).relative_to(project_dir).as_posix() for _, path in changes})
        log(f"changed: {', '.join(names[:3])}{', …' if len(names) > 3 else ''}; building")
        try:
            built, text = build_quietly(str(project_dir), load_config(project_dir).base)
        except LodpubError as error:
            built, text = False, str(error)
        if built:
            log(text)
        else:
            log(f"the content is invalid, so the last good build stays served; fix it and save:\n{text}")
        record_failure(load_config_quietly(project_dir), None if built else text)


def record_failure(config: Config | None, problems: str | None) -> None:
    """Keep *problems* (None: none) where the site shows them in place of its pages."""
    if config is None:
        return
    path = config.build_dir / WATCH_FAILURE
    if problems is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{WATCH_FAILURE}.{os.getpid()}")
    partial.write_text(problems, encoding="utf-8")
    partial.replace(path)


def load_config_quietly(project_dir: Path) -> Config | None:
    """The project's settings, or None when lodpub.toml itself cannot be read."""
    try:
        return load_config(project_dir)
    except LodpubError:
        return None


def watch_main(argv: list[str]) -> int:
    """``python -c`` entry of the watching process: PROJECT."""
    project, = argv
    try:
        watch(Path(project),
              lambda message: print(f"[lodpub] {message}", file=sys.stderr, flush=True))
    except KeyboardInterrupt:
        pass
    return 0


def stale_reason(current: Release | None, config: Config) -> str | None:
    """Return why *current* cannot be served as it is, or None when it can."""
    if current is None:
        return "there is no build yet"
    if current.base != config.base:
        return f"its IRIs are under {current.base}, the project's base is {config.base}"
    if current.manifest.get("lodpub") != __version__:
        return f"it was made by lodpub {current.manifest.get('lodpub')}, this is {__version__}"
    project_dir = config.project_dir
    settings = project_dir / CONFIG_FILE
    if settings.stat().st_mtime > (current.path / MANIFEST).stat().st_mtime:
        return f"{CONFIG_FILE} changed since"
    # Gazetteer documents follow from the files and lodpub's version, both checked here.
    built = {(document["path"], document["sha256"]) for document in current.manifest["documents"]
             if document["kind"] != "gazetteer"}
    now = {(path.relative_to(project_dir).as_posix(), file_digest(path, "sha256"))
           for path in source_files(project_dir)}
    if built != now:
        changed = sorted({path for path, _ in built ^ now})
        return f"the content changed since ({', '.join(changed[:3])}{', …' if len(changed) > 3 else ''})"
    return None


def invalid_summary(error: SourceErrors | ValidationFailed) -> str:
    if isinstance(error, ValidationFailed):
        return error.report.to_text("en")
    return str(error)
