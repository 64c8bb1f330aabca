"""What a build derives for harvesters, before and after the release switch.

A build calls ``prepare_feeds`` while its release is still being written: it
compares every resource and every catalog entity with the log, writes the
catalog and the VoID description into the release's ``feeds/`` folder, and
leaves the changes there as ``pending.json``. Once the release is current,
``commit_feeds`` appends them to the log. A build that dies in between leaves a
current release whose changes are not in the log; the next build records them
first, so no published state is ever missing from the streams.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..config import Config
from ..namespaces import ONTOLOGY_IRI
from ..store import DataStore
from .catalog import Catalog, CatalogInputs, as_dcat_ap_2, build_catalog, check_catalog_settings
from .catalog_facts import catalog_facts
from .changelog import CATALOG, DATA, ChangeLog, Event, Pending, diff, log_path
from .dumps import file_digest
from .members import Member, is_blank, members_of
from .void import VoidInputs, build_void

FEEDS_DIR = "feeds"
CATALOG_FILE = "catalog.nt"
VOID_FILE = "void.nt"
PENDING_FILE = "pending.json"


@dataclass(frozen=True)
class Resources:
    """The resources a build publishes, when the build knows them without asking the store:
    *members* of the resources in *affected* (the others are as the release *since*
    published them; None: *members* holds them all), and how to get every member when
    the log does not hold that release."""

    members: dict[str, Member]
    affected: set[str] | None = None
    since: str | None = None
    every_member: Callable[[], dict[str, Member]] | None = None


def prepare_feeds(config: Config, store: DataStore, dumps: list[dict],
                  generated_at: dt.datetime, release: Path,
                  resources: Resources | None = None) -> Pending:
    """Write the catalog, the VoID description and the pending changes into *release*."""
    check_catalog_settings(config)
    base = config.base
    log = ChangeLog(log_path(config.build_dir, base))
    _recover(config, log)
    time = timestamp(generated_at)
    last = log.last_time()
    if last and last > time:      # a clock or SOURCE_DATE_EPOCH behind the log: never go back
        time = last
    state = log.state(DATA)
    if resources is None:
        data_changes = diff(state, resource_members(store, base))
    elif resources.affected is None:
        data_changes = diff(state, resources.members)
    elif log.recorded(resources.since):
        data_changes = diff({resource: digest for resource, digest in state.items()
                             if resource in resources.affected}, resources.members)
    else:
        data_changes = diff(state, resources.every_member())
    recorded = log.times(DATA)
    issued = recorded[0] if recorded else (time if data_changes else None)
    modified = time if data_changes else (recorded[1] if recorded else None)
    languages = config["dataset.languages"]
    facts = catalog_facts(store, base, config["dataset.publisher"], languages[0] if languages else "en")
    dumps = [{**dump, "sha1": file_digest(release / "dumps" / dump["name"], "sha1")} for dump in dumps]
    catalog = build_catalog(CatalogInputs(base, config, facts, dumps, issued, modified))
    catalog_changes = diff(log.state(CATALOG), entity_members(catalog), catalog.rank)
    void = build_void(store, VoidInputs(base, config, dumps, facts.publisher.iri if facts.publisher
                                        else None, issued, modified))
    folder = release / FEEDS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CATALOG_FILE).write_bytes(_grouped_ntriples(catalog.graph()))
    (folder / VOID_FILE).write_bytes(_grouped_ntriples(void))
    pending = Pending(time, {DATA: data_changes, CATALOG: catalog_changes})
    (folder / PENDING_FILE).write_text(pending.as_json(), encoding="utf-8")
    return pending


def commit_feeds(config: Config, release: Path) -> list[Event]:
    """Append the pending changes of the published *release* to the log (once)."""
    pending_file = release / FEEDS_DIR / PENDING_FILE
    if not pending_file.is_file():
        return []
    base = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["base"]
    pending = Pending.from_json(pending_file.read_text(encoding="utf-8"))
    return ChangeLog(log_path(config.build_dir, base)).record(
        release.name, pending, config["ldes.page_size"])


def timestamp(moment: dt.datetime) -> str:
    """Return *moment* as an xsd:dateTime in UTC, to the second.

    >>> timestamp(dt.datetime(2023, 6, 22, 10, 30, 5, 123, tzinfo=dt.timezone.utc))
    '2023-06-22T10:30:05Z'
    """
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def resource_members(store: DataStore, base: str) -> dict[str, Member]:
    """Return the member of every resource minted under ``{base}id/``, from the named graphs."""
    return members_of(_resource_rows(store, base + "id/"))


def quad_members(quads: Iterable, base: str, resources: set[str] | None = None) -> dict[str, Member]:
    """Return the member of every resource minted under ``{base}id/`` (or of those in
    *resources*) that pyoxigraph *quads* describe."""
    return members_of(row for row in _quad_rows(quads, base + "id/")
                      if resources is None or row[0] is None or row[0] in resources)


def quad_resources(quads: Iterable, base: str) -> set[str]:
    """The resources minted under ``{base}id/`` that *quads* say something about."""
    return {row[0] for row in _quad_rows(quads, base + "id/") if row[0] is not None}


def _quad_rows(quads: Iterable, space: str) -> Iterator[tuple]:
    for quad in quads:
        subject = str(quad.subject)
        if is_blank(subject):
            yield None, subject, str(quad.predicate), str(quad.object)
        elif subject.startswith("<" + space):
            yield subject[1:-1].split("#", 1)[0], subject, str(quad.predicate), str(quad.object)


def _resource_rows(store: DataStore, space: str) -> Iterator[tuple]:
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                           f"FILTER(?g != <{ONTOLOGY_IRI}>) }}"):
        subject = str(row["s"])
        if is_blank(subject):
            yield None, subject, str(row["p"]), str(row["o"])
        elif subject.startswith("<" + space):
            yield subject[1:-1].split("#", 1)[0], subject, str(row["p"]), str(row["o"])


def entity_members(catalog: Catalog) -> dict[str, Member]:
    """Return the member of each catalog entity, from its own graph, typed as the DCAT-AP
    Feeds shapes check it.

    Those shapes include DCAT-AP 3.0.0's, which type byte sizes as xsd:decimal (as 2.1.1 does).
    """
    return members_of(row for name, graph in catalog.entities.items()
                      for row in _rows(name, as_dcat_ap_2(graph.serialize(format="nt", encoding="utf-8"))))


def _rows(name: str, ntriples: bytes) -> Iterator[tuple]:
    """Split N-Triples into (owner, subject, predicate, object); blank subjects have no owner.

    >>> list(_rows("g", b'<http://x/a> <http://x/p> "a b" .\\n_:b <http://x/q> <http://x/c> .\\n'))
    [('g', '<http://x/a>', '<http://x/p>', '"a b"'), (None, '_:b', '<http://x/q>', '<http://x/c>')]
    """
    for line in ntriples.decode("utf-8").splitlines():
        if not line.strip():
            continue
        subject, predicate, rest = line.strip().split(" ", 2)
        yield None if is_blank(subject) else name, subject, predicate, rest[:-1].rstrip()


def _grouped_ntriples(graph: Graph) -> bytes:
    """Return *graph* as N-Triples, each subject's triples together and its types first.

    Writers that group by subject (Turtle, RDF/XML) then give each resource one block.
    """
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    type_predicate = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def order(line: str) -> tuple:
        subject, predicate, rest = line.split(" ", 2)
        return subject.startswith("_:"), subject, predicate != type_predicate, predicate, rest

    return "".join(line + "\n" for line in sorted((line for line in lines if line.strip()), key=order)).encode()


def _recover(config: Config, log: ChangeLog) -> None:
    """Record the changes of the current release if the build that made it died before doing so."""
    current = config.build_dir / "current"
    if not (current / FEEDS_DIR / PENDING_FILE).is_file():
        return
    release = current.resolve()
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    if log_path(config.build_dir, manifest["base"]) == log.path and not log.recorded(release.name):
        commit_feeds(config, release)
