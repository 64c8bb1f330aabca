"""``/feed.atom``: the newest articles as an Atom feed (RFC 4287), for feed readers and monitors.

Each entry is an article: its IRI as the entry id, headline, abstract, author
(or the publisher), publication and modification times, the HTML page as the
``alternate`` link and its RDF formats as further ``alternate`` links, the
original article as ``via``. ``?about=IRI`` narrows the feed to the articles
about or mentioning that resource, or something that names it (a partnership of
a municipality, an event an organisation took part in); a path such as
``/id/municipality/se-2460`` is taken relative to the site.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Response, request

from ... import __version__
from ...errors import BadQuery, NotFound
from ...formats import PageFormat, RdfFormat
from ...iri import thing_iri
from ...publish.catalog_facts import PUBLISHER_KINDS
from ...publish.vocabularies import licence_iri
from ...texts import pick_text
from ..resources.documents import location
from ..resources.schemaorg import zoned
from ..resources.state import state
from ..site.current import current_site

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA = "http://schema.org/"
#: An article's RDF formats, linked as alternates of its page.
ALTERNATES = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.RDFXML, RdfFormat.NTRIPLES)
HTML = PageFormat.HTML.media_type
_UNSAFE_IRI = re.compile(r'[\s<>"{}|\\^`]')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass
class Entry:
    iri: str
    published: str
    updated: str
    titles: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    authors: dict[str, dict[str, str]] = field(default_factory=dict)   # IRI → language → name
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    original: str | None = None


def feed() -> Response:
    site = current_site()
    about = _about(request.args.getlist("about"), site.base)
    entries = [_entry(iri) for iri in _newest(about, site.config["feed.entries"])]
    document = _document(entries, about)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(document, encoding="utf-8")
    return Response(body, mimetype="application/atom+xml")


def _about(values: list[str], base: str) -> str | None:
    """Check the ``about`` parameter: one IRI of a resource in the data, or none."""
    if not values:
        return None
    if len(values) > 1:
        raise BadQuery("the query parameter 'about' may be given once, it was given "
                       f"{len(values)} times", hint="give one IRI, e.g. ?about=" + base + "id/…")
    value = values[0].strip()
    if value.startswith("/"):
        value = base + value.lstrip("/")
    if not re.match(r"^https?://", value) or _UNSAFE_IRI.search(value):
        raise BadQuery(f"the query parameter 'about' must be an http(s) IRI, not {values[0]!r}",
                       hint=f"e.g. ?about={base}id/municipality/… or ?about=/id/municipality/…")
    if not bool(current_site().store.query(f"ASK {{ {{ <{value}> ?p ?o }} UNION {{ ?s ?p <{value}> }} }}")):
        raise NotFound(f"the dataset says nothing about {value}, so there is no feed about it",
                       hint="use the IRI of a municipality, partnership, organisation or other resource")
    return value


def _newest(about: str | None, limit: int) -> list[str]:
    narrowing = "" if about is None else f"""
        {{ ?article <{SCHEMA}about>|<{SCHEMA}mentions> <{about}> }}
        UNION {{ ?article <{SCHEMA}about>|<{SCHEMA}mentions> ?topic . ?topic ?link <{about}> }}"""
    rows = current_site().store.query(f"""
        SELECT DISTINCT ?article ?published WHERE {{
          ?article a <{SCHEMA}NewsArticle> ; <{SCHEMA}datePublished> ?published . {narrowing}
        }} ORDER BY DESC(STR(?published)) ?article LIMIT {int(limit)}""")
    return [row["article"].value for row in rows]


def _entry(iri: str) -> Entry:
    store, zone = current_site().store, state().zone
    entry = Entry(iri, "", "")
    modified, publishers = None, {}
    for row in store.query(f"""SELECT ?p ?o ?name WHERE {{ <{iri}> ?p ?o .
                                   OPTIONAL {{ ?o <{SCHEMA}name> ?name }} }}"""):
        predicate, value = row["p"].value[len(SCHEMA):], row["o"]
        if predicate == "headline":
            entry.titles.setdefault(value.language or "", value.value)
        elif predicate == "abstract":
            entry.summaries.setdefault(value.language or "", value.value)
        elif predicate == "datePublished":
            entry.published = zoned(value.value, zone)
        elif predicate == "dateModified":
            modified = zoned(value.value, zone)
        elif predicate in ("author", "publisher") and row["name"] is not None:
            people = entry.authors if predicate == "author" else publishers
            people.setdefault(value.value, {}).setdefault(row["name"].language or "", row["name"].value)
        elif predicate == "keywords":
            entry.keywords.append(value.value)
        elif predicate == "inLanguage":
            entry.language = value.value
        elif predicate == "url":
            entry.original = value.value
    entry.updated = max(modified or entry.published, entry.published)
    entry.authors = entry.authors or publishers
    entry.keywords.sort()
    return entry


def _document(entries: list[Entry], about: str | None) -> ET.Element:
    site = current_site()
    config, base = site.config, site.base
    languages = [code.lower() for code in config["dataset.languages"]] or ["en"]
    ET.register_namespace("", ATOM)
    feed = ET.Element(_tag("feed"), {XML_LANG: languages[0]})
    self_url = base + "feed.atom" + (f"?about={_query_value(about)}" if about else "")
    _text(feed, "id", self_url)
    title = pick_text(config["dataset.title"], languages) or "lodpub"
    if about:
        title += " – " + (_label(about, languages) or about)
    _text(feed, "title", title)
    updated = max((entry.updated for entry in entries),
                  default=zoned(site.build.manifest["generated"], state().zone))
    _text(feed, "updated", updated)
    _link(feed, self_url, "self", "application/atom+xml")
    home = _page(about) if about else base
    _link(feed, home or base, "alternate", HTML)
    publisher = _publisher_name(languages)
    author = ET.SubElement(feed, _tag("author"))
    _text(author, "name", publisher or title)
    ET.SubElement(feed, _tag("generator"), {"version": __version__}).text = "lodpub"
    _text(feed, "rights", licence_iri(config["dataset.license"]))
    for entry in entries:
        _add_entry(feed, entry, languages)
    return feed


def _add_entry(feed: ET.Element, entry: Entry, languages: list[str]) -> None:
    element = ET.SubElement(feed, _tag("entry"))
    if entry.language:
        element.set(XML_LANG, entry.language)
    order = ([entry.language] if entry.language else []) + languages
    _text(element, "id", entry.iri)
    _text(element, "title", pick_text(entry.titles, order) or entry.iri)
    summary = pick_text(entry.summaries, order)
    if summary:
        _text(element, "summary", summary)
    _text(element, "published", entry.published)
    _text(element, "updated", entry.updated)
    for _, names in sorted(entry.authors.items()):
        _text(ET.SubElement(element, _tag("author")), "name", pick_text(names, order))
    page = _page(entry.iri)
    if page:
        _link(element, page, "alternate", HTML)
        stem = page[:-len(".html")]
        for fmt in ALTERNATES:
            _link(element, f"{stem}.{fmt.extension}", "alternate", fmt.media_type)
    if entry.original:
        _link(element, entry.original, "via", HTML)
    for keyword in entry.keywords:
        ET.SubElement(element, _tag("category"), {"term": keyword})


def _page(iri: str) -> str | None:
    """Return the absolute URL of the HTML page that describes *iri*."""
    path = state().index.page_of(iri)
    if path is None:
        return None
    path = path.split("#", 1)[0]
    return current_site().base.rstrip("/") + location(path) + ".html"


def _label(iri: str, languages: list[str]) -> str | None:
    names = {row["name"].language or "": row["name"].value for row in current_site().store.query(
        f"SELECT ?name WHERE {{ <{iri}> <{SCHEMA}name> ?name }}")}
    return pick_text(names, languages)


def _publisher_name(languages: list[str]) -> str | None:
    key = current_site().config["dataset.publisher"]
    if not key:
        return None
    for kind in PUBLISHER_KINDS:
        name = _label(thing_iri(current_site().base, kind, key), languages)
        if name:
            return name
    return None


def _query_value(iri: str) -> str:
    return quote(iri, safe=":/@!$'()*+,;-._~")


def _tag(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name))
    element.text = _NOT_XML.sub("", text)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, _tag("link"), {"rel": rel, "type": media_type, "href": href})
