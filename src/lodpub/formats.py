"""Every format lodpub reads, writes or serves, in one table: media types, extensions, names.

Three enums, the first two as pyoxigraph has them: ``RdfFormat`` (RDF
serialisations), ``ResultsFormat`` (SPARQL query results) and ``PageFormat``
(HTML, the site's pages). Each member carries

- ``media_type``, and ``aliases``: other media types clients send for it;
- ``extension`` and ``label`` (for people: links, lists of formats);
- ``names``: the short names that name it (the SPARQL ``format=`` parameter, the
  endpoint's jobs, the command line), ``short_name`` first;
- ``format_iri``: its IRI under http://www.w3.org/ns/formats/, when it has one;
- its names in the engines (pyoxigraph's and rdflib's), and whether it holds
  named graphs.

Modules that choose a format (content negotiation, ``format=``, file names) keep
only the choice, and read the rest here.

>>> [(item.extension, item.label) for item in RdfFormat]
[('ttl', 'Turtle'), ('nt', 'N-Triples'), ('nq', 'N-Quads'), ('trig', 'TriG'), ('jsonld', 'JSON-LD'), ('rdf', 'RDF/XML')]
>>> [(item.short_name, item.media_type) for item in ResultsFormat]  # doctest: +NORMALIZE_WHITESPACE
[('json', 'application/sparql-results+json'), ('xml', 'application/sparql-results+xml'),
 ('csv', 'text/csv'), ('tsv', 'text/tab-separated-values')]
>>> RdfFormat.TURTLE.media_types, RdfFormat.TURTLE.names
(('text/turtle', 'application/x-turtle', 'application/turtle'), ('ttl', 'turtle', 'n3'))
>>> RdfFormat.RDFXML.format_iri, ResultsFormat.TSV.format_iri, PageFormat.HTML.format_iri
('http://www.w3.org/ns/formats/RDF_XML', 'http://www.w3.org/ns/formats/SPARQL_Results_TSV', None)
>>> [item.name for item in RdfFormat if item.has_graphs]
['NQUADS', 'TRIG', 'JSONLD']
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

#: The namespace of the W3C's format IRIs (``void:feature``, ``sd:resultFormat``).
W3C_FORMATS = "http://www.w3.org/ns/formats/"
#: The media type of a gzip file: what a compressed dump is sent as, its ``dcat:compressFormat``.
GZIP = "application/gzip"


@dataclass(frozen=True)
class _Row:
    media_type: str
    extension: str
    label: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    w3c_name: str | None = None
    oxigraph_name: str | None = None
    rdflib_name: str | None = None
    has_graphs: bool = False


class _Table(Enum):
    """The columns every format has; the enums below are its rows."""

    def __init__(self, row: _Row):
        self.media_type = row.media_type
        self.extension = row.extension
        self.label = row.label
        self.aliases = row.aliases
        self.names = row.names
        self.w3c_name = row.w3c_name
        self.oxigraph_name = row.oxigraph_name
        self.rdflib_name = row.rdflib_name
        self.has_graphs = row.has_graphs

    @property
    def media_types(self) -> tuple[str, ...]:
        """Its media type, then its aliases."""
        return (self.media_type, *self.aliases)

    @property
    def short_name(self) -> str:
        return self.names[0]

    @property
    def format_iri(self) -> str | None:
        return W3C_FORMATS + self.w3c_name if self.w3c_name else None

    @classmethod
    def from_extension(cls, extension: str):
        for item in cls:
            if item.extension == extension.lstrip("."):
                return item
        raise ValueError(f"no {cls.__name__} has the extension {extension!r}")

    @classmethod
    def from_media_type(cls, media_type: str):
        """Return the format whose media type (not alias) is *media_type*, parameters aside."""
        bare = media_type.split(";", 1)[0].strip().lower()
        for item in cls:
            if item.media_type == bare:
                return item
        raise ValueError(f"no {cls.__name__} has the media type {media_type!r}")


class RdfFormat(_Table):
    """An RDF serialisation lodpub reads or writes.

    >>> RdfFormat.from_extension("ttl").media_type
    'text/turtle'
    >>> RdfFormat.from_media_type("application/ld+json; charset=utf-8").name
    'JSONLD'
    """

    TURTLE = _Row("text/turtle", "ttl", "Turtle", ("application/x-turtle", "application/turtle"),
                  ("ttl", "turtle", "n3"), "Turtle", "TURTLE", "turtle")
    NTRIPLES = _Row("application/n-triples", "nt", "N-Triples", ("text/plain",),
                    ("nt", "ntriples", "n-triples"), "N-Triples", "N_TRIPLES", "nt")
    NQUADS = _Row("application/n-quads", "nq", "N-Quads", (), ("nq",), "N-Quads", "N_QUADS",
                  "nquads", has_graphs=True)
    TRIG = _Row("application/trig", "trig", "TriG", (), ("trig",), "TriG", "TRIG", "trig",
                has_graphs=True)
    JSONLD = _Row("application/ld+json", "jsonld", "JSON-LD", (), ("jsonld", "json-ld", "json"),
                  "JSON-LD", "JSON_LD", "json-ld", has_graphs=True)
    RDFXML = _Row("application/rdf+xml", "rdf", "RDF/XML", ("application/xml", "text/xml"),
                  ("rdf", "rdf+xml", "xml"), "RDF_XML", "RDF_XML", "xml")

    @property
    def oxigraph(self):
        """pyoxigraph's ``RdfFormat``."""
        import pyoxigraph

        return getattr(pyoxigraph.RdfFormat, self.oxigraph_name)


class ResultsFormat(_Table):
    """A format of SPARQL query results (SELECT and ASK).

    >>> ResultsFormat.from_extension("srj").label
    'SPARQL JSON'
    """

    JSON = _Row("application/sparql-results+json", "srj", "SPARQL JSON", ("application/json",),
                ("json",), "SPARQL_Results_JSON", "JSON")
    XML = _Row("application/sparql-results+xml", "srx", "SPARQL XML", ("application/xml", "text/xml"),
               ("xml",), "SPARQL_Results_XML", "XML")
    CSV = _Row("text/csv", "csv", "CSV", (), ("csv",), "SPARQL_Results_CSV", "CSV")
    TSV = _Row("text/tab-separated-values", "tsv", "TSV", (), ("tsv",), "SPARQL_Results_TSV", "TSV")

    @property
    def oxigraph(self):
        """pyoxigraph's ``QueryResultsFormat``."""
        import pyoxigraph

        return getattr(pyoxigraph.QueryResultsFormat, self.oxigraph_name)


class PageFormat(_Table):
    """The format of the site's own pages, offered beside a document's RDF formats."""

    HTML = _Row("text/html", "html", "HTML", (), ("html",))
