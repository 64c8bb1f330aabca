"""SHACL validation per document, with results that point at the file, key and field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ..errors import Location
from ..mapping import MappedDocument
from ..mapping.concepts import ontology_graph
from ..mapping.terms import expand
from ..namespaces import SH
from ..shipped import turtle_folder
from .report import SEVERITIES, VIOLATION, Finding, Report

@cache
def shapes_graph() -> Graph:
    """Return lodpub's shapes, every file of ``shapes/`` together."""
    return turtle_folder("shapes")


@cache
def validation_context() -> Graph:
    """The part of the ontology the shapes need: subclass axioms, and concepts with their schemes.

    Only these go into the data graph, so the shapes check no ontology node.
    """
    ontology = ontology_graph()
    context = Graph()
    for triple in ontology.triples((None, RDFS.subClassOf, None)):
        context.add(triple)
    for concept, scheme in ontology.subject_objects(SKOS.inScheme):
        context.add((concept, SKOS.inScheme, scheme))
        for concept_class in ontology.objects(concept, RDF.type):
            context.add((concept, RDF.type, concept_class))
    return context


class Descriptions(Protocol):
    """What all documents of a project say about a subject, for validating some of them."""

    def about(self, subject) -> Iterable[tuple]:
        """Every triple, from any document, with *subject* as its subject."""

    def first_graph(self, subject) -> URIRef | None:
        """The graph of the first document that describes *subject*, when several do."""


def validate_documents(mapped: list[MappedDocument], batch_size: int = 200,
                       progress: Callable[[int], None] | None = None,
                       context: list[MappedDocument] | Descriptions | None = None) -> Report:
    """Validate each document together with what it references; never changes *mapped*.

    References are looked up in *context*: every document of the project (*mapped*
    when not given), or what they describe, so a subset of the documents can be
    validated on its own.

    Documents are validated in batches (one SHACL run each) with the description of
    every resource they link to from other documents, so cost grows linearly with
    the number of documents. Results are kept only for nodes the batch describes.
    """
    import pyshacl

    if context is None or isinstance(context, list):
        context = MappedDescriptions(context if context is not None else mapped)
    report = Report(documents=len(mapped))
    report_node = BNode()
    report.graph.add((report_node, RDF.type, SH.ValidationReport))
    shapes, ontology = shapes_graph(), validation_context()
    for start in range(0, len(mapped), batch_size):
        batch = mapped[start:start + batch_size]
        data, owners = _batch_graph(batch, context)
        data += ontology
        _, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", advanced=True,  # for SPARQL targets
            allow_warnings=True, abort_on_first=False, inplace=True)
        for result in results.subjects(RDF.type, SH.ValidationResult):
            focus = results.value(result, SH.focusNode)
            owner = owners.get(focus)
            if owner is not None and context.first_graph(focus) in (None, owner.iri):
                report.findings.append(_finding(results, result, owner))
                _copy_result(results, result, report.graph, report_node)
        if progress:
            progress(len(batch))
    report.graph.add((report_node, SH.conforms, Literal(report.conforms)))
    return report


class MappedDescriptions:
    """Every subject's triples in mapped documents, and the first document of subjects
    that several describe.

    A gazetteer and a registry file may both describe a municipality: it is validated
    as a whole, and its results belong to the first document that describes it.
    """

    def __init__(self, mapped: list[MappedDocument]):
        self._index: dict = {}
        first: dict = {}
        self._primary: dict = {}
        for item in mapped:
            for triple in item.graph:
                subject = triple[0]
                self._index.setdefault(subject, []).append(triple)
                owner = first.setdefault(subject, item)
                if owner is not item:
                    self._primary[subject] = owner.iri

    def about(self, subject) -> Iterable[tuple]:
        return self._index.get(subject, ())

    def first_graph(self, subject) -> URIRef | None:
        return self._primary.get(subject)


def _batch_graph(batch: list[MappedDocument], context: Descriptions):
    data = Graph()
    owners: dict = {}
    for item in batch:
        for triple in item.graph:
            data.add(triple)
            owners.setdefault(triple[0], item)
    # what other documents say about a subject of the batch
    shared_subjects = [subject for subject in owners if context.first_graph(subject) is not None]
    while shared_subjects:
        for triple in context.about(shared_subjects.pop()):
            if triple not in data and isinstance(triple[2], BNode):
                shared_subjects.append(triple[2])
            data.add(triple)
    for item in batch:
        for obj in set(item.graph.objects()):
            if isinstance(obj, URIRef) and obj not in owners:
                for triple in context.about(obj):
                    data.add(triple)
    return data, owners


def _finding(results: Graph, result, owner: MappedDocument) -> Finding:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    first = _first_predicate(results, path)
    value = results.value(result, SH.value)
    messages = {}
    for message in results.objects(result, SH.resultMessage):
        messages.setdefault(getattr(message, "language", None) or "en", str(message))
    return Finding(
        severity=SEVERITIES.get(results.value(result, SH.resultSeverity), VIOLATION),
        location=_locate(owner, focus, first, value),
        messages=messages,
        focus=str(focus),
        path=str(first) if first is not None else None,
        value=None if value is None else str(value),
        shape=str(results.value(result, SH.sourceShape)),
        component=str(results.value(result, SH.sourceConstraintComponent)),
    )


def _first_predicate(results: Graph, path):
    if path is None or isinstance(path, URIRef):
        return path
    first = results.value(path, RDF.first)
    if first is not None:
        return _first_predicate(results, first)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        return _first_predicate(results, results.value(alternatives, RDF.first))
    return None


def _locate(owner: MappedDocument, focus, predicate, value) -> Location:
    """Find the file, line, key and field a result is about."""
    if predicate == RDF.type and value is not None:
        predicate = None
    origin = owner.origins.get((focus, predicate)) if predicate is not None else None
    record = owner.subjects.get(focus)
    if origin is not None:
        return origin
    if record is None:
        fallback = next((loc for (subject, _), loc in owner.origins.items() if subject == focus), None)
        if fallback is not None:
            return Location(fallback.path, None, fallback.key, _field_name(None, predicate))
        return Location(owner.document.path)
    return Location(record.path, record.line, record.key, _field_name(record, predicate))


def _field_name(record, predicate) -> str | None:
    if predicate is None:
        return None
    if record is not None:
        for spec in record.kind.fields:
            if spec.term and expand(spec.term) == predicate:
                return spec.name
    return str(predicate).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _copy_result(source: Graph, node, target: Graph, report_node) -> None:
    target.add((report_node, SH.result, node))
    stack, seen = [node], set()
    while stack:
        subject = stack.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for _, predicate, obj in source.triples((subject, None, None)):
            target.add((subject, predicate, obj))
            if isinstance(obj, BNode):
                stack.append(obj)
