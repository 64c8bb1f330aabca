"""``lodpub init``: a new project that builds, from the bundled example."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .config import CONFIG_FILE, DEFAULT_BASE, check_base
from .errors import LodpubError
from .shipped import example_project

BASE_LINES = re.compile(r"^# Base IRI.*?^# base = .*?\n", re.MULTILINE | re.DOTALL)


def init_project(target: Path | str, base: str | None = None) -> Path:
    """Create a project in *target* (new or empty) with a commented lodpub.toml and content.

    Its ``lodpub.toml`` sets ``base`` to *base* (default: the fixed local default), which
    should be the site's public address before anything is published.
    """
    target = Path(target)
    base = base or DEFAULT_BASE
    check_base(base, "--base")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise LodpubError(f"{target} already exists and is not empty",
                          hint="give a new folder name, or empty the folder first")
    shutil.copytree(example_project(), target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_build", "__pycache__"))
    settings = target / CONFIG_FILE
    settings.write_text(BASE_LINES.sub(_base_lines(base), settings.read_text("utf-8"), count=1),
                        encoding="utf-8")
    return target


def _base_lines(base: str) -> str:
    return ("# Base IRI under which every thing is minted: the site's public address.\n"
            "# IRIs are meant to last: set it before publishing, and keep it.\n"
            f'base = "{base}"\n')
