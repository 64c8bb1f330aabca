"""sources → mapping → validation → store → dumps, published atomically."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Config, load_config
from .errors import ValidationFailed
from .mapping import map_content
from .mapping.concepts import ontology_graph
from .namespaces import ONTOLOGY_IRI
from .publish.dumps import write_dumps
from .publish.harvest import commit_feeds, prepare_feeds
from .publish.withdrawn import withdrawn_iris
from .sources.content import read_content
from .release import (CLAIM, CURRENT, MANIFEST, STORE_FILES, Release, build_lock, finish_staging,
                      new_staging, previous_release, prune, store_checksums, switch)
from .store import DataStore
from .validation import Report, validate_documents
from .validation import incremental

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    release: Release
    report: Report
    validated: int  # documents validated; the others were unchanged and kept their results


def build(project_dir: Path | str, *, config: Config | None = None,
          generated_at: dt.datetime | None = None, progress: Progress | None = None) -> BuildResult:
    """Build *project_dir* and publish it as the current build.

    Raises SourceErrors for bad content and ValidationFailed when the shapes
    report violations; in both cases, and on any interruption, the last good
    build stays current and untouched. Builds of one project take turns: a build
    waits for one already running (saying so on stderr).
    """
    project_dir = Path(project_dir)
    config = config or load_config(project_dir)
    with build_lock(config.build_dir, str(project_dir)):
        return _build(project_dir, config, generated_at or _build_time(), progress)


def _build(project_dir: Path, config: Config, generated_at: dt.datetime,
           progress: Progress | None) -> BuildResult:
    project = read_content(project_dir, config)
    mapped = map_content(project, generated_at)
    total = len(mapped)
    done = 0

    def validated(count: int):
        nonlocal done
        done += count
        if progress:
            progress("validate", done, total)

    previous = previous_release(project_dir, config)
    validation_key = incremental.fingerprint(config.base)
    to_validate, kept = incremental.plan(mapped, previous and previous.manifest, validation_key)
    done = len(kept)
    report = validate_documents(to_validate, config["build.batch_size"], validated, context=mapped)
    report.findings += incremental.kept_findings(previous.path, kept) if kept else []
    report.documents = total
    if not report.conforms:
        raise ValidationFailed(report)

    staging = new_staging(config.build_dir)
    try:
        store = DataStore.create(staging / "store")
        store.add_graphs(_graphs_with_progress(mapped, progress))
        store.flush()
        store.add_graph(ontology_graph(), ONTOLOGY_IRI)
        store.flush()
        dumps = write_dumps(store, staging / "dumps")  # the whole dataset, the ontology's graph too
        store.optimize()
        prepare_feeds(config, store, dumps, generated_at, staging)
        triples = len(store)
        default_graph = store.default_graph_size()
        del store  # closes the database before the folder is published
        manifest = _manifest(config, generated_at, mapped, dumps, triples)
        manifest["validation"] = validation_key
        manifest["defaultGraphTriples"] = default_graph  # for the SPARQL service description
        manifest["withdrawn"] = withdrawn_iris(manifest, config.build_dir / CURRENT / MANIFEST)
        manifest[STORE_FILES] = store_checksums(staging / "store")
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                        encoding="utf-8")
        (staging / incremental.REPORT).write_text(report.to_json(), encoding="utf-8")
        (staging / CLAIM).touch()
        final = finish_staging(staging, generated_at.strftime("%Y%m%dT%H%M%S%fZ"))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    switch(config.build_dir, final)
    commit_feeds(config, final)
    prune(config.build_dir, final, config["build.keep"])
    return BuildResult(Release(final, manifest), report, len(to_validate))


def _graphs_with_progress(mapped, progress: Progress | None):
    total = len(mapped)
    for index, item in enumerate(mapped, start=1):
        yield item.graph, str(item.iri)
        if progress and (index % 500 == 0 or index == total):
            progress("store", index, total)


def _build_time() -> dt.datetime:
    """Now, or SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _manifest(config: Config, generated_at, mapped, dumps, triples: int) -> dict:
    return {
        "lodpub": __version__,
        "base": config.base,
        "generated": generated_at.isoformat(),
        "triples": sum(len(item.graph) for item in mapped),
        "storeTriples": triples,
        "documents": [
            {"path": item.document.path, "graph": str(item.iri), "sha256": item.document.digest,
             "kind": item.document.kind, "triples": len(item.graph),
             "subjects": sorted(str(subject) for subject in item.subjects)}
            for item in mapped
        ],
        "dumps": dumps,
    }
