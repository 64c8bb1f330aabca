"""The formats the endpoint answers in: SPARQL results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import BadQuery
from ..formats import RdfFormat


@dataclass(frozen=True)
class OutputFormat:
    """One answer format: its media type, the ``format`` parameter that names it, and aliases.

    *aliases* are other media types a client may ask for to get it.
    """

    name: str
    media_type: str
    label: str
    aliases: tuple[str, ...] = ()
    rdf: RdfFormat | None = None

    @property
    def media_types(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


SOLUTION_FORMATS = (
    OutputFormat("json", "application/sparql-results+json", "SPARQL JSON", ("application/json",)),
    OutputFormat("xml", "application/sparql-results+xml", "SPARQL XML", ("application/xml", "text/xml")),
    OutputFormat("csv", "text/csv", "CSV"),
    OutputFormat("tsv", "text/tab-separated-values", "TSV"),
)
GRAPH_FORMATS = (
    OutputFormat("ttl", RdfFormat.TURTLE.media_type, "Turtle", ("application/x-turtle", "application/turtle"),
                 RdfFormat.TURTLE),
    OutputFormat("jsonld", RdfFormat.JSONLD.media_type, "JSON-LD", (), RdfFormat.JSONLD),
    OutputFormat("nt", RdfFormat.NTRIPLES.media_type, "N-Triples", ("text/plain",), RdfFormat.NTRIPLES),
    OutputFormat("rdf", RdfFormat.RDFXML.media_type, "RDF/XML", ("application/xml", "text/xml"),
                 RdfFormat.RDFXML),
)
#: W3C format IRIs (http://www.w3.org/ns/formats/) of every answer format, for the service description.
FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML", "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV", "ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples",
    "rdf": "RDF_XML",
}


def formats_for(returns_graph: bool) -> tuple[OutputFormat, ...]:
    return GRAPH_FORMATS if returns_graph else SOLUTION_FORMATS


def by_name(name: str, returns_graph: bool) -> OutputFormat:
    """Return the format the ``format`` parameter *name* asks for.

    >>> by_name("csv", returns_graph=False).media_type
    'text/csv'
    >>> by_name("csv", returns_graph=True)
    Traceback (most recent call last):
    lodpub.errors.BadQuery: the format parameter 'csv' does not apply to CONSTRUCT and DESCRIBE results; use one of: ttl, jsonld, nt, rdf
    """
    offered = formats_for(returns_graph)
    for item in offered:
        if item.name == name:
            return item
    kind = "CONSTRUCT and DESCRIBE" if returns_graph else "SELECT and ASK"
    raise BadQuery(f"the format parameter {name!r} does not apply to {kind} results; "
                   f"use one of: {', '.join(item.name for item in offered)}")


def by_media_type(media_type: str, returns_graph: bool) -> OutputFormat:
    for item in formats_for(returns_graph):
        if media_type in item.media_types:
            return item
    raise KeyError(media_type)
