"""Which documents the site serves: IRIs under the base, their ``/doc/`` paths, and the withdrawn.

A *document* describes one thing (``{base}id/{type}/{key}``, together with its hash
IRIs such as ``…#quote-1``) or one named graph (``{base}graph/{slug}``). Things are
found at ``/id/…`` and described at ``/doc/{type}/{key}``; named graphs are found at
``/graph/…`` and described at ``/doc/graph/{slug}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ...iri import graph_iri, thing_iri

GRAPH = "graph/"
THING = "id/"

# Characters a path keeps as they are in a Location header; '%' stays, so the
# escapes an IRI already holds (``%20``) are not escaped twice.
_PATH_SAFE = "/%-._~:@!$&'()*+,;="


def location(path: str) -> str:
    """Return *path* as ASCII for a header: non-ASCII characters become UTF-8 %-escapes.

    >>> location("/doc/place/Vännäs%20kommun")
    '/doc/place/V%C3%A4nn%C3%A4s%20kommun'
    """
    return quote(path, safe=_PATH_SAFE)


@dataclass(frozen=True)
class DocumentIndex:
    """The documents of one build: document IRI → the IRIs described on it."""

    base: str
    documents: dict[str, tuple[str, ...]]
    withdrawn: dict[str, str]

    @classmethod
    def from_store(cls, store, base: str, withdrawn: dict[str, str]) -> "DocumentIndex":
        """Index every IRI under *base* that the store holds as a subject.

        Every IRI under the base that lodpub's data refers to is described (the
        references are checked when the project is read), so the subjects are all.
        """
        documents: dict[str, list[str]] = {}
        prefix = "<" + base  # how an IRI under the base prints; blank nodes print as _:…
        for row in store.query("SELECT DISTINCT ?x WHERE { GRAPH ?g { ?x ?p ?o } }"):
            term = str(row["x"])  # filtering here is faster than STRSTARTS in the query
            if term.startswith(prefix):
                iri = term[1:-1]
                document = document_iri(iri, base)
                if document is not None:
                    documents.setdefault(document, []).append(iri)
        return cls(base, {document: tuple(sorted(iris, key=lambda iri: (iri != document, iri)))
                          for document, iris in documents.items()}, withdrawn)

    def iri_of(self, key: str) -> str:
        """Return the document IRI for the decoded path *key* after ``/doc/`` (or ``/id/``)."""
        if key.startswith(GRAPH):
            return graph_iri(self.base, key[len(GRAPH):])
        kind, _, rest = key.partition("/")
        return thing_iri(self.base, kind, rest)

    def path_of(self, document: str) -> str:
        """Return the ``/doc/`` path of a document IRI (in IRI form: non-ASCII unescaped)."""
        rest = document[len(self.base):]
        return "/doc/" + (rest[len(THING):] if rest.startswith(THING) else rest)

    def page_of(self, iri: str) -> str | None:
        """Return the ``/doc/…`` path (with any fragment) where *iri* is described, or None."""
        document = document_iri(iri, self.base)
        if document is None or document not in self.documents:
            return None
        fragment = iri[len(document):]
        return self.path_of(document) + fragment


def document_iri(iri: str, base: str) -> str | None:
    """Return the IRI of the document that describes *iri*, or None when it is not served here.

    >>> document_iri("https://d.org/id/article/x#quote-1", "https://d.org/")
    'https://d.org/id/article/x'
    >>> document_iri("https://d.org/graph/articles/x", "https://d.org/")
    'https://d.org/graph/articles/x'
    >>> document_iri("https://d.org/catalog", "https://d.org/") is None
    True
    """
    if not iri.startswith(base):
        return None
    rest = iri[len(base):]
    if not rest.startswith((THING, GRAPH)) or rest in (THING, GRAPH):
        return None
    return base + rest.split("#", 1)[0]
