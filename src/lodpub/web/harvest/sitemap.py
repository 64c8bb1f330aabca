"""``/sitemap.xml``: every HTML page, with the time its content last changed (sitemaps.org 0.9).

A document's ``lastmod`` is the time of the last recorded change of the resource
it describes (the event log, not the build time, so a rebuild of unchanged
content does not send crawlers back); a named graph's is the latest of its
resources'. Over 50,000 pages, ``/sitemap.xml`` becomes an index of
``/sitemap/{n}.xml`` files of at most 50,000 pages each.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import quote

from flask import Response

from ...errors import NotFound
from ...publish.changelog import DATA
from ...publish.harvest import timestamp
from ..resources.documents import GRAPH, location
from ..resources.state import state
from ..site.current import current_site
from .state import harvest_state

SITEMAPS = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000
SITE_PAGES = ("", "sparql", "ontology", "shapes")


def sitemap() -> Response:
    return _response(0)


def sitemap_part(number: int) -> Response:
    if number < 1:
        raise NotFound(f"there is no sitemap part {number}", hint="start at /sitemap.xml")
    return _response(number)


def _response(number: int) -> Response:
    """Answer with sitemap *number* (0: the sitemap or its index), made once per worker."""
    cache = harvest_state().sitemaps
    if number not in cache:
        cache[number] = _render(number)
    return Response(cache[number], mimetype="application/xml")


def _render(number: int) -> bytes:
    pages = _list_pages()
    if number == 0 and len(pages) <= MAX_URLS:
        return _xml(_urlset(pages))
    if number == 0:
        index = ET.Element(_tag("sitemapindex"))
        base = _url(current_site().base)
        for part in range(1, (len(pages) + MAX_URLS - 1) // MAX_URLS + 1):
            item = ET.SubElement(index, _tag("sitemap"))
            ET.SubElement(item, _tag("loc")).text = f"{base}sitemap/{part}.xml"
            chunk = pages[(part - 1) * MAX_URLS:part * MAX_URLS]
            ET.SubElement(item, _tag("lastmod")).text = max(lastmod for _, lastmod in chunk)
        return _xml(index)
    chunk = pages[(number - 1) * MAX_URLS:number * MAX_URLS]
    if len(pages) <= MAX_URLS or not chunk:
        raise NotFound(f"there is no sitemap part {number}", hint="start at /sitemap.xml")
    return _xml(_urlset(chunk))


def _list_pages() -> list[tuple[str, str]]:
    """Return (absolute URL, lastmod) of every HTML page, site pages first."""
    site, index = current_site(), state().index
    generated = timestamp(dt.datetime.fromisoformat(site.build.manifest["generated"]))
    changed = harvest_state().log.last_changed(DATA)
    by_graph = {document["graph"]: document["subjects"] for document in site.build.manifest["documents"]}
    newest = max(changed.values(), default=generated)
    base = _url(site.base)
    pages = [(base + path, newest if path == "" else generated) for path in SITE_PAGES]
    for document in sorted(index.documents):
        if document.startswith(site.base + GRAPH):
            times = [changed[iri] for iri in by_graph.get(document, ()) if iri in changed]
            lastmod = max(times, default=generated)
        else:
            lastmod = changed.get(document, generated)
        pages.append((base.rstrip("/") + location(index.path_of(document)) + ".html", lastmod))
    return pages


def _urlset(pages: list[tuple[str, str]]) -> ET.Element:
    urlset = ET.Element(_tag("urlset"))
    for url, lastmod in pages:
        item = ET.SubElement(urlset, _tag("url"))
        ET.SubElement(item, _tag("loc")).text = url
        ET.SubElement(item, _tag("lastmod")).text = lastmod
    return urlset


def _xml(element: ET.Element) -> bytes:
    ET.register_namespace("", SITEMAPS)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="utf-8")


def _url(base: str) -> str:
    """Return *base* with any non-ASCII character %-escaped, as sitemaps require."""
    return quote(base, safe=":/%@!$&'()*+,;=-._~[]")


def _tag(name: str) -> str:
    return f"{{{SITEMAPS}}}{name}"
