"""IRIs a project published once and no longer does, so that the server can answer 410 Gone.

Each build's manifest carries ``withdrawn``: every IRI that an earlier build under
the same base published (a document's subjects or its named graph) and the new
build does not, with the time of the first build without it. The list is carried
from build to build, so an IRI stays withdrawn however many builds follow, and
leaves the list when it is published again.
"""

from __future__ import annotations

import json
from pathlib import Path


def published_iris(manifest: dict) -> set[str]:
    """Return the IRIs a build publishes: its documents' subjects and named graphs.

    >>> sorted(published_iris({"documents": [{"graph": "g", "subjects": ["a", "b"]}]}))
    ['a', 'b', 'g']
    """
    iris = set()
    for document in manifest["documents"]:
        iris.add(document["graph"])
        iris.update(document["subjects"])
    return iris


def withdrawn_iris(manifest: dict, previous_manifest: Path) -> dict[str, str]:
    """Return ``{iri: since}`` for the build described by *manifest*.

    *previous_manifest* is the manifest file of the build it replaces (it may not
    exist). Only IRIs under the new build's base are kept: a build under another
    base published other IRIs.

    >>> previous = {"base": "b/", "generated": "t1", "documents": [
    ...     {"graph": "b/g", "subjects": ["b/x", "b/y"]}], "withdrawn": {"b/old": "t0"}}
    >>> current = {"base": "b/", "generated": "t2", "documents": [{"graph": "b/g", "subjects": ["b/x"]}]}
    >>> withdrawn_from(current, previous)
    {'b/old': 't0', 'b/y': 't2'}
    """
    if not previous_manifest.is_file():
        return {}
    return withdrawn_from(manifest, json.loads(previous_manifest.read_text(encoding="utf-8")))


def withdrawn_from(manifest: dict, previous: dict) -> dict[str, str]:
    """Return ``{iri: since}``: what *previous* published or had withdrawn, less what *manifest* publishes."""
    base = manifest["base"]
    now = published_iris(manifest)
    gone = {iri: since for iri, since in previous.get("withdrawn", {}).items() if iri not in now}
    for iri in published_iris(previous) - now:
        gone.setdefault(iri, manifest["generated"])
    return {iri: since for iri, since in sorted(gone.items()) if iri.startswith(base)}
