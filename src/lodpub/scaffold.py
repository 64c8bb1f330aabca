"""``lodpub init``: a new project that builds, from the bundled example."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import LodpubError
from .shipped import example_project


def init_project(target: Path | str) -> Path:
    """Create a project in *target* (new or empty) with a commented lodpub.toml and content."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise LodpubError(f"{target} already exists and is not empty",
                          hint="give a new folder name, or empty the folder first")
    shutil.copytree(example_project(), target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return target
