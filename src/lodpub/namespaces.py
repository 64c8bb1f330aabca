"""Every namespace lodpub writes, bound to its prefix in one place."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

LP = Namespace("https://w3id.org/lodpub/ns#")
SCHEMA = Namespace("http://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
PERSON = Namespace("http://www.w3.org/ns/person#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

ONTOLOGY_IRI = "https://w3id.org/lodpub/ns"

PREFIXES: dict[str, Namespace] = {
    "lp": LP,
    "schema": SCHEMA,
    "org": ORG,
    "cv": CV,
    "person": PERSON,
    "prov": PROV,
    "skos": SKOS,
    "dct": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "sh": SH,
    "vann": VANN,
}


def bind_prefixes(graph, base: str | None = None):
    """Bind lodpub's prefixes on *graph* (replacing rdflib's defaults) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    if base:
        graph.bind("id", Namespace(base + "id/"), override=True, replace=True)
    return graph
