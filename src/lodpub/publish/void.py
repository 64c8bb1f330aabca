"""The VoID description of a build: what the dataset holds and where to get it.

The VoID dataset is the catalog's dataset (``{base}catalog#dataset``): one
resource, described for data portals by the catalog and for Linked Data tools
here, at ``/.well-known/void`` (RFC 5785, registered by VoID). Counts are of the
default graph, the union of every named graph (the ontology's too), as
``COUNT(*)`` on the endpoint counts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, VOID, XSD

from ..config import Config
from ..formats import RdfFormat
from ..namespaces import PREFIXES, bind_prefixes
from ..store import DataStore
from .catalog import catalog_iri
from .vocabularies import licence_iri

_DATA = "?s ?p ?o"


@dataclass(frozen=True)
class VoidInputs:
    base: str
    config: Config
    dumps: list[dict]
    publisher: str | None = None
    issued: str | None = None
    modified: str | None = None


def void_iri(base: str) -> URIRef:
    return URIRef(f"{base}.well-known/void")


def build_void(store: DataStore, inputs: VoidInputs) -> Graph:
    """Describe the dataset in *store* with VoID: counts, partitions, examples, access."""
    base = inputs.base
    graph = bind_prefixes(Graph(), base)
    graph.bind("foaf", FOAF, override=True, replace=True)
    dataset, document = catalog_iri(base, "dataset"), void_iri(base)
    graph.add((document, RDF.type, VOID.DatasetDescription))
    graph.add((document, DCTERMS.title, Literal("VoID description of the dataset", lang="en")))
    graph.add((document, FOAF.primaryTopic, dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    for language, text in sorted(inputs.config["dataset.title"].items()):
        graph.add((dataset, DCTERMS.title, Literal(text, lang=language)))
    for language, text in sorted(inputs.config["dataset.description"].items()):
        graph.add((dataset, DCTERMS.description, Literal(text, lang=language)))
    graph.add((dataset, DCTERMS.license, URIRef(licence_iri(inputs.config["dataset.license"]))))
    if inputs.publisher:
        graph.add((dataset, DCTERMS.publisher, URIRef(inputs.publisher)))
    for predicate, value in ((DCTERMS.issued, inputs.issued), (DCTERMS.modified, inputs.modified)):
        if value:
            graph.add((dataset, predicate, Literal(value, datatype=XSD.dateTime)))
    graph.add((dataset, FOAF.homepage, URIRef(base)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(f"{base}sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(f"{base}id/")))
    for dump in inputs.dumps:
        graph.add((dataset, VOID.dataDump, URIRef(f"{base}download/{dump['name']}")))
        feature = RdfFormat[dump["format"]].format_iri
        if feature:
            graph.add((dataset, VOID.feature, URIRef(feature)))
    _counts(store, graph, dataset, base)
    _partitions(store, graph, dataset)
    _examples(store, graph, dataset, base)
    return graph


def _counts(store: DataStore, graph: Graph, dataset: URIRef, base: str) -> None:
    row = next(iter(store.query(f"""
        SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
               (COUNT(DISTINCT ?p) AS ?properties)
        WHERE {{ {_DATA} }}""")))
    entities = next(iter(store.query(f"""
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_DATA} FILTER(STRSTARTS(STR(?s), "{base}id/")) }}""")))
    classes = next(iter(store.query(f"""
        SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {_DATA} FILTER(?p = <{RDF.type}>) }}""")))
    for predicate, value in ((VOID.triples, row["triples"]), (VOID.distinctSubjects, row["subjects"]),
                             (VOID.distinctObjects, row["objects"]), (VOID.properties, row["properties"]),
                             (VOID.entities, entities["n"]), (VOID.classes, classes["n"])):
        graph.add((dataset, predicate, Literal(int(value.value), datatype=XSD.integer)))


def _partitions(store: DataStore, graph: Graph, dataset: URIRef) -> None:
    used = set()
    for row in store.query(f"""
            SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_DATA} FILTER(?p = <{RDF.type}>) BIND(?o AS ?class) }}
            GROUP BY ?class ORDER BY ?class"""):
        partition = BNode()
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(row["class"].value)))
        graph.add((partition, VOID.entities, Literal(int(row["n"].value), datatype=XSD.integer)))
        used.add(row["class"].value)
    for row in store.query(f"""
            SELECT ?p (COUNT(*) AS ?n) WHERE {{ {_DATA} }} GROUP BY ?p ORDER BY ?p"""):
        partition = BNode()
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(row["p"].value)))
        graph.add((partition, VOID.triples, Literal(int(row["n"].value), datatype=XSD.integer)))
        used.add(row["p"].value)
    for namespace in sorted({str(ns) for ns in PREFIXES.values()}):
        if any(term.startswith(namespace) for term in used):
            graph.add((dataset, VOID.vocabulary, URIRef(namespace)))


def _examples(store: DataStore, graph: Graph, dataset: URIRef, base: str) -> None:
    """A partnership, the newest article and a municipality, where the data has them."""
    for query in (
            "SELECT ?s WHERE { ?s a <https://w3id.org/lodpub/ns#MunicipalPartnership> } ORDER BY ?s LIMIT 1",
            "SELECT ?s WHERE { ?s a <http://schema.org/NewsArticle> ; <http://schema.org/datePublished> ?d } "
            "ORDER BY DESC(?d) ?s LIMIT 1",
            "SELECT ?s WHERE { ?s a <https://w3id.org/lodpub/ns#Municipality> } ORDER BY ?s LIMIT 1"):
        for row in store.query(query):
            if row["s"].value.startswith(base):
                graph.add((dataset, VOID.exampleResource, URIRef(row["s"].value)))
