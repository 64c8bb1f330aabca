"""The description of a document, fetched with one SPARQL query.

It holds every triple whose subject is the thing or one of its hash IRIs, the
closure of their blank nodes (three levels deep; lodpub's mapping makes two),
the links that point to them from at most ``server.incoming_links`` resources,
and the labels, types and url of every resource at either end of
those links. Each row keeps the named graph it comes from, so
that a page can say which source document states each fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from rdflib import Literal, URIRef

from ...namespaces import DCTERMS, RDF, RDFS, SCHEMA, SKOS
from ...store import DataStore, to_rdflib

#: What a description says about the resources it links to, besides their IRIs.
NEIGHBOUR_PROPERTIES = (RDF.type, RDFS.label, SKOS.prefLabel, SCHEMA.name, SCHEMA.headline,
                        DCTERMS.title, SCHEMA.url)


def description_query(subjects: tuple[str, ...], incoming: int) -> str:
    """Return the SPARQL SELECT (?s ?p ?o ?g) that describes *subjects* (IRIs from the store).

    Of the resources that link to the subjects, *incoming* + 1 are included (the
    store's first ones: sorting thousands of IRIs would cost more than the rest of the
    query), so that the caller can tell when there are more than *incoming*.
    """
    values = " ".join(f"<{iri}>" for iri in subjects)
    neighbour = " ".join(f"<{iri}>" for iri in NEIGHBOUR_PROPERTIES)
    return f"""SELECT ?s ?p ?o ?g WHERE {{
  {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ VALUES ?r {{ {values} }}
          GRAPH ?g {{ ?r ?p1 ?s . ?s ?p ?o }} FILTER(isBlank(?s)) }}
  UNION {{ VALUES ?r {{ {values} }}
          GRAPH ?g {{ ?r ?p1 ?b1 . ?b1 ?p2 ?s . ?s ?p ?o }} FILTER(isBlank(?b1) && isBlank(?s)) }}
  UNION {{ VALUES ?r {{ {values} }}
          GRAPH ?g {{ ?r ?p1 ?b1 . ?b1 ?p2 ?b2 . ?b2 ?p3 ?s . ?s ?p ?o }}
          FILTER(isBlank(?b1) && isBlank(?b2) && isBlank(?s)) }}
  UNION {{ VALUES ?r {{ {values} }} ?r ?link ?s FILTER(isIRI(?s) && ?link != <{RDF.type}>)
          VALUES ?p {{ {neighbour} }} GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{
    {{ SELECT DISTINCT ?x WHERE {{ VALUES ?t {{ {values} }} ?x ?l ?t FILTER(isIRI(?x) && ?x NOT IN ({", ".join(
        f"<{iri}>" for iri in subjects)})) }}
       LIMIT {incoming + 1} }}
    {{ VALUES ?o {{ {values} }} GRAPH ?g {{ ?x ?p ?o }} BIND(?x AS ?s) }}
    UNION {{ VALUES ?p {{ {neighbour} }} GRAPH ?g {{ ?x ?p ?o }} BIND(?x AS ?s) }}
  }}
}}"""


def describe(store: DataStore, document: str, subjects: tuple[str, ...], incoming: int) -> "Description":
    """Describe the document IRI *document* and its *subjects* with one query; list at most
    *incoming* resources that link to them."""
    quads = store.select_quads(description_query(subjects, incoming))
    own = {f"<{iri}>" for iri in subjects}
    linkers = sorted({str(quad.subject) for quad in quads
                      if str(quad.object) in own and str(quad.subject) not in own})
    truncated = len(linkers) > incoming
    if truncated:  # keep the first *incoming* by IRI of those fetched: the same ones every time
        extra = set(linkers[incoming:])
        quads = [quad for quad in quads if not (str(quad.subject) in extra and str(quad.object) in own)]
    return Description(document, subjects, quads, truncated)


@dataclass
class Description:
    """What the store says about one document, as quads (engine terms) and as rdflib facts."""

    document: str
    subjects: tuple[str, ...]
    quads: list
    #: True when more resources link to the document than the description lists
    truncated: bool = False

    def triples(self) -> list:
        """Return the distinct triples for serialising: the document's own subjects first,
        then other IRIs, then blank nodes (``<`` sorts before ``_:``)."""
        rank = {f"<{iri}>": index for index, iri in enumerate(self.subjects)}

        def key(triple):
            subject = str(triple.subject)
            return (rank.get(subject, len(rank)), subject, str(triple.predicate), str(triple.object))

        return sorted({quad.triple for quad in self.quads}, key=key)

    @cached_property
    def facts(self) -> "Facts":
        return Facts([(to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object),
                       quad.graph_name.value) for quad in self.quads])


class Facts:
    """Description rows as rdflib terms, indexed by subject and by object."""

    def __init__(self, rows: list[tuple]):
        self.rows = rows
        self._by_subject: dict = {}
        self._by_object: dict = {}
        for subject, predicate, obj, graph in rows:
            self._by_subject.setdefault(subject, {}).setdefault(predicate, {}).setdefault(
                obj, set()).add(graph)
            self._by_object.setdefault(obj, {}).setdefault(predicate, {}).setdefault(
                subject, set()).add(graph)

    def properties(self, subject) -> dict:
        """Return ``{predicate: {object: {graph, …}}}`` for *subject*."""
        return self._by_subject.get(subject, {})

    def incoming(self, obj) -> dict:
        """Return ``{predicate: {subject: {graph, …}}}`` for the links to *obj*."""
        return self._by_object.get(obj, {})

    def values(self, subject, predicate) -> list:
        return list(self.properties(subject).get(predicate, {}))

    def literals(self, subject, predicate) -> list[Literal]:
        return [value for value in self.values(subject, predicate) if isinstance(value, Literal)]

    def types(self, subject) -> list[URIRef]:
        return [value for value in self.values(subject, RDF.type) if isinstance(value, URIRef)]
