"""The representations of a document: four RDF formats and HTML, chosen by extension or Accept.

A representation is a format of ``lodpub.formats`` (its media type, extension and
label are there); this module chooses among them.
"""

from __future__ import annotations

from ...errors import NotFound
from ...formats import PageFormat, RdfFormat
from .negotiation import negotiate

#: A way to answer for a document: an RDF format, or HTML.
Representation = RdfFormat | PageFormat

TURTLE, JSONLD, NTRIPLES, RDFXML = RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.NTRIPLES, RdfFormat.RDFXML
HTML = PageFormat.HTML

#: In the order clients are offered them; Turtle answers ``*/*`` and a missing Accept.
REPRESENTATIONS = (TURTLE, JSONLD, NTRIPLES, RDFXML, HTML)
BY_EXTENSION = {item.extension: item for item in REPRESENTATIONS}


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
    return by_accept(offered)


def by_accept(offered: tuple[Representation, ...]) -> Representation:
    """Return the offered format the client's Accept prefers; the first answers ``*/*``.

    A format's aliases count as asking for it: ``text/plain``, N-Triples' historical
    media type (what rdflib sends for ``format="nt"``), gets N-Triples, sent as
    ``application/n-triples``.
    """
    by_type = {media_type: item for item in offered for media_type in item.media_types}
    return by_type[negotiate(list(by_type), offered[0].media_type, [item.media_type for item in offered])]


def link_header(path: str, offered: tuple[Representation, ...] = REPRESENTATIONS) -> str:
    """Return a ``Link`` header value naming every representation of the document at *path*."""
    return ", ".join(f'<{path}.{item.extension}>; rel="alternate"; type="{item.media_type}"'
                     for item in offered)
