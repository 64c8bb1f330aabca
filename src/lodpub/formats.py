"""RDF formats: media type, file extension and engine names, in one table."""

from __future__ import annotations

from enum import Enum


class RdfFormat(Enum):
    """An RDF serialisation lodpub reads or writes.

    >>> RdfFormat.from_extension("ttl").media_type
    'text/turtle'
    >>> RdfFormat.from_media_type("application/ld+json; charset=utf-8").name
    'JSONLD'
    """

    TURTLE = ("text/turtle", "ttl", "TURTLE", "turtle", False)
    NTRIPLES = ("application/n-triples", "nt", "N_TRIPLES", "nt", False)
    NQUADS = ("application/n-quads", "nq", "N_QUADS", "nquads", True)
    TRIG = ("application/trig", "trig", "TRIG", "trig", True)
    JSONLD = ("application/ld+json", "jsonld", "JSON_LD", "json-ld", True)
    RDFXML = ("application/rdf+xml", "rdf", "RDF_XML", "xml", False)

    def __init__(self, media_type, extension, oxigraph_name, rdflib_name, has_graphs):
        self.media_type = media_type
        self.extension = extension
        self.oxigraph_name = oxigraph_name
        self.rdflib_name = rdflib_name
        self.has_graphs = has_graphs

    @property
    def oxigraph(self):
        import pyoxigraph

        return getattr(pyoxigraph.RdfFormat, self.oxigraph_name)

    @classmethod
    def from_extension(cls, extension: str) -> "RdfFormat":
        for item in cls:
            if item.extension == extension.lstrip("."):
                return item
        raise ValueError(f"no RDF format has the extension {extension!r}")

    @classmethod
    def from_media_type(cls, media_type: str) -> "RdfFormat":
        bare = media_type.split(";", 1)[0].strip().lower()
        for item in cls:
            if item.media_type == bare:
                return item
        raise ValueError(f"no RDF format has the media type {media_type!r}")
