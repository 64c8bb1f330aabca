"""The embed API: an article's schema.org JSON-LD, found by the address of its page elsewhere.

A municipality's website already has the article's page; ``/embed?url=…`` answers the
object lodpub's own page embeds, for that website to print in its page's head. The
articles are found through a map from their ``schema:url`` to their documents, made once
per worker from one query (:class:`EmbedIndex`).

Addresses match when they are the same after :func:`url_key`: the scheme (``http`` or
``https``), the host's case, a default port, a trailing slash, the fragment and the
%-encoding of the path do not matter; the query string does, since it can name the page.
An exact match wins over a normalised one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

from ...namespaces import SCHEMA

#: The classes whose resources the embed API serves (what articles are mapped to).
EMBEDDED_TYPES = (SCHEMA.NewsArticle, SCHEMA.Article)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/-._~:@!$&'()*+,;="


def url_key(url: str) -> str | None:
    """Return what an address is matched by, or None when it is no web address.

    >>> url_key("https://www.Vannas.se/nyheter/a/")
    '//www.vannas.se/nyheter/a'
    >>> url_key("http://www.vannas.se:80/nyheter/a#top") == url_key("https://www.vannas.se/nyheter/a")
    True
    >>> url_key("https://kommun.example/nyheter/?id=7")
    '//kommun.example/nyheter?id=7'
    >>> url_key("https://kommun.example/V%C3%A4nn%C3%A4s") == url_key("https://kommun.example/Vännäs")
    True
    >>> url_key("mailto:a@b.example") is None
    True
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname
    if port is not None and port != _DEFAULT_PORTS[parts.scheme.lower()]:
        host += f":{port}"
    path = quote(unquote(parts.path), safe=_PATH_SAFE).rstrip("/")
    return f"//{host}{path}" + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class EmbedIndex:
    """The articles of one build by the address of their page: exact and normalised."""

    exact: dict[str, str]
    normalised: dict[str, str]
    #: document IRI → the first address it is published at
    addresses: dict[str, str]

    @classmethod
    def from_store(cls, store, documents) -> "EmbedIndex":
        """Map every ``schema:url`` of an article that *documents* serves to its document IRI."""
        types = " ".join(f"<{item}>" for item in EMBEDDED_TYPES)
        rows = store.query(f"SELECT DISTINCT ?s ?u WHERE {{ VALUES ?t {{ {types} }} "
                           f"?s a ?t ; <{SCHEMA.url}> ?u }}")
        pairs = sorted((row["u"].value, row["s"].value) for row in rows)
        exact: dict[str, str] = {}
        normalised: dict[str, str] = {}
        addresses: dict[str, str] = {}
        for url, iri in pairs:
            if iri not in documents:
                continue
            exact.setdefault(url, iri)
            addresses.setdefault(iri, url)
            key = url_key(url)
            if key is not None:
                normalised.setdefault(key, iri)
        return cls(exact, normalised, addresses)

    def find(self, url: str) -> str | None:
        """Return the document IRI of the article published at *url*, or None."""
        if url in self.exact:
            return self.exact[url]
        key = url_key(url)
        return self.normalised.get(key) if key is not None else None

    def url_of(self, document: str) -> str | None:
        """Return the address an article is published at elsewhere (its first), or None."""
        return self.addresses.get(document)


def script_element(json_text: str) -> str:
    """Return the ``<script>`` element that carries JSON-LD (already escaped for it) in a page."""
    return f'<script type="application/ld+json">\n{json_text}\n</script>\n'
