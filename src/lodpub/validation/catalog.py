"""Check the catalog a project publishes against lodpub's catalog shapes (``shapes/catalog/``).

Every finding points at ``lodpub.toml`` and, where one setting decides it, at that
setting.
"""

from __future__ import annotations

from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from ..config import CONFIG_FILE
from ..errors import Location
from ..namespaces import SH, VCARD
from ..shipped import turtle_folder
from .report import SEVERITIES, VIOLATION, Finding, Report

#: What decides each checked property: the setting a finding points at.
SETTINGS = {
    DCTERMS.title: "title", DCTERMS.description: "description", DCTERMS.publisher: "publisher",
    FOAF.name: "publisher", DCTERMS.type: "publisher_type", VCARD.hasEmail: "contact_email",
    DCTERMS.license: "license", DCAT.theme: "themes", DCTERMS.language: "languages",
}


@cache
def catalog_shapes() -> Graph:
    """Return lodpub's catalog shapes, every file of ``shapes/catalog/`` together."""
    return turtle_folder("shapes/catalog")


def check_catalog(catalog: Graph) -> tuple[list[Finding], Graph]:
    """Validate *catalog*; return the findings and the SHACL results graph."""
    import pyshacl

    _, results, _ = pyshacl.validate(catalog, shacl_graph=catalog_shapes(), inference="none",
                                     allow_warnings=True, abort_on_first=False)
    findings = [_finding(results, result)
                for result in results.subjects(RDF.type, SH.ValidationResult)]
    return sorted(findings, key=lambda item: (item.location.field or "", item.focus)), results


def add_catalog_findings(report: Report, catalog: Graph) -> None:
    """Check *catalog* (what a project publishes) and add what is wrong with it to *report*."""
    findings, results = check_catalog(catalog)
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
        severity=SEVERITIES.get(results.value(result, SH.resultSeverity), VIOLATION),
        location=Location(CONFIG_FILE, None, "dataset" if setting else "catalog", setting),
        messages=messages,
        focus=str(results.value(result, SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=None if value is None else str(value),
        shape=str(results.value(result, SH.sourceShape)),
        component=str(results.value(result, SH.sourceConstraintComponent)),
    )
