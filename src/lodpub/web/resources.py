"""Blueprint: the Linked Data itself.

- ``/id/{type}/{key}`` and ``/graph/{slug}``: ``303 See Other`` to the document
  ``/doc/…`` that describes them (``410 Gone`` when withdrawn, ``404`` when unknown);
- ``/doc/…``: the description as Turtle, JSON-LD, N-Triples, RDF/XML or HTML, by
  extension or ``Accept``; ``?profile=schema.org`` on JSON-LD gives the schema.org
  object that the HTML page embeds;
- ``/``, ``/ontology``, ``/shapes``, ``/context.jsonld``, ``/robots.txt``.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from flask import Blueprint, Response, g, redirect, request
from markupsafe import Markup
from rdflib import URIRef

from ..errors import BadQuery, Gone, NotFound
from ..formats import RdfFormat
from ..namespaces import ONTOLOGY_IRI, PREFIXES
from .describe import Description, describe
from .documents import DocumentIndex, location
from .home import HomeData, partnership_picture
from .html import page, site_description
from .jsonld import CONTEXT_PATH, compact, context_document, script_json
from .markdown import render_markdown
from .pages import Link, PageBuilder
from .representations import (HTML, JSONLD, REPRESENTATIONS, TURTLE, Representation, choose,
                              link_header, split_extension)
from .schemaorg import SchemaContext, schema_org
from .state import ResourceState, reader_languages, state
from .ui import strings, ui_language
from .vocabdocs import ontology_doc, shapes_doc
from .vocabulary import SHAPES_IRI, SHAPES_NS

blueprint = Blueprint("resources", __name__)

PROFILES = ("schema.org",)
VOCABULARY_FORMATS = (HTML, TURTLE, JSONLD) + tuple(
    item for item in REPRESENTATIONS if item not in (HTML, TURTLE, JSONLD))


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
    response = redirect(location(current.index.path_of(document)), 303)
    response.headers["Cache-Control"] = f"public, max-age={current.site.config['server.cache_seconds']}"
    return response


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
    segments = key.split("/")
    return (all(segment not in ("", ".", "..") for segment in segments)
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
    description = describe(current.site.store, document_iri, index.documents[document_iri])
    path = index.path_of(document_iri)
    if profile:
        response = Response(_schema_json(description, current), mimetype=JSONLD.media_type)
    elif representation.is_html:
        response = _resource_page(description, current, path)
    else:
        response = Response(_serialise(description, current, representation.rdf),
                            mimetype=representation.media_type)
    response.headers["Link"] = link_header(location(path))
    if explicit is None:
        response.vary.add("Accept")
        response.headers["Content-Location"] = location(f"{path}.{representation.extension}")
    return response


def _serialise(description: Description, current: ResourceState, fmt: RdfFormat) -> bytes:
    return _rdf_bytes(current, description.triples(), fmt)


def _rdf_bytes(current: ResourceState, triples: list, fmt: RdfFormat,
               extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise *triples*; JSON-LD is compacted against the published context."""
    store = current.site.store
    if fmt is RdfFormat.JSONLD:
        expanded = json.loads(store.serialize_triples(triples, fmt))
        return json.dumps(compact(expanded, _absolute(CONTEXT_PATH)), ensure_ascii=False,
                          indent=2).encode("utf-8")
    return store.serialize_triples(triples, fmt, {**_prefixes(), **(extra_prefixes or {})})


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def _absolute(path: str) -> str:
    """Return the absolute URL of a path of this site, under the build's base."""
    return state().site.base.rstrip("/") + location(path)


def _schema_context(current: ResourceState, languages) -> SchemaContext:
    def page_url(iri: str) -> str | None:
        page_path = current.index.page_of(iri)
        return _absolute(page_path.split("#", 1)[0]) if page_path else None

    return SchemaContext(languages, current.zone, page_url, current.vocabulary.schema_class)


def _schema_object(description: Description, current: ResourceState, languages) -> dict:
    return schema_org(description.facts, URIRef(description.document),
                      _schema_context(current, languages))


def _schema_json(description: Description, current: ResourceState) -> str:
    return script_json(_schema_object(description, current, reader_languages())) + "\n"


def _resource_page(description: Description, current: ResourceState, path: str) -> Response:
    languages = reader_languages()
    builder = PageBuilder(description, current, languages)
    sections = builder.sections()
    main = sections[0]
    body = builder.body()
    href = location(path)
    formats = [{"href": f"{href}.{item.extension}", "media_type": item.media_type,
                "label": item.label} for item in REPRESENTATIONS if not item.is_html]
    described = [Link(iri[len(current.site.base):], location(current.index.page_of(iri)))
                 for iri in _described_in(current, description.document)]
    jsonld = Markup(script_json(_schema_object(description, current, languages)))
    return page("resource.html", main.title.lang, languages=languages,
                main=main, parts=sections[1:], incoming=builder.incoming(),
                body=render_markdown(str(body)) if body is not None else None,
                body_lang=body.language if body is not None else None,
                described=described, formats=formats, jsonld=jsonld,
                schema_href=f"{href}.jsonld?profile=schema.org",
                sparql_href="/sparql?query=" + quote(f"DESCRIBE <{description.document}>"))


