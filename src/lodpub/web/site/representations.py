"""The representations of a document: four RDF formats and HTML, chosen by extension or Accept."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import NotFound
from ...formats import RdfFormat
from .negotiation import negotiate


@dataclass(frozen=True)
class Representation:
    """One way to answer for a document: its media type, extension and RDF format (None: HTML)."""

    media_type: str
    extension: str
    label: str
    rdf: RdfFormat | None = None

    @property
    def is_html(self) -> bool:
        return self.rdf is None


TURTLE = Representation("text/turtle", "ttl", "Turtle", RdfFormat.TURTLE)
JSONLD = Representation("application/ld+json", "jsonld", "JSON-LD", RdfFormat.JSONLD)
NTRIPLES = Representation("application/n-triples", "nt", "N-Triples", RdfFormat.NTRIPLES)
RDFXML = Representation("application/rdf+xml", "rdf", "RDF/XML", RdfFormat.RDFXML)
HTML = Representation("text/html", "html", "HTML")

#: In the order clients are offered them; Turtle answers ``*/*`` and a missing Accept.
REPRESENTATIONS = (TURTLE, JSONLD, NTRIPLES, RDFXML, HTML)
BY_EXTENSION = {item.extension: item for item in REPRESENTATIONS}
BY_MEDIA_TYPE = {item.media_type: item for item in REPRESENTATIONS}


def split_extension(key: str, exists) -> tuple[str, Representation | None]:
    """Split ``article/x.ttl`` into ``("article/x", TURTLE)``.

    A key that names a document as it is (*exists(key)* is true) keeps its dots.
    """
    stem, dot, extension = key.rpartition(".")
    if dot and extension in BY_EXTENSION and "/" not in extension and not exists(key):
        return stem, BY_EXTENSION[extension]
    return key, None


def choose(explicit: Representation | None,
           offered: tuple[Representation, ...] = REPRESENTATIONS) -> Representation:
    """Return the representation to answer with: the extension's, else the best for Accept."""
    if explicit is not None:
        if explicit not in offered:
            raise NotFound(f"no .{explicit.extension} representation here; available: "
                           + ", ".join("." + item.extension for item in offered))
        return explicit
    return BY_MEDIA_TYPE[negotiate([item.media_type for item in offered], offered[0].media_type)]


def link_header(path: str, offered: tuple[Representation, ...] = REPRESENTATIONS) -> str:
    """Return a ``Link`` header value naming every representation of the document at *path*."""
    return ", ".join(f'<{path}.{item.extension}>; rel="alternate"; type="{item.media_type}"'
                     for item in offered)
