"""The formats the endpoint answers in: SPARQL results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BadQuery
from ..formats import RdfFormat


@dataclass(frozen=True)
class OutputFormat:
    """One answer format: its media type, the ``format`` parameter values that name it, aliases.

    *aliases* are other media types a client may ask for to get it; *names*
    other values of the ``format`` parameter (the ones SPARQLWrapper sends).
    """

    name: str
    media_type: str
    label: str
    aliases: tuple[str, ...] = ()
    rdf: RdfFormat | None = None
    names: tuple[str, ...] = ()

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)

    def is_named(self, value: str) -> bool:
        return value in (self.name, *self.names) or value.split(";", 1)[0].strip() in self.media_types


SOLUTION_FORMATS = (
    OutputFormat("json", "application/sparql-results+json", "SPARQL JSON", ("application/json",)),
    OutputFormat("xml", "application/sparql-results+xml", "SPARQL XML", ("application/xml", "text/xml")),
    OutputFormat("csv", "text/csv", "CSV"),
    OutputFormat("tsv", "text/tab-separated-values", "TSV"),
)
GRAPH_FORMATS = (
    OutputFormat("ttl", RdfFormat.TURTLE.media_type, "Turtle", ("application/x-turtle", "application/turtle"),
                 RdfFormat.TURTLE, ("turtle", "n3")),
    OutputFormat("jsonld", RdfFormat.JSONLD.media_type, "JSON-LD", (), RdfFormat.JSONLD,
                 ("json-ld", "json")),
    OutputFormat("nt", RdfFormat.NTRIPLES.media_type, "N-Triples", ("text/plain",), RdfFormat.NTRIPLES,
                 ("ntriples", "n-triples")),
    OutputFormat("rdf", RdfFormat.RDFXML.media_type, "RDF/XML", ("application/xml", "text/xml"),
                 RdfFormat.RDFXML, ("rdf+xml", "xml")),
)
#: W3C format IRIs (http://www.w3.org/ns/formats/) of every answer format, for the service description.
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples",
    "rdf": "RDF_XML",
}


def formats_for(returns_graph: bool) -> tuple[OutputFormat, ...]:
    return GRAPH_FORMATS if returns_graph else SOLUTION_FORMATS


def by_name(values: list[str], returns_graph: bool) -> OutputFormat:
    """Return the format the first fitting value of the ``format`` parameter asks for.

    A value is a format's name or media type; several values are allowed, as
    some clients send both (``format=tsv&format=text/tab-separated-values``).

    >>> by_name(["csv"], returns_graph=False).media_type
    'text/csv'
    >>> by_name(["json-ld", "application/ld+json"], returns_graph=True).name
    'jsonld'
    >>> by_name(["csv"], returns_graph=True)
    Traceback (most recent call last):
    lodpub.errors.BadQuery: the format parameter 'csv' does not apply to CONSTRUCT and DESCRIBE results; use one of: ttl, jsonld, nt, rdf
    """
    offered = formats_for(returns_graph)
    for value in values:
        for item in offered:
            if item.is_named(value.strip().lower()):
                return item
    kind = "CONSTRUCT and DESCRIBE" if returns_graph else "SELECT and ASK"
    raise BadQuery(f"the format parameter {', '.join(map(repr, values))} does not apply to {kind} "
                   f"results; use one of: {', '.join(item.name for item in offered)}")


def by_media_type(media_type: str, returns_graph: bool) -> OutputFormat:
    for item in formats_for(returns_graph):
        if media_type in item.media_types:
            return item
    raise KeyError(media_type)
