"""The catalog a project would publish, made from ``lodpub.toml`` and the content as a
build makes it, but without a build: no byte sizes, checksums, dates or triple count,
which the catalog shapes do not require (``lodpub validate`` checks it)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rdflib import Graph

from ..config import load_config
from ..mapping import map_content
from ..sources.content import read_content
from ..store import DataStore
from .catalog import CatalogInputs, build_catalog, check_catalog_settings
from .catalog_facts import catalog_facts
from .dumps import DUMPS


def project_catalog(project_dir: Path | str) -> Graph:
    """Return the catalog *project_dir* would publish, made from its settings and content."""
    config = load_config(Path(project_dir))
    check_catalog_settings(config)
    project = read_content(project_dir, config)
    store = DataStore.create()
    for item in map_content(project):
        store.add_graph(item.graph, str(item.iri))
    languages = config["dataset.languages"]
    facts = replace(catalog_facts(store, config.base, config["dataset.publisher"],
                                  languages[0] if languages else "en"), triples=None)
    dumps = [{"name": dump.name, "format": dump.fmt.name, "compressed": dump.compressed}
             for dump in DUMPS]
    return build_catalog(CatalogInputs(config.base, config, facts, dumps)).graph()
