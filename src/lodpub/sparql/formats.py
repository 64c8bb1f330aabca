"""The formats the endpoint answers in: SPARQL results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE.

Their media types, aliases (other media types a client may ask for to get one)
and names (the values of the ``format`` parameter, with the ones SPARQLWrapper
sends) are ``lodpub.formats``'; this module chooses among them.
"""

from __future__ import annotations

from ..errors import BadQuery
from ..formats import RdfFormat, ResultsFormat

#: An answer format: SPARQL results or RDF.
OutputFormat = ResultsFormat | RdfFormat

SOLUTION_FORMATS = (ResultsFormat.JSON, ResultsFormat.XML, ResultsFormat.CSV, ResultsFormat.TSV)
GRAPH_FORMATS = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.NTRIPLES, RdfFormat.RDFXML)


def formats_for(returns_graph: bool) -> tuple[OutputFormat, ...]:
    return GRAPH_FORMATS if returns_graph else SOLUTION_FORMATS


def by_name(values: list[str], returns_graph: bool) -> OutputFormat:
    """Return the format the first fitting value of the ``format`` parameter asks for.

    A value is a format's name or media type; several values are allowed, as
    some clients send both (``format=tsv&format=text/tab-separated-values``).

    >>> by_name(["csv"], returns_graph=False).media_type
    'text/csv'
    >>> by_name(["json-ld", "application/ld+json"], returns_graph=True).short_name
    'jsonld'
    >>> by_name(["application/json"], returns_graph=False).label
    'SPARQL JSON'
    >>> by_name(["csv"], returns_graph=True)
    Traceback (most recent call last):
    lodpub.errors.BadQuery: the format parameter 'csv' does not apply to CONSTRUCT and DESCRIBE results; use one of: ttl, jsonld, nt, rdf
    """
    offered = formats_for(returns_graph)
    for value in values:
        for item in offered:
            if is_named(item, value.strip().lower()):
                return item
    kind = "CONSTRUCT and DESCRIBE" if returns_graph else "SELECT and ASK"
    raise BadQuery(f"the format parameter {', '.join(map(repr, values))} does not apply to {kind} "
                   f"results; use one of: {', '.join(item.short_name for item in offered)}")


def by_media_type(media_type: str, returns_graph: bool) -> OutputFormat:
    for item in formats_for(returns_graph):
        if media_type in item.media_types:
            return item
    raise KeyError(media_type)


def is_named(item: OutputFormat, value: str) -> bool:
    """True when *value* (of the ``format`` parameter) is one of *item*'s names or media types.

    >>> is_named(RdfFormat.TURTLE, "n3"), is_named(RdfFormat.TURTLE, "text/turtle; charset=utf-8")
    (True, True)
    """
    return value in item.names or value.split(";", 1)[0].strip() in item.media_types
