"""Blueprint: what harvesters, feed readers and crawlers fetch.

- ``/catalog``: the DCAT-AP catalog (Turtle, RDF/XML, JSON-LD, N-Triples; also
  ``/catalog.rdf`` and the like; ``?profile=dcat-ap-2.1.1`` for DCAT-AP 2.1.1's
  typing), and ``/.well-known/void``, the VoID description;
- ``/download/<name>``: the dumps;
- ``/feed.atom``: the newest articles;
- ``/ldes`` and ``/catalog/feed``: the event streams of the resources and of the catalog;
- ``/sitemap.xml``: every HTML page.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from ...errors import BadQuery, NotFound
from ...publish.changelog import CATALOG, DATA
from ..site.representations import BY_EXTENSION, JSONLD, NTRIPLES, RDFXML, TURTLE, choose, link_header
from . import atom, downloads, ldes, sitemap
from .state import CATALOG as CATALOG_DOCUMENT
from .state import DCAT_AP_2, DCAT_AP_3, VOID, harvest_state

blueprint = Blueprint("harvest", __name__)

RDF_FORMATS = (TURTLE, RDFXML, JSONLD, NTRIPLES)
PROFILES = (DCAT_AP_3, DCAT_AP_2)


@blueprint.get("/catalog")
def catalog():
    return _rdf_document(CATALOG_DOCUMENT, "/catalog", profile=_profile())


@blueprint.get("/catalog.<extension>")
def catalog_format(extension: str):
    return _rdf_document(CATALOG_DOCUMENT, "/catalog", extension, _profile())


@blueprint.get("/.well-known/void")
def void():
    return _rdf_document(VOID, "/.well-known/void")


@blueprint.get("/.well-known/void.<extension>")
def void_format(extension: str):
    return _rdf_document(VOID, "/.well-known/void", extension)


@blueprint.get("/download/<name>")
def download(name: str):
    return downloads.download(name)


@blueprint.get("/feed.atom")
def feed():
    return atom.feed()


@blueprint.get("/ldes")
def data_stream():
    return ldes.root(ldes.STREAMS[DATA])


@blueprint.get("/ldes/page/<int:number>")
def data_page(number: int):
    return ldes.page(ldes.STREAMS[DATA], number)


@blueprint.get("/ldes/event/<int:seq>")
def data_event(seq: int):
    return ldes.member(ldes.STREAMS[DATA], seq)


@blueprint.get("/catalog/feed")
def catalog_stream():
    return ldes.root(ldes.STREAMS[CATALOG])


@blueprint.get("/catalog/feed/page/<int:number>")
def catalog_page(number: int):
    return ldes.page(ldes.STREAMS[CATALOG], number)


@blueprint.get("/catalog/feed/event/<int:seq>")
def catalog_event(seq: int):
    return ldes.member(ldes.STREAMS[CATALOG], seq)


@blueprint.get("/sitemap.xml")
def sitemap_index():
    return sitemap.sitemap()


@blueprint.get("/sitemap/<int:number>.xml")
def sitemap_part(number: int):
    return sitemap.sitemap_part(number)


def _profile() -> str | None:
    """The DCAT-AP version asked for with ``?profile=``: 3 (the default) or 2.1.1."""
    values = request.args.getlist("profile")
    if not values:
        return None
    if len(values) > 1 or values[0] not in PROFILES:
        raise BadQuery(f"the query parameter 'profile' must be given once, as one of "
                       f"{', '.join(PROFILES)}; it was {', '.join(map(repr, values))}",
                       hint=f"/catalog?profile={DCAT_AP_2} gives the catalog as DCAT-AP 2.1.1 types it")
    return None if values[0] == DCAT_AP_3 else values[0]


def _rdf_document(name: str, path: str, extension: str | None = None,
                  profile: str | None = None) -> Response:
    explicit = None
    if extension is not None:
        explicit = BY_EXTENSION.get(extension)
        if explicit is None or explicit not in RDF_FORMATS:
            raise NotFound(f"no .{extension} representation of {path}; available: "
                           + ", ".join("." + item.extension for item in RDF_FORMATS))
    chosen = choose(explicit, RDF_FORMATS)
    response = Response(harvest_state().document(name, chosen, profile), mimetype=chosen.media_type)
    if extension is None:
        response.vary.add("Accept")
        response.headers["Link"] = link_header(path, RDF_FORMATS)
    return response
