"""The SPARQL 1.1 Service Description of the endpoint, from the build's manifest."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from ..namespaces import FORMATS, ONTOLOGY_IRI, SD, bind_prefixes
from .formats import GRAPH_FORMATS, SOLUTION_FORMATS
from .limits import Limits

SIMPLE_ENTAILMENT = URIRef("http://www.w3.org/ns/entailment/Simple")
#: Named graphs listed one by one; a larger dataset states only how many there are.
MAX_LISTED_GRAPHS = 1000


def graph_sizes(manifest: dict) -> dict[str, int]:
    """Return named graph IRI → triples, for every graph of a build (the ontology included)."""
    sizes = {document["graph"]: document["triples"] for document in manifest["documents"]}
    ontology = manifest.get("storeTriples", manifest["triples"]) - manifest["triples"]
    if ontology > 0:
        sizes[ONTOLOGY_IRI] = ontology
    return sizes


def service_description(endpoint: str, manifest: dict, default_graph_triples: int,
                        limits: Limits, titles: dict[str, str]) -> Graph:
    """Describe the endpoint at *endpoint*: language, formats, features, dataset and limits."""
    graph = bind_prefixes(Graph())
    graph.bind("sd", SD)
    graph.bind("formats", FORMATS)
    service = URIRef(f"{endpoint}#service")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, URIRef(endpoint)))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    graph.add((service, SD.defaultEntailmentRegime, SIMPLE_ENTAILMENT))
    for fmt in SOLUTION_FORMATS + GRAPH_FORMATS:
        graph.add((service, SD.resultFormat, URIRef(fmt.format_iri)))
    for language, text in sorted(titles.items()):
        graph.add((service, DCTERMS.title, Literal(f"SPARQL endpoint: {text}", lang=language)))
    graph.add((service, RDFS.comment, Literal(
        "Read-only SPARQL 1.1 Query endpoint. The default graph is the union of all named graphs: "
        "each holds the statements of one source document (GRAPH ?g tells which), and one, "
        f"<{ONTOLOGY_IRI}>, the ontology. FROM, FROM NAMED, default-graph-uri and named-graph-uri "
        "choose among them; a graph not among them is read as empty, never fetched. "
        "SERVICE, LOAD and updates are refused. "
        f"Limits: a query runs at most {limits.timeout:g} s (setting sparql.timeout), returns at "
        f"most {limits.max_rows} rows or triples (sparql.max_rows; a cut is signalled by the "
        "Lodpub-Result-Truncated header and a note in the result) and has at most "
        f"{limits.max_query_length} characters (sparql.max_query_length).", lang="en")))
    dataset = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    graph.add((default, VOID.triples, Literal(default_graph_triples, datatype=XSD.integer)))
    sizes = graph_sizes(manifest)
    graph.add((dataset, VOID.triples, Literal(sum(sizes.values()), datatype=XSD.integer)))
    if len(sizes) > MAX_LISTED_GRAPHS:
        graph.add((dataset, RDFS.comment, Literal(
            f"{len(sizes)} named graphs, one per source document; too many to list here.",
            lang="en")))
        return graph
    for iri, triples in sorted(sizes.items()):
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, URIRef(iri)))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return graph
