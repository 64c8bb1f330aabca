"""Check the catalog a project would publish against lodpub's catalog shapes (``shapes/catalog/``).

The catalog is made from ``lodpub.toml`` and the content, as a build makes it,
but without a build: no byte sizes, checksums or dates, which the shapes do not
require. Every finding points at ``lodpub.toml`` and, where one setting decides
it, at that setting.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from ..config import CONFIG_FILE, load_config
from ..errors import Location
from ..mapping import map_project
from ..namespaces import SH
from ..shipped import turtle_folder
from ..sources.project import load_project
from ..store import DataStore
from ..validation import VIOLATION, Finding, Report
from .catalog import VCARD, CatalogInputs, build_catalog, check_catalog_settings
from .catalog_facts import catalog_facts
from .dumps import DUMPS

#: What decides each checked property: the setting a finding points at.
SETTINGS = {
    DCTERMS.title: "title", DCTERMS.description: "description", DCTERMS.publisher: "publisher",
    FOAF.name: "publisher", DCTERMS.type: "publisher_type", VCARD.hasEmail: "contact_email",
    DCTERMS.license: "license", DCAT.theme: "themes", DCTERMS.language: "languages",
}
_SEVERITIES = {SH.Violation: VIOLATION, SH.Warning: "warning", SH.Info: "info"}


@cache
def catalog_shapes() -> Graph:
    """Return lodpub's catalog shapes, every file of ``shapes/catalog/`` together."""
    return turtle_folder("shapes/catalog")


def project_catalog(project_dir: Path | str) -> Graph:
    """Return the catalog *project_dir* would publish, made from its settings and content."""
    config = load_config(Path(project_dir))
    check_catalog_settings(config)
    project = load_project(project_dir, config)
    store = DataStore.create()
    for item in map_project(project):
        store.add_graph(item.graph, str(item.iri))
    languages = config["dataset.languages"]
    facts = catalog_facts(store, config.base, config["dataset.publisher"],
                          languages[0] if languages else "en")
    dumps = [{"name": dump.name, "format": dump.fmt.name, "compressed": dump.compressed}
             for dump in DUMPS]
    return build_catalog(CatalogInputs(config.base, config, facts, dumps)).graph()


def check_catalog(catalog: Graph) -> tuple[list[Finding], Graph]:
    """Validate *catalog*; return the findings and the SHACL results graph."""
    import pyshacl

    _, results, _ = pyshacl.validate(catalog, shacl_graph=catalog_shapes(), inference="none",
                                     allow_warnings=True, abort_on_first=False)
    findings = [_finding(results, result)
                for result in results.subjects(RDF.type, SH.ValidationResult)]
    return sorted(findings, key=lambda item: (item.location.field or "", item.focus)), results


def add_catalog_findings(report: Report, project_dir: Path | str) -> None:
    """Check the project's catalog and add what is wrong with it to *report*."""
    findings, results = check_catalog(project_catalog(project_dir))
    report.findings.extend(findings)
    report_node = next(report.graph.subjects(RDF.type, SH.ValidationReport), None) or BNode()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        report.graph.add((report_node, SH.result, result))
        stack = [result]
        while stack:
            node = stack.pop()
            for _, predicate, obj in results.triples((node, None, None)):
                report.graph.add((node, predicate, obj))
                if isinstance(obj, BNode):
                    stack.append(obj)
    report.graph.set((report_node, SH.conforms, Literal(report.conforms)))


def _finding(results: Graph, result) -> Finding:
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    setting = SETTINGS.get(path) if isinstance(path, URIRef) else None
    messages = {}
    for message in results.objects(result, SH.resultMessage):
        messages.setdefault(getattr(message, "language", None) or "en", str(message))
    return Finding(
        severity=_SEVERITIES.get(results.value(result, SH.resultSeverity), VIOLATION),
        location=Location(CONFIG_FILE, None, "dataset" if setting else "catalog", setting),
        messages=messages,
        focus=str(results.value(result, SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=None if value is None else str(value),
        shape=str(results.value(result, SH.sourceShape)),
        component=str(results.value(result, SH.sourceConstraintComponent)),
    )
