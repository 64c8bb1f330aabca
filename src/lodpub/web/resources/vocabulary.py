"""The ontology and the shapes as a worker holds them: loaded once, as rdflib graphs.

The ontology comes from the build's store (named graph ``https://w3id.org/lodpub/ns``),
so that the pages describe the ontology the data was built against; the shapes
come from the files lodpub ships.
"""

from __future__ import annotations

from functools import cached_property

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ...namespaces import LP, ONTOLOGY_IRI, SCHEMA, bind_prefixes
from ...shipped import turtle_folder
from ...store import DataStore, graph_quads, to_rdflib

SHAPES_IRI = "https://w3id.org/lodpub/shapes"
SHAPES_NS = SHAPES_IRI + "#"


class Vocabulary:
    """The ontology (from the store) and the shapes (from their files) of one worker."""

    def __init__(self, store: DataStore):
        self._store = store

    @cached_property
    def ontology(self) -> Graph:
        graph = bind_prefixes(Graph(identifier=URIRef(ONTOLOGY_IRI)))
        for quad in self._store.select_quads(
                f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ONTOLOGY_IRI}> {{ ?s ?p ?o }} }}"):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return graph

    @cached_property
    def shapes(self) -> Graph:
        graph = bind_prefixes(Graph(identifier=URIRef(SHAPES_IRI)))
        graph.bind("lps", SHAPES_NS)
        return turtle_folder("shapes", graph, recursive=True)  # the catalog's shapes too

    def triples(self, graph: Graph) -> list:
        """Return *graph* as engine triples, sorted, for serialising."""
        return sorted((quad.triple for quad in graph_quads(graph, str(graph.identifier))), key=str)

    @cached_property
    def labels(self) -> dict[str, list[Literal]]:
        """Return term IRI → its labels (rdfs:label, skos:prefLabel) from the ontology."""
        labels: dict[str, list[Literal]] = {}
        for predicate in (RDFS.label, SKOS.prefLabel):
            for term, label in self.ontology.subject_objects(predicate):
                if isinstance(label, Literal):
                    labels.setdefault(str(term), []).append(label)
        return labels

    @cached_property
    def _schema_classes(self) -> dict[str, str]:
        found = {}
        for cls in set(self.ontology.subjects(RDFS.subClassOf)):
            parent = self._nearest_schema_class(cls)
            if parent:
                found[str(cls)] = parent
        return found

    def schema_class(self, cls: str) -> str | None:
        """Return the schema.org class that *cls* specialises (nearest first), or None."""
        return self._schema_classes.get(cls)

    def _nearest_schema_class(self, cls: URIRef) -> str | None:
        seen, frontier = {cls}, [cls]
        while frontier:
            parents = sorted(parent for child in frontier
                             for parent in self.ontology.objects(child, RDFS.subClassOf)
                             if isinstance(parent, URIRef) and parent not in seen)
            for parent in parents:
                if str(parent).startswith(str(SCHEMA)):
                    return str(parent)
            seen.update(parents)
            frontier = parents
        return None

    def is_own_term(self, iri: str) -> bool:
        """Return True when *iri* is a term of lodpub's ontology (documented at /ontology)."""
        return iri.startswith(str(LP)) and (URIRef(iri), None, None) in self.ontology


def own_terms(graph: Graph, kinds: tuple[URIRef, ...]) -> list[URIRef]:
    """Return the terms in lodpub's namespace typed with one of *kinds*, sorted."""
    return sorted({term for kind in kinds for term in graph.subjects(RDF.type, kind)
                   if isinstance(term, URIRef) and str(term).startswith(str(LP))})


CLASS_KINDS = (OWL.Class, RDFS.Class)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
