"""PROV-O description of the named graph of one source document."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from .. import gazetteers
from ..namespaces import SCHEMA
from ..sources.records import Document
from .records import stable_bnode


def describe_graph(graph: Graph, document: Document, generated_at: dt.datetime,
                   version: str, publisher: URIRef | None) -> None:
    """Add to *graph* where it comes from, when and by what it was made."""
    this = graph.identifier
    graph.add((this, RDF.type, PROV.Entity))
    graph.add((this, DCTERMS.source, Literal(document.path)))
    graph.add((this, PROV.generatedAtTime, Literal(generated_at.isoformat(), datatype=XSD.dateTime)))
    if document.kind == "gazetteer":
        _describe_source(graph, this, document.path.rsplit("/", 1)[-1])
    elif publisher is not None:
        graph.add((this, PROV.wasAttributedTo, publisher))
    for record in document.records:
        original = record.values.get("url") if record.kind.name == "article" else None
        if original:
            graph.add((this, PROV.wasDerivedFrom, URIRef(original)))
    activity, software = stable_bnode(this, "activity"), stable_bnode(this, "software")
    graph.add((this, PROV.wasGeneratedBy, activity))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, PROV.wasAssociatedWith, software))
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, SCHEMA.name, Literal("lodpub")))
    graph.add((software, SCHEMA.softwareVersion, Literal(version)))


def _describe_source(graph: Graph, this: URIRef, gazetteer_id: str) -> None:
    """Name the reference data a gazetteer graph is derived from, with its edition."""
    gazetteer = next(item for item in gazetteers.GAZETTEERS if item.id == gazetteer_id)
    graph.add((this, PROV.wasDerivedFrom, URIRef(gazetteer.source)))
    for language, title in gazetteer.title.items():
        graph.add((this, SCHEMA.name, Literal(f"{title}; {gazetteer.publisher}, edition "
                                               f"{gazetteer.edition}", lang=language)))