def _described_in(current: ResourceState, graph_iri: str) -> list[str]:
    """Return the things a named graph (a source document) describes, from the manifest."""
    for entry in current.site.build.manifest["documents"]:
        if entry["graph"] == graph_iri:
            return [iri for iri in entry["subjects"] if current.index.page_of(iri)]
    return []


# -- the home page --------------------------------------------------------------------

@blueprint.get("/")
def home():
    current = state()
    data = current.cache.get("home")
    if data is None:
        data = current.cache["home"] = HomeData.from_store(current.site.store)
    languages = reader_languages()
    labels = current.term_labels

    def named(item) -> dict:
        label = item.label(languages)
        page_path = current.index.page_of(item.iri)
        return {"text": str(label), "lang": label.language,
                "href": location(page_path) if page_path else item.iri}

    counts = []
    for type_iri, count in data.counts:
        label = labels.label(type_iri, languages)
        counts.append((Link(str(label), _term_href(current, type_iri), label.language, type_iri), count))
    articles = [{**named(article), "date": date} for article, date in data.articles]
    partnerships = [{**named(item), "partners": [named(partner) for partner in
                                                  sorted(item.partners.values(),
                                                         key=lambda p: str(p.label(languages)))],
                     "status": named(item.status) if item.status else None}
                    for item in data.partnerships]
    picture = partnership_picture(data.partnerships, languages)
    for node in picture.nodes:
        node_path = current.index.page_of(node.iri)
        node.href = location(node_path) if node_path else node.iri
    manifest = current.site.build.manifest
    dumps = [{"name": dump["name"], "href": "/download/" + dump["name"],
              "media_type": dump["mediaType"], "size": _size(dump["bytes"])}
             for dump in manifest["dumps"]]
    description = site_description(languages)
    response = page("home.html", description.language if description is not None else None,
                    languages=languages, description=description, triples=manifest["triples"],
                    counts=counts, articles=articles, partnerships=partnerships,
                    picture=picture, dumps=dumps)
    return response


def _term_href(current: ResourceState, iri: str) -> str | None:
    if current.vocabulary.is_own_term(iri):
        return "/ontology#" + quote(iri.rsplit("#", 1)[-1])
    if iri.startswith("http://schema.org/"):
        return "https://schema.org/" + quote(iri[len("http://schema.org/"):])
    return iri if iri.startswith(("http://", "https://")) else None


def _size(count: int) -> str:
    """Return a byte count for people.

    >>> _size(512), _size(21244), _size(3_500_000)
    ('512 B', '21 kB', '3.5 MB')
    """
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{round(count / 1000)} kB"
    return f"{count / 1_000_000:.1f} MB"


# -- ontology, shapes, context, robots ------------------------------------------------

@blueprint.get("/ontology")
def ontology():
    return _vocabulary_response("ontology")


@blueprint.get("/shapes")
def shapes():
    return _vocabulary_response("shapes")


@blueprint.get("/ontology.<extension>")
def ontology_format(extension: str):
    return _vocabulary_response("ontology", extension)


@blueprint.get("/shapes.<extension>")
def shapes_format(extension: str):
    return _vocabulary_response("shapes", extension)


def _vocabulary_response(name: str, extension: str | None = None) -> Response:
    current = state()
    vocabulary = current.vocabulary
    graph = vocabulary.ontology if name == "ontology" else vocabulary.shapes
    explicit = None
    if extension is not None:
        explicit = next((item for item in VOCABULARY_FORMATS if item.extension == extension), None)
        if explicit is None:
            raise NotFound(f"no /{name}.{extension}; available: "
                           + ", ".join(f"/{name}.{item.extension}" for item in VOCABULARY_FORMATS))
    g.representation = explicit
    representation = choose(explicit, VOCABULARY_FORMATS)
    if representation.is_html:
        languages = reader_languages()
        words = strings(ui_language(languages))
        make = ontology_doc if name == "ontology" else shapes_doc
        doc = make(graph, ONTOLOGY_IRI if name == "ontology" else SHAPES_IRI,
                   current.term_labels, languages, words)
        title = str(doc.title) if doc.title is not None else words[name]
        formats = [{"href": f"/{name}.{item.extension}", "media_type": item.media_type,
                    "label": item.label} for item in VOCABULARY_FORMATS if not item.is_html]
        response = page("vocabulary.html", doc.title.language if doc.title is not None else None,
                        languages=languages, doc=doc, title=title, formats=formats)
    else:
        key = (name, representation.extension)
        if key not in current.cache:
            current.cache[key] = _rdf_bytes(current, vocabulary.triples(graph), representation.rdf,
                                            {"lps": SHAPES_NS})
        response = Response(current.cache[key], mimetype=representation.media_type)
    response.headers["Link"] = link_header(f"/{name}", VOCABULARY_FORMATS)
    if explicit is None:
        response.vary.add("Accept")
    return response


@blueprint.get(CONTEXT_PATH)
def context():
    return Response(json.dumps(context_document(), indent=2), mimetype="application/ld+json")


@blueprint.get("/robots.txt")
def robots():
    text = ("User-agent: *\n"
            "Allow: /\n"
            "Disallow: /sparql?\n"
            f"Sitemap: {_absolute('/sitemap.xml')}\n")
    return Response(text, mimetype="text/plain")
