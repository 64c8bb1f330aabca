"""sources → mapping → validation → store → dumps, published atomically, and incrementally.

A build derives again only the documents whose key changed (see
validation/incremental.py): what it derived from each document (its graph as N-Quads,
its validation results, its dump fragments) is kept in the build cache under the key.
The new release's store is a checkpoint of the last one with the changed named graphs
replaced, its dumps copy the unchanged documents' bytes from the last dumps, and its
event stream compares only the resources the changed documents describe. When
lodpub, the shapes, the ontology, the base or the publisher changed, or with
``full``, everything is derived again and the build says why. When no file changed
since the last build, the build says so and publishes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import DERIVED, PARSED, BuildCache, code_fingerprint, sources_signature
from .config import CONFIG_FILE, Config, load_config
from .release import (CLAIM, CURRENT, MANIFEST, STORE_FILES, Release, build_lock, current_release,
                      current_target, finish_staging, new_staging, previous_release, prune,
                      store_checksums, switch)

Progress = Callable[[str, int, int], None]
#: What a release's manifest says of each document, all a build needs of one that did not change.
SUMMARY = ("graph", "triples", "subjects", "resources")
#: Where the dumps' piece for the ontology finds its key (the build's fingerprint).
ONTOLOGY_PIECE = "\x00ontology"
#: The settings every document's graph depends on (besides lodpub, its shapes and ontology).
DERIVATION_SETTINGS = ("base", "dataset.publisher")


@dataclass(frozen=True)
class BuildResult:
    release: Release
    report: "Report"
    validated: int  # documents validated; the others were unchanged and kept their results
    changed: bool = True            # False: nothing changed since the last build, which stays
    rederived: str | None = None    # why every document was derived again, if it was


def build(project_dir: Path | str, *, config: Config | None = None,
          generated_at: dt.datetime | None = None, progress: Progress | None = None,
          full: bool = False) -> BuildResult:
    """Build *project_dir* and publish it as the current build.

    Raises SourceErrors for bad content and ValidationFailed when the shapes
    report violations; in both cases, and on any interruption, the last good
    build stays current and untouched. Builds of one project take turns: a build
    waits for one already running (saying so on stderr). With *full*, the build
    cache is thrown away and every document derived again.
    """
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    with build_lock(config.build_dir, str(project_dir)):
        cache = BuildCache(config.build_dir)
        code = code_fingerprint()
        from .sources.content import listed_files

        signature = sources_signature(listed_files(project_dir), project_dir / CONFIG_FILE,
                                      config.base, code)
        thrown_away = full and cache.clear()
        if not full:
            unchanged = _unchanged(project_dir, config, cache, signature)
            if unchanged is not None:
                return unchanged
        result = _build(project_dir, config, generated_at or _build_time(), progress, cache, code,
                        "--full: the build cache was thrown away" if thrown_away else
                        "--full" if full else None)
        cache.remember_sources(signature, result.release.path.name)
        return result


def _unchanged(project_dir: Path, config: Config, cache: BuildCache, signature: str):
    remembered = cache.sources()
    target = current_target(config.build_dir)
    if remembered.get("signature") != signature or target is None \
            or Path(target).name != remembered.get("release"):
        return None
    from .validation import Finding, Report
    from .validation.incremental import REPORT

    release = current_release(project_dir, config)
    _record_if_lost(config, release)
    prune(config.build_dir, release.path, config["build.keep"])  # what readers let go meanwhile
    try:
        results = json.loads((release.path / REPORT).read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return None
    report = Report(documents=len(release.manifest["documents"]),
                    findings=[Finding.from_json(result) for result in results])
    return BuildResult(release, report, 0, changed=False)


def _record_if_lost(config: Config, release: Release) -> None:
    """Record the changes of *release* in the event log if the build that made it could not."""
    from .publish.changelog import ChangeLog, log_path

    if (release.path / "feeds" / "pending.json").is_file() and \
            not ChangeLog(log_path(config.build_dir, release.base)).recorded(release.path.name):
        from .publish.harvest import commit_feeds

        commit_feeds(config, release.path)


def _build(project_dir: Path, config: Config, generated_at: dt.datetime, progress: Progress | None,
           cache: BuildCache, code: str, full: str | None) -> BuildResult:
    from .errors import ValidationFailed
    from .mapping import map_documents
    from .sources.content import read_content
    from .validation import Report, validate_documents
    from .validation.incremental import REPORT, document_keys, shapes_fingerprint

    derivation = {"lodpub": code, "shapes": shapes_fingerprint(),
                  **{name: config.base if name == "base" else config[name]
                     for name in DERIVATION_SETTINGS}}
    fingerprint = _digest(json.dumps(derivation, sort_keys=True))
    previous = previous_release(project_dir, config)
    rederived = full or _why_everything(previous, derivation, cache)
    before = {} if rederived else {item["path"]: item for item in previous.manifest["documents"]}

    parsed = cache.parsed(code)
    content = read_content(project_dir, config, parsed=parsed)
    keys = document_keys(content, fingerprint)
    keys[ONTOLOGY_PIECE] = fingerprint
    kept = _findings_by_file(previous) if before else {}
    entries: dict[str, dict] = {}
    to_map = []
    for document in content.documents:
        earlier = before.get(document.path)
        if earlier is not None and earlier.get("key") == keys[document.path]:
            # as the last release has it: its graph is in the store, its parts in the dumps
            entries[document.path] = {**{name: earlier[name] for name in SUMMARY},
                                      "findings": kept.get(document.path, [])}
            continue
        entry = cache.get(DERIVED, keys[document.path])
        if entry is None:
            to_map.append(document)
        else:
            entries[document.path] = entry
    mapped = map_documents(content, to_map, generated_at)
    for item in mapped:
        entries[item.document.path] = _derived(item, config.base)
    replaced = [document for document in content.documents
                if before.get(document.path, {}).get("key") != keys[document.path]]
    removed = [item for path, item in before.items()
               if path not in keys or item.get("key") != keys[path]]

    staging = new_staging(config.build_dir)
    try:
        store = _store(staging, previous if before else None, removed,
                       [entries[document.path]["nquads"] for document in replaced], progress)
        total, done = len(content.documents), len(content.documents) - len(mapped)

        def validated(count: int):
            nonlocal done
            done += count
            if progress:
                progress("validate", done, total)

        order = {str(item["graph"]): number for number, item in
                 enumerate(entries[document.path] for document in content.documents)}
        report = validate_documents(mapped, config["build.batch_size"], validated,
                                    context=_StoreDescriptions(store, order))
        by_path: dict[str, list] = {}
        for finding in report.findings:
            by_path.setdefault(finding.location.path, []).append(finding.as_json())
        for item in mapped:
            entry = entries[item.document.path]
            entry["findings"] = by_path.get(item.document.path, [])
            cache.put(DERIVED, keys[item.document.path], entry)
        report = _whole_report(content.documents, entries, Report)
        if not report.conforms:
            raise ValidationFailed(report)

        def nquads(document) -> bytes:
            entry = entries[document.path]
            if "nquads" not in entry:
                cached = cache.get(DERIVED, keys[document.path])
                entry["nquads"] = cached["nquads"] if cached else store.graph_nquads(entry["graph"])
            return entry["nquads"]

        manifest = _write_release(config, generated_at, staging, store, content.documents, keys,
                                  entries, nquads, previous if before else None, replaced, removed)
        del store  # closes the database before its files are summed and published
        manifest["derivation"] = derivation
        manifest[STORE_FILES] = store_checksums(staging / "store", previous if before else None)
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
        (staging / REPORT).write_text(report.to_json(), encoding="utf-8")
        (staging / CLAIM).touch()
        final = finish_staging(staging, generated_at.strftime("%Y%m%dT%H%M%S%fZ"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    from .publish.harvest import commit_feeds

    switch(config.build_dir, final)
    commit_feeds(config, final)
    prune(config.build_dir, final, config["build.keep"])
    cache.keep_only(DERIVED, set(keys.values()))
    cache.keep_only(PARSED, parsed.used)
    return BuildResult(Release(final, manifest), report, len(mapped),
                       rederived=rederived if rederived and previous else None)


def _findings_by_file(release: Release) -> dict[str, list[dict]]:
    """The validation results of *release*, by file."""
    from .validation.incremental import REPORT

    found: dict[str, list[dict]] = {}
    for result in json.loads((release.path / REPORT).read_text(encoding="utf-8"))["results"]:
        found.setdefault(result["file"], []).append(result)
    return found


def _why_everything(previous: Release | None, derivation: dict, cache: BuildCache) -> str | None:
    """Why the last release cannot be the start of this build, or None when it can."""
    if previous is None:
        return "there is no earlier build"
    if not (cache.folder / DERIVED).is_dir():
        return "the build cache is gone"
    before = previous.manifest.get("derivation")
    if not isinstance(before, dict) or not (previous.path / "store").is_dir():
        return "the last build kept nothing to build on"
    if before.get("lodpub") != derivation["lodpub"]:
        return "lodpub changed"
    if before.get("shapes") != derivation["shapes"]:
        return "the shapes or the ontology changed"
    for name in DERIVATION_SETTINGS:
        if before.get(name) != derivation[name]:
            return f"the setting {name} changed"
    return None


def _derived(item, base: str) -> dict:
    """What a build keeps of one mapped document."""
    from .publish.harvest import quad_resources
    from .store import nquads, parse_nquads

    data = nquads(item.graph)
    return {
        "graph": str(item.iri),
        "nquads": data,
        "triples": len(item.graph),
        "subjects": sorted(str(subject) for subject in item.subjects),
        "resources": sorted(quad_resources(parse_nquads(data), base)),
    }


class _StoreDescriptions:
    """What the store (the new release's, all graphs in place) says about a subject."""

    def __init__(self, store, order: dict[str, int]):
        self._store = store
        self._order = order
        self._about: dict = {}

    def _graphs(self, subject):
        if subject not in self._about:
            self._about[subject] = self._store.triples_about(subject)
        return self._about[subject]

    def about(self, subject):
        return [triple for _, triple in self._graphs(subject)]

    def first_graph(self, subject):
        from rdflib import URIRef

        graphs = {graph for graph, _ in self._graphs(subject) if graph in self._order}
        if len(graphs) < 2:
            return None
        return URIRef(min(graphs, key=self._order.__getitem__))


def _whole_report(documents, entries: dict[str, dict], report_class):
    """The findings of every document, those validated now and those kept, in document order."""
    from .validation import Finding

    report = report_class(documents=len(documents))
    for document in documents:
        report.findings += [Finding.from_json(item) for item in entries[document.path]["findings"]]
    return report


def _store(staging: Path, previous: Release | None, removed: list[dict], added: list[bytes],
           progress: Progress | None):
    """The new release's store: the last one with *removed* graphs taken out and *added* put in,
    or a new one."""
    from .mapping.concepts import ontology_graph
    from .namespaces import ONTOLOGY_IRI
    from .store import DataStore

    if previous is not None:
        store = DataStore.copy_of(previous.store_path, staging / "store")
        for item in removed:
            store.remove_graph(item["graph"])
    else:
        store = DataStore.create(staging / "store")
        store.add_graph(ontology_graph(), ONTOLOGY_IRI)
    if progress:
        progress("store", 0, len(added))
    store.load_nquads(b"".join(added))
    if progress:
        progress("store", len(added), len(added))
    return store


def _write_release(config: Config, generated_at, staging: Path, store, documents, keys, entries,
                   nquads, previous: Release | None, replaced, removed) -> dict:
    from .publish.dumps import Piece, fragments, write_dumps
    from .publish.harvest import Resources, prepare_feeds, quad_members
    from .publish.withdrawn import withdrawn_iris
    from .store import parse_nquads

    store.flush()
    if previous is None:
        store.optimize()
    pieces = [Piece(keys[document.path], _fragments_of(document, nquads, fragments))
              for document in documents]
    # the whole dataset: the ontology's graph too, which changes only with lodpub
    pieces.append(Piece(f"ontology-{keys[ONTOLOGY_PIECE]}", lambda: fragments(_ontology_nquads())))
    dumps = write_dumps(staging / "dumps", pieces, previous.dumps_path if previous else None)
    base = config.base

    def every_member():
        return quad_members((quad for document in documents
                             for quad in parse_nquads(nquads(document))), base)

    if previous is None:
        resources = Resources(every_member())
    else:
        affected = {resource for item in [*removed, *(entries[document.path] for document in replaced)]
                    for resource in item.get("resources", ())}
        holders = [document for document in documents
                   if affected.intersection(_resources_of(entries, document))]
        members = quad_members((quad for document in holders
                                for quad in parse_nquads(nquads(document))),
                               base, affected)
        resources = Resources(members, affected, previous.path.name, every_member)
    prepare_feeds(config, store, dumps, generated_at, staging, resources)
    triples = len(store)
    default_graph = store.default_graph_size()
    del store  # closes the database before the folder is published
    manifest = {
        "lodpub": __import__("lodpub").__version__,
        "base": base,
        "generated": generated_at.isoformat(),
        "triples": sum(entries[document.path]["triples"] for document in documents),
        "storeTriples": triples,
        "documents": [
            {"path": document.path, "graph": entries[document.path]["graph"],
             "sha256": document.digest, "kind": document.kind, "key": keys[document.path],
             "triples": entries[document.path]["triples"],
             "subjects": entries[document.path]["subjects"],
             "resources": entries[document.path]["resources"]}
            for document in documents
        ],
        "dumps": dumps,
        "defaultGraphTriples": default_graph,  # for the SPARQL service description
    }
    manifest["withdrawn"] = withdrawn_iris(manifest, config.build_dir / CURRENT / MANIFEST)
    return manifest


def _resources_of(entries, document) -> list[str]:
    return entries[document.path]["resources"] if document.path in entries else []


def _fragments_of(document, nquads, fragments):
    return lambda: fragments(nquads(document))


def _ontology_nquads() -> bytes:
    from rdflib import Graph

    from .mapping.concepts import ontology_graph
    from .namespaces import ONTOLOGY_IRI
    from .store import nquads

    named = Graph(identifier=ONTOLOGY_IRI, bind_namespaces="none")
    for triple in ontology_graph():
        named.add(triple)
    return nquads(named)


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode()).hexdigest()


def _build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
