"""One content file changed so that a process killed at any moment leaves the old or the new state.

Before the file changes, a journal in the build folder keeps its old text and the
digest of the new; the file itself changes in one atomic rename (or one unlink).
The journal goes when the write is done: built and live, or put back. A journal
found later belongs to a write that was killed: when the current build already
holds the new file, the new state stays (it is live); otherwise the old text comes
back. Either way content and site agree again after the next build.

``LODPUB_FAULT_FILE`` names a file for tests: at the point of a write it names, the
process kills itself (SIGKILL), as a power cut or ``kill -9`` would.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..ingest.contentfiles import write_text

JOURNAL = ".write-journal.json"
#: The points at which a write can be killed in tests, in the order a write passes them.
FAULT_POINTS = ("journal-written", "content-written", "built")


@dataclass(frozen=True)
class Entry:
    """What a journal records: the file (relative to the project), its old text, the new digest."""

    path: str
    before: str | None
    after: str | None   # sha256 of the new text; None when the file goes


def fault_point(name: str) -> None:
    """Kill this process when ``LODPUB_FAULT_FILE`` names a file that says *name* (tests only)."""
    control = os.environ.get("LODPUB_FAULT_FILE")
    if not control:
        return
    try:
        wanted = Path(control).read_text(encoding="utf-8").strip()
    except OSError:
        return
    if wanted == name:
        Path(control).unlink(missing_ok=True)
        os.kill(os.getpid(), signal.SIGKILL)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def begin(project_dir: Path, build_dir: Path, path: Path, text: str | None) -> Entry:
    """Journal the change of *path* to *text* (None: remove it), then make it."""
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    entry = Entry(path.relative_to(project_dir).as_posix(), before,
                  None if text is None else digest(text))
    build_dir.mkdir(parents=True, exist_ok=True)
    write_text(build_dir / JOURNAL, json.dumps(entry.__dict__, ensure_ascii=False))
    fault_point("journal-written")
    if text is None:
        path.unlink(missing_ok=True)
    else:
        write_text(path, text)
    fault_point("content-written")
    return entry


def finish(build_dir: Path) -> None:
    """The write is done: forget its journal."""
    (build_dir / JOURNAL).unlink(missing_ok=True)


def undo(project_dir: Path, build_dir: Path, entry: Entry) -> None:
    """Put the old text back (or remove a file the write created); forget the journal."""
    path = project_dir / entry.path
    if entry.before is None:
        path.unlink(missing_ok=True)
    else:
        write_text(path, entry.before)
    finish(build_dir)


def pending(build_dir: Path) -> Entry | None:
    """The journal a killed write left, or None."""
    try:
        data = json.loads((build_dir / JOURNAL).read_text(encoding="utf-8"))
        return Entry(data["path"], data["before"], data["after"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        # Killed while the journal was written: nothing was changed yet (the journal is
        # renamed into place whole, so this is a damaged file someone made; drop it).
        finish(build_dir)
        return None


def recover(project_dir: Path, build_dir: Path,
            live_digest: Callable[[str], str | None]) -> str | None:
    """Settle what a killed write left; return "kept" or "undone" (None: nothing was left).

    *live_digest* gives the sha256 the current build holds for a file (None when it
    holds none): when that is the new text's, the new state is live and stays.
    """
    entry = pending(build_dir)
    if entry is None:
        return None
    path = project_dir / entry.path
    now = digest(path.read_text(encoding="utf-8")) if path.is_file() else None
    if now == entry.after and live_digest(entry.path) == entry.after:
        finish(build_dir)
        return "kept"
    undo(project_dir, build_dir, entry)
    return "undone"
