"""Records → RDF: one named graph per source document, described with PROV-O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from .. import __version__
from ..errors import SourceErrors
from ..iri import graph_iri
from ..sources.content import Content
from ..sources.records import Document, Record
from .provenance import describe_graph
from .records import Origins, RecordMapper

__all__ = ["MappedDocument", "map_content", "map_document", "map_documents"]


@dataclass
class MappedDocument:
    """The named graph of one source document, and where each of its values came from."""

    document: Document
    graph: Graph
    origins: Origins = field(default_factory=dict)
    subjects: dict[URIRef, Record] = field(default_factory=dict)

    @property
    def iri(self) -> URIRef:
        return self.graph.identifier


def map_content(content: Content, generated_at: dt.datetime | None = None) -> list[MappedDocument]:
    """Map every document of *content*; raise SourceErrors for unknown concepts."""
    return map_documents(content, content.documents, generated_at)


def map_documents(content: Content, documents: list[Document],
                  generated_at: dt.datetime | None = None) -> list[MappedDocument]:
    """Map *documents* of *content* (each on its own, as if with all the others);
    raise SourceErrors for unknown concepts."""
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    mapped, errors = [], []
    for document in documents:
        result, document_errors = map_document(content, document, generated_at)
        mapped.append(result)
        errors += document_errors
    if errors:
        raise SourceErrors(errors)
    for item in mapped:
        if item.document.kind == "gazetteer":
            _drop_restated(content, item)
    return mapped


def _drop_restated(content: Content, item: MappedDocument) -> None:
    """Leave out of a gazetteer graph what a registry file states too (the type of a
    municipality it adds facts to), so that no triple is in two graphs."""
    for subject, record in item.subjects.items():
        stated = content.records.get(record.key)
        if stated is None or stated is record or stated.path == record.path:
            continue
        registry = Graph(bind_namespaces="none")
        RecordMapper(content.config.base, content.records, registry, {}).map(stated)
        for triple in list(item.graph.triples((subject, None, None))):
            if triple in registry:
                item.graph.remove(triple)


def map_document(content: Content, document: Document, generated_at: dt.datetime):
    """Map one document into a new graph; return it with the errors found."""
    base = content.config.base
    # No prefixes bound: the store and its dumps bind their own, and binding per graph is costly.
    graph = Graph(identifier=URIRef(graph_iri(base, document.slug)), bind_namespaces="none")
    result = MappedDocument(document, graph)
    mapper = RecordMapper(base, content.records, graph, result.origins)
    for record in document.records:
        _map_with_children(mapper, record, result)
    publisher = content.config["dataset.publisher"]
    publisher_iri = mapper.ref(publisher) if publisher in content.records else None
    describe_graph(graph, document, generated_at, __version__, publisher_iri)
    return result, mapper.errors


def _map_with_children(mapper: RecordMapper, record: Record, result: MappedDocument):
    subject = mapper.map(record)
    result.subjects[subject] = record
    for spec in record.kind.fields:
        for child in record.values.get(spec.name, []) if spec.kind == "nested" else []:
            if child.key:
                result.subjects[mapper.iri(child)] = child
