"""The project as a change would leave it, without touching the project: an overlay folder.

The overlay lives in the build folder and holds hard links to the content files (a
copy where links cannot be made) and ``lodpub.toml``, with the changed file written
anew. Reading, mapping and validating it shows what the change would do before the
project's own files change.

An article needs only part of the project around it: every registry file (what it
refers to, and what keys are taken), the articles it refers to and, when it goes, the
articles that refer to it. So the check of an article's change costs the same in a
project of ten articles and of ten thousand. A registry file's change can touch any
article, so it is checked with all of them.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..config import CONFIG_FILE
from ..release import process_alive
from ..sources.content import ARTICLES_DIR, source_files

PREFIX = ".write-overlay-"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]*")


@contextmanager
def overlay(project_dir: Path, build_dir: Path, relative: str, text: str | None) -> Iterator[Path]:
    """A folder holding *project_dir* with the file *relative* replaced by *text* (None: gone)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(build_dir)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=build_dir))
    try:
        shutil.copyfile(project_dir / CONFIG_FILE, folder / CONFIG_FILE)
        for path in _around(project_dir, relative, text):
            _link(path, folder / path.relative_to(project_dir))
        target = folder / relative
        target.unlink(missing_ok=True)  # a link to the project's file: never write through it
        if text is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _around(project_dir: Path, relative: str, text: str | None) -> list[Path]:
    """The content files the change of *relative* to *text* must be checked with."""
    files = source_files(project_dir)
    if not relative.startswith(ARTICLES_DIR + "/"):
        return files
    articles = {path.stem: path for path in files if path.parent.name == "articles"}
    key = Path(relative).stem
    if text is None:  # it goes: every article that names it must do without
        wanted = {stem for stem, path in articles.items()
                  if stem != key and key.encode() in path.read_bytes()}
    else:  # it stays: the articles it names describe what it refers to
        wanted = set(_WORD.findall(text)) & set(articles)
    return [path for path in files if path.parent.name != "articles" or path.stem in wanted]


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _remove_abandoned(build_dir: Path) -> None:
    """Remove the overlays of processes that were killed."""
    for path in build_dir.glob(f"{PREFIX}*"):
        pid = path.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
