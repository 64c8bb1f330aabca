"""Mint the IRIs of things, documents and named graphs under a project's base."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters kept as they are in a path segment: unreserved, '/', and every non-ASCII
# character (IRIs, RFC 3987, allow them; Vännäs and Слобожанське stay readable).
_SAFE = "/-._~:@!$&'()*+,;="


_PLAIN = re.compile(r"[A-Za-z0-9/._~-]*")


def _escape(key: str) -> str:
    if _PLAIN.fullmatch(key):  # most keys: nothing to escape
        return key
    return "".join(ch if ord(ch) > 127 else quote(ch, safe=_SAFE) for ch in key)


def thing_iri(base: str, kind: str, key: str) -> str:
    """Return the IRI of a thing.

    >>> thing_iri("https://data.example.org/", "municipality", "se-2460")
    'https://data.example.org/id/municipality/se-2460'
    >>> thing_iri("http://localhost:8000/", "place", "Vännäs kommun")
    'http://localhost:8000/id/place/Vännäs%20kommun'
    """
    return f"{base}id/{kind}/{_escape(key)}"


def graph_iri(base: str, document_slug: str) -> str:
    """Return the IRI of the named graph of one source document.

    >>> graph_iri("https://data.example.org/", "articles/2023-06-22-news")
    'https://data.example.org/graph/articles/2023-06-22-news'
    """
    return f"{base}graph/{_escape(document_slug)}"
