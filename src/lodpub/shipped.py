"""Locate the files lodpub ships: ontology, shapes, queries and the bundled example."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_dir(name: str) -> Path:
    """Return the shipped folder *name* (``ontology``, ``shapes`` or ``examples``).

    An installed wheel carries them under ``lodpub/_data``; a source checkout
    has them at the repository's top level.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"lodpub's {name}/ folder is missing from this installation")


def example_project() -> Path:
    """Return the bundled example project (the Vännäs–Slobozhanske partnership)."""
    return data_dir("examples") / "vannas-slobozhanske"


def turtle_folder(name: str, graph=None, *, recursive: bool = False):
    """Parse every ``*.ttl`` file of the shipped folder *name* into *graph* (a new one by default).

    *name* may name a subfolder (``shapes/catalog``); *recursive* reads subfolders too.
    """
    from rdflib import Graph

    graph = Graph() if graph is None else graph
    folder = data_dir(name)
    for path in sorted(folder.rglob("*.ttl") if recursive else folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph
