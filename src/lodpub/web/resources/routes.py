"""Blueprint: the Linked Data itself.

- ``/id/{type}/{key}`` and ``/graph/{slug}``: ``303 See Other`` to the document
  ``/doc/…`` that describes them (``410 Gone`` when withdrawn, ``404`` when unknown);
- ``/doc/…``: the description as Turtle, JSON-LD, N-Triples, RDF/XML or HTML, by
  extension or ``Accept``; ``?profile=schema.org`` on JSON-LD gives the schema.org
  object that the HTML page embeds;
- ``/embed?url=…``: the schema.org object of the article published at that address
  elsewhere (its ``url`` field), for that website's page; ``&format=script`` gives it
  as a ``<script>`` element to print;
- ``/``, ``/ontology``, ``/shapes``, ``/context.jsonld``, ``/robots.txt``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, redirect, request

from ...errors import BadQuery, Gone, NotFound
from ..site.labels import reader_languages
from ..site.representations import HTML, JSONLD, choose, link_header, split_extension
from .describe import describe
from .documents import DocumentIndex, location
from .embed import script_element
from .home import home_page
from .jsonld import CONTEXT_PATH, context_document
from .output import absolute, rdf_bytes, schema_json
from .pages import resource_page
from .state import state
from .vocabdocs import vocabulary_response

blueprint = Blueprint("resources", __name__)

PROFILES = ("schema.org",)


# -- things and graphs: 303 to their documents ------------------------------------

@blueprint.get("/id/<path:key>")
def thing(key: str):
    return _see_other(key)


@blueprint.get("/graph/<path:slug>")
def graph(slug: str):
    return _see_other("graph/" + slug)


def _see_other(key: str) -> Response:
    current = state()
    document = _find(current.index, key)
    return redirect(location(current.index.path_of(document)), 303)


def _find(index: DocumentIndex, key: str) -> str:
    """Return the document IRI for *key*, or raise NotFound / Gone."""
    document = index.iri_of(key) if _plausible(key) else None
    if document is not None and document in index.documents:
        return document
    if document is not None and document in index.withdrawn:
        raise Gone(f"{document} was withdrawn from this dataset (no longer published since "
                   f"{index.withdrawn[document]})", hint="its content may have moved; search /sparql")
    raise NotFound(f"no resource {document or key} in this dataset",
                   hint=f"IRIs here look like {index.base}id/{{type}}/{{key}}; start at /")


def _plausible(key: str) -> bool:
    """Reject what cannot be a key: empty or dot segments (``..``), control characters."""
    return (all(segment not in ("", ".", "..") for segment in key.split("/"))
            and not any(ord(character) < 32 or ord(character) == 127 for character in key))


# -- documents ----------------------------------------------------------------------

@blueprint.get("/doc/<path:key>")
def document(key: str):
    current = state()
    index = current.index
    key, explicit = split_extension(key, lambda whole: _plausible(whole)
                                    and index.iri_of(whole) in index.documents)
    g.representation = explicit
    document_iri = _find(index, key)
    representation = choose(explicit)
    profile = request.args.get("profile")
    if profile is not None and (representation is not JSONLD or profile not in PROFILES):
        raise BadQuery(f"query parameter 'profile' must be one of {', '.join(PROFILES)} "
                       f"on JSON-LD (.jsonld), not {profile!r}")
    path = index.path_of(document_iri)
    languages = reader_languages() if profile or representation is HTML else None

    def render() -> Response:
        description = describe(current.site.store, document_iri, index.documents[document_iri],
                               current.site.config["server.incoming_links"])
        if profile:
            response = Response(schema_json(current, description, languages) + "\n",
                                mimetype=JSONLD.media_type)
            response.vary.add("Accept-Language")  # text in several languages gives the reader's
            return response
        if representation is HTML:
            return resource_page(description, current, path, languages)
        return Response(rdf_bytes(current, description.triples(), representation),
                        mimetype=representation.media_type)

    key = (document_iri, representation.extension, profile, languages and languages.order)
    response = current.rendered.get_or_render(key, render)
    response.headers["Link"] = link_header(location(path))
    if explicit is None:
        response.vary.add("Accept")
        response.headers["Content-Location"] = location(f"{path}.{representation.extension}")
    return response


# -- the embed API -------------------------------------------------------------------

EMBED_FORMATS = ("jsonld", "script")


@blueprint.get("/embed")
def embed():
    current = state()
    url = request.args.get("url", "").strip()
    if not url:
        raise BadQuery("query parameter 'url' is required: the address of the article's page",
                       hint="/embed?url=https%3A%2F%2Fkommun.example%2Fnyheter%2F…")
    form = request.args.get("format", "jsonld")
    if form not in EMBED_FORMATS:
        raise BadQuery(f"query parameter 'format' must be one of {', '.join(EMBED_FORMATS)}, "
                       f"not {form!r}")
    document_iri = current.embeds.find(url)
    if document_iri is None:
        raise NotFound(f"no article in this dataset is published at {url[:300]!r}",
                       hint="give the address in an article's 'url' field, as its page has it")
    description = describe(current.site.store, document_iri, current.index.documents[document_iri],
                           current.site.config["server.incoming_links"])
    data = schema_json(current, description, reader_languages())
    if form == "script":
        response = Response(script_element(data), mimetype="text/html")
        response.headers["Content-Security-Policy"] = "default-src 'none'"
    else:
        response = Response(data + "\n", mimetype=JSONLD.media_type)
    response.headers["Link"] = (f'<{location(current.index.path_of(document_iri))}>; '
                                'rel="describedby"; type="text/html"')
    response.vary.add("Accept-Language")  # text in several languages gives the reader's
    return response


# -- the home page, vocabularies, context, robots -----------------------------------------

@blueprint.get("/")
def home():
    return home_page(state(), reader_languages())


@blueprint.get("/ontology")
@blueprint.get("/ontology.<extension>")
def ontology(extension: str | None = None):
    return vocabulary_response(state(), "ontology", extension, reader_languages())


@blueprint.get("/shapes")
@blueprint.get("/shapes.<extension>")
def shapes(extension: str | None = None):
    return vocabulary_response(state(), "shapes", extension, reader_languages())


@blueprint.get(CONTEXT_PATH)
def context():
    return Response(json.dumps(context_document(), indent=2), mimetype=JSONLD.media_type)


@blueprint.get("/robots.txt")
def robots():
    text = ("User-agent: *\n"
            "Allow: /\n"
            "Disallow: /sparql?\n"
            f"Sitemap: {absolute(state(), '/sitemap.xml')}\n")
    return Response(text, mimetype="text/plain")
