"""Which documents a build must validate again, and which results it may keep.

Validation works per document, so a build validates only what changed: when the
shapes, the ontology, lodpub, the base and every registry file are as they were in
the last good build, only new and changed articles are validated, and the results
of the others are kept. Anything else, and every document is validated again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import __version__
from ..mapping import MappedDocument
from ..shipped import data_dir
from .report import Finding

REPORT = "report.json"


def fingerprint(base: str) -> str:
    """What validation results depend on besides the content: lodpub, base, shapes, ontology."""
    digest = hashlib.sha256(f"{__version__}\n{base}\n".encode())
    for folder in ("shapes", "ontology"):
        for path in sorted(data_dir(folder).rglob("*.ttl")):
            digest.update(path.relative_to(data_dir(folder)).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def plan(mapped: list[MappedDocument], previous: dict | None, current_fingerprint: str):
    """Return the documents to validate and the paths whose earlier results still hold."""
    if not previous or previous.get("validation") != current_fingerprint:
        return mapped, set()
    before = {document["path"]: document["sha256"] for document in previous["documents"]}
    registry_before = {document["path"] for document in previous["documents"]
                       if document["kind"] != "article"}
    registry_now = {item.document.path for item in mapped if item.document.kind != "article"}
    if registry_now != registry_before or any(
            before.get(item.document.path) != item.document.digest
            for item in mapped if item.document.kind != "article"):
        return mapped, set()
    changed = [item for item in mapped if before.get(item.document.path) != item.document.digest]
    kept = {item.document.path for item in mapped} - {item.document.path for item in changed}
    return changed, kept


def kept_findings(previous_release: Path, kept: set[str]) -> list[Finding]:
    """The earlier build's results for the documents in *kept*."""
    if not kept:
        return []
    report = json.loads((previous_release / REPORT).read_text(encoding="utf-8"))
    return [Finding.from_json(result) for result in report["results"] if result["file"] in kept]
