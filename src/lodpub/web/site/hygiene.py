"""HTTP hygiene for every response: validators, 304, caching, gzip, CORS.

- A strong ``ETag`` (a digest of the bytes sent) and ``Last-Modified`` (the time the
  build was made) on every successful GET; ``304 Not Modified`` for ``If-None-Match``
  or ``If-Modified-Since`` that still hold.
- ``Cache-Control``: public for ``server.cache_seconds`` on success; errors are not stored.
- gzip for text, RDF, JSON and XML when the client accepts it (never for what is already
  compressed or streamed), with ``Vary: Accept-Encoding``; the gzip bytes have their own ETag.
- Redirects that Werkzeug's routing makes to normalise a path (merged slashes, a
  trailing slash) are relative and ``no-store``: their absolute form would carry the
  client's ``Host`` header, and a shared cache could hand it to everyone.
- ``Access-Control-Allow-Origin: *``: the data is public and read-only, so any web
  page may read it; no credentials are involved. Preflights may send the headers
  content negotiation and conditional requests use.
"""

from __future__ import annotations

import gzip
import hashlib
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Response, request
from werkzeug.routing import RequestRedirect
from werkzeug.utils import redirect

from ...formats import RdfFormat, ResultsFormat
from .current import current_site

#: Beside text/*: every RDF and SPARQL results format, and these.
COMPRESSIBLE = {item.media_type for item in (*RdfFormat, *ResultsFormat)} | {
    "application/json", "application/xml", "application/atom+xml", "image/svg+xml",
    "application/javascript"}
MIN_GZIP_BYTES = 256
EXPOSED = "ETag, Link, Location, Vary, Content-Location"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since"


def register(blueprint: Blueprint) -> None:
    """Finish every response of the app through :func:`finish`."""
    blueprint.after_app_request(finish)


def compressible(mimetype: str | None) -> bool:
    """Return True for media types worth compressing.

    >>> compressible("text/turtle"), compressible("application/gzip")
    (True, False)
    """
    return bool(mimetype) and (mimetype.startswith("text/") or mimetype in COMPRESSIBLE)


def finish(response: Response) -> Response:
    """Add caching, compression, validators and CORS headers; answer 304 when the client is current."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    exposed = response.headers.get("Access-Control-Expose-Headers")
    response.headers["Access-Control-Expose-Headers"] = f"{EXPOSED}, {exposed}" if exposed else EXPOSED
    if request.method == "OPTIONS":  # a CORS preflight
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
        return response
    if isinstance(request.routing_exception, RequestRedirect):
        target = relative(response.headers.get("Location", "/"))
        response.headers["Location"] = target
        response.set_data(redirect(target, response.status_code).get_data())  # its link too
        response.headers["Cache-Control"] = "no-store"
        return response
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = f"public, max-age={current_site().config['server.cache_seconds']}"
    if response.direct_passthrough or response.is_streamed:
        return response  # files and streams carry their own validators
    if compressible(response.mimetype):
        response.vary.add("Accept-Encoding")
        _gzip(response)
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        if not response.headers.get("ETag"):
            response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32])
        if "Last-Modified" not in response.headers:
            response.last_modified = current_site().generated
        response.make_conditional(request)
    return response


def relative(url: str) -> str:
    """Return *url* without its scheme and host: a path on whichever site was asked.

    >>> relative("http://evil.example/id/municipality/se-2460?x=1")
    '/id/municipality/se-2460?x=1'
    >>> relative("http://evil.example//evil.example/a")
    '/evil.example/a'
    """
    parts = urlsplit(url)
    path = "/" + parts.path.lstrip("/")  # never "//host": that is another site
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def _gzip(response: Response) -> None:
    if ("Content-Encoding" in response.headers or request.accept_encodings["gzip"] <= 0
            or response.status_code != 200):
        return
    data = response.get_data()
    if len(data) < MIN_GZIP_BYTES:
        return
    response.set_data(gzip.compress(data, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
