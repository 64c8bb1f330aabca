"""The ontology's concept schemes, to check concept keys while mapping."""

from __future__ import annotations

from functools import cache

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from ..namespaces import LP
from ..shipped import turtle_folder


@cache
def ontology_graph() -> Graph:
    """Return the lodpub ontology with its concept schemes and reused-class axioms."""
    return turtle_folder("ontology")


@cache
def concepts_by_scheme() -> dict[str, frozenset[str]]:
    """Map each scheme's CURIE (``lp:Role``) to the local names of its concepts."""
    graph = ontology_graph()
    schemes: dict[str, set[str]] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        if str(scheme).startswith(str(LP)) and str(concept).startswith(str(LP)):
            schemes.setdefault("lp:" + str(scheme)[len(LP):], set()).add(str(concept)[len(LP):])
    for scheme in graph.subjects(RDF.type, SKOS.ConceptScheme):
        schemes.setdefault("lp:" + str(scheme)[len(LP):], set())
    return {name: frozenset(names) for name, names in schemes.items()}
