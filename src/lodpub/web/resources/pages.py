"""What a resource page shows, worked out from a description: sections, rows, links, sources.

Templates receive these plain objects and only lay them out; every text here is
escaped by Jinja when it is written into the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from flask import Response
from markupsafe import Markup
from rdflib import BNode, Literal, URIRef

from ...namespaces import ONTOLOGY_IRI, RDF, SCHEMA, XSD
from ..site.formatting import long_date, number
from ..site.html import page
from ..site.labels import LABEL_PREDICATES, Languages, curie
from ..site.representations import HTML, REPRESENTATIONS
from ..site.ui import strings, ui_language
from . import article
from .describe import Description, Facts
from .documents import location
from .embed import script_element
from .jsonld import script_json
from .markdown import render_markdown
from .naming import Names
from .output import absolute, schema_json, term_href
from .state import ResourceState

#: Shown first, in this order; the rest follow by label.
LEADING = (SCHEMA.headline, SCHEMA.name, SCHEMA.alternateName, SCHEMA.abstract, SCHEMA.description)
#: Not rows of the table: the types are shown under the title, the body as the article.
NOT_ROWS = (RDF.type, SCHEMA.articleBody)
MAX_DEPTH = 4
DATES = {XSD.date, XSD.dateTime}
NUMBERS = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.nonNegativeInteger,
           XSD.positiveInteger, XSD.int, XSD.long}


@dataclass
class Link:
    text: str
    href: str | None = None
    lang: str | None = None
    title: str | None = None


@dataclass
class Value:
    text: str = ""
    lang: str | None = None
    href: str | None = None
    external: bool = False
    rows: list["Row"] = field(default_factory=list)
    #: show the language tag beside the text (when the row mixes languages)
    tagged: bool = False
    #: the machine-readable date of a date shown in words
    datetime: str | None = None


@dataclass
class Row:
    property: Link
    values: list[Value]
    sources: list[Link]


@dataclass
class Section:
    anchor: str | None
    title: Link
    iri: str
    types: list[Link]
    rows: list[Row]
    #: the source of every row, when they all have the same one (then rows show none)
    sources: list[Link] = field(default_factory=list)


def shared_sources(rows: list[Row]) -> list[Link]:
    """Move the sources to the section when every row has the same; return them (or [])."""
    first = [(link.text, link.href) for link in rows[0].sources] if rows else None
    if not rows or any([(link.text, link.href) for link in row.sources] != first for row in rows):
        return []
    shared = rows[0].sources
    for row in rows:
        row.sources = []
    return shared


def resource_label(facts: Facts, term, languages: Languages) -> Literal | None:
    """Return the best label the description holds for *term*, or None."""
    return languages.best(literal for predicate in LABEL_PREDICATES
                          for literal in facts.literals(term, predicate))


class PageBuilder:
    """Turns one description into the parts of its page, for one reader's languages."""

    def __init__(self, description: Description, state: ResourceState, languages: Languages):
        self.description = description
        self.facts = description.facts
        self.state = state
        self.index = state.index
        self.languages = languages
        #: the language of the page's own words, which also writes its dates and numbers
        self.ui_lang = ui_language(languages)

    # -- links ---------------------------------------------------------------

    def href(self, iri: str) -> str | None:
        return term_href(self.state, iri)

    def term_link(self, term: URIRef) -> Link:
        label = self.state.term_labels.label(term, self.languages)
        return Link(str(label), self.href(str(term)), label.language, curie(str(term)))

    def source_link(self, graph: str) -> Link:
        if graph == ONTOLOGY_IRI:
            return Link("ontology", "/ontology")
        path = self.state.sources.get(graph, graph)
        return Link(path, self.href(graph))

    # -- values --------------------------------------------------------------

    def named(self, term) -> article.Named:
        """Return a linked resource as its name in the reader's language and its link."""
        label = self.name(term)
        return article.Named(str(label), self.href(str(term)), label.language)

    def roles(self, iri: str) -> list[str]:
        """Return the roles (mandates) of a person in words: role and organisation."""
        return [str(name) for mandate in self.mandates.get(iri, [])
                if (name := self.names.name(mandate, None, self.languages, self.say,
                                            unsaid=iri)) is not None]

    def say(self, literal: Literal) -> str:
        """Return a literal as the reader's language writes it (dates and numbers)."""
        return self.value(literal).text

    @cached_property
    def mandates(self) -> dict[str, list[str]]:
        people = {str(subject) for subject, *_ in self.facts.rows
                  if isinstance(subject, URIRef) and SCHEMA.Person in self.facts.types(subject)}
        return article.person_roles(self.state.site.store, sorted(people))

    @cached_property
    def names(self) -> Names:
        """The facts that name this page's unlabelled resources and the mandates of its people."""
        unlabelled = {str(term) for row in self.facts.rows for term in (row[0], row[2])
                      if isinstance(term, URIRef) and self.index.page_of(str(term))
                      and resource_label(self.facts, term, self.languages) is None}
        held = {mandate for mandates in self.mandates.values() for mandate in mandates}
        return Names.read(self.state.site.store, unlabelled | held)

    def value(self, term, depth: int = 0) -> Value:
        if isinstance(term, Literal):
            if term.datatype in DATES:
                return Value(long_date(term, self.ui_lang), datetime=str(term))
            if term.datatype in NUMBERS and isinstance(term.value, (int, float)) \
                    and not isinstance(term.value, bool):
                return Value(number(term.value, self.ui_lang))
            return Value(str(term), term.language)
        if isinstance(term, BNode):
            rows = self.rows(term, depth + 1) if depth < MAX_DEPTH else []
            return Value(rows=rows)
        iri = str(term)
        label = self.name(term)
        href = self.href(iri)
        external = bool(href) and not href.startswith("/")
        return Value(str(label), label.language, href, external)

    def name(self, term: URIRef) -> Literal:
        """Return what to call a linked resource: its label, a term's label, its source path,
        or its type and key; the IRI itself as a last resort."""
        iri = str(term)
        label = resource_label(self.facts, term, self.languages)
        if label is not None:
            return label
        if self.state.term_labels.knows(iri):
            return self.state.term_labels.label(iri, self.languages)
        if iri in self.state.sources:
            return Literal(self.state.sources[iri])
        if self.index.page_of(iri):
            return self.unlabelled_name(term)
        return Literal(iri)

    def kind(self, term) -> Literal | None:
        types = self.facts.types(term)
        return self.state.term_labels.label(sorted(types)[0], self.languages) if types else None

    def unlabelled_name(self, term) -> Literal:
        """Return the name in words of a resource without a label: what its facts say, or
        its kind and the place of its page among others of its kind."""
        kind = self.kind(term)
        said = self.names.name(str(term), kind, self.languages, self.say)
        if said is not None:
            return said
        return Literal(str(kind)[:1].upper() + str(kind)[1:]) if kind is not None else \
            Literal(str(term).rstrip("/").rsplit("/", 1)[-1])

    def ordered_values(self, objects) -> list:
        literals = self.languages.sort(item for item in objects if isinstance(item, Literal))
        others = sorted(item for item in objects if not isinstance(item, Literal))
        return literals + others

    def rows(self, subject, depth: int = 0) -> list[Row]:
        properties = self.facts.properties(subject)
        rows = []
        for predicate in self._ordered_predicates(properties):
            objects = properties[predicate]
            graphs = sorted({graph for sources in objects.values() for graph in sources})
            values = [self.value(item, depth) for item in self.ordered_values(objects)]
            if len({item.lang for item in values if not item.href and not item.rows}) > 1:
                for item in values:
                    item.tagged = bool(item.lang) and not item.href
            rows.append(Row(self.term_link(predicate), values,
                            [self.source_link(graph) for graph in graphs]))
        return rows

    def _ordered_predicates(self, properties: dict) -> list:
        leading = [predicate for predicate in LEADING if predicate in properties]
        rest = sorted((predicate for predicate in properties
                       if predicate not in LEADING and predicate not in NOT_ROWS),
                      key=lambda predicate: str(self.state.term_labels.label(predicate, self.languages)))
        return leading + rest

    # -- the page ------------------------------------------------------------

    def title(self, subject) -> Literal:
        label = resource_label(self.facts, subject, self.languages)
        if label is not None:
            return label
        iri = str(subject)
        if iri in self.state.sources:
            return Literal(self.state.sources[iri])
        return self.unlabelled_name(subject)

    def section(self, iri: str) -> Section:
        subject = URIRef(iri)
        title = self.title(subject)
        anchor = iri.split("#", 1)[1] if "#" in iri else None
        types = [self.term_link(rdf_type) for rdf_type in sorted(self.facts.types(subject))]
        rows = self.rows(subject)
        return Section(anchor, Link(str(title), lang=title.language), iri, types, rows,
                       shared_sources(rows))

    def sections(self) -> list[Section]:
        return [self.section(iri) for iri in self.description.subjects]

    def body(self) -> Literal | None:
        """Return the article body (Markdown) in the reader's best language, if any."""
        return self.languages.best(self.facts.literals(URIRef(self.description.document),
                                                       SCHEMA.articleBody))

    def lead(self, subject: URIRef, news: bool) -> Literal | None:
        """Return the sentence under the title: an article's abstract, anything's description,
        a person's roles."""
        predicates = (SCHEMA.abstract, SCHEMA.description) if news else (SCHEMA.description,
                                                                          SCHEMA.abstract)
        for predicate in predicates:
            best = self.languages.best(self.facts.literals(subject, predicate))
            if best is not None:
                return best
        roles = self.roles(str(subject))
        return Literal("; ".join(roles)) if roles else None

    def graphs(self) -> list[tuple[str, Link]]:
        """Return the named graphs the document's own facts are in, each with its source."""
        own = {URIRef(iri) for iri in self.description.subjects}
        graphs = sorted({graph for subject, _, _, graph in self.facts.rows if subject in own})
        return [(graph, self.source_link(graph)) for graph in graphs]

    def incoming(self) -> list[Row]:
        """Return the links to this document's subjects from elsewhere, grouped by property."""
        own = {URIRef(iri) for iri in self.description.subjects}
        grouped: dict = {}
        for target in own:
            for predicate, subjects in self.facts.incoming(target).items():
                for subject, graphs in subjects.items():
                    if subject not in own:
                        entry = grouped.setdefault(predicate, ({}, set()))
                        entry[0][subject] = None
                        entry[1].update(graphs)
        rows = []
        for predicate in sorted(grouped, key=lambda item: str(self.term_link(item).text)):
            subjects, graphs = grouped[predicate]
            values = sorted((self.value(subject) for subject in subjects), key=lambda item: item.text)
            rows.append(Row(self.term_link(predicate), values,
                            [self.source_link(graph) for graph in sorted(graphs)]))
        return rows


def resource_page(description: Description, state: ResourceState, path: str,
                  languages: Languages) -> Response:
    """Render the HTML page of a described document found at *path*: what a reader wants
    first (for an article: byline, date, picture, body, quotes and what it mentions),
    then every fact, the representations and where the facts come from."""
    builder = PageBuilder(description, state, languages)
    main, *parts = builder.sections()
    body = builder.body()
    subject = URIRef(description.subjects[0])
    news = (article.article_view(builder, subject, builder.ui_lang, strings(builder.ui_lang))
            if article.is_article(builder, subject) else None)
    href = location(path)
    formats = [{"href": f"{href}.{item.extension}", "media_type": item.media_type,
                "label": item.label} for item in REPRESENTATIONS if item is not HTML]
    described = [Link(iri[len(state.site.base):], location(state.index.page_of(iri)))
                 for iri in described_in(state, description.document)]
    jsonld = schema_json(state, description, languages)
    pulled = {quote.anchor for quote in news.quotes} if news else set()
    return page("resource.html", main.title.lang, languages=languages,
                main=main, parts=parts, incoming=builder.incoming(), article=news,
                pulled=pulled, lead=builder.lead(subject, news is not None),
                body=render_markdown(str(body)) if body is not None else None,
                body_lang=body.language if body is not None else None,
                described=described, formats=formats, graphs=builder.graphs(),
                jsonld=Markup(jsonld), embed=embed_snippets(state, description.document, jsonld),
                schema_href=f"{href}.jsonld?profile=schema.org",
                sparql_href="/sparql?query=" + quote(f"DESCRIBE <{description.document}>"),
                truncated=description.truncated,
                incoming_limit=state.site.config["server.incoming_links"],
                all_links_href="/sparql?query=" + quote(
                    f"SELECT ?s ?p WHERE {{ ?s ?p <{description.document}> }} ORDER BY ?s"))


@dataclass
class EmbedSnippets:
    """What an article's editors paste into their own page: texts, shown as text."""

    #: the address to fetch server-side; its answer goes into the page's head
    server: str
    #: a one-line script that fetches the same and adds it to the head in the browser
    client: str
    #: the ``<script>`` element the server-side inclusion prints
    block: str


def embed_snippets(state: ResourceState, document: str, jsonld: str) -> EmbedSnippets | None:
    """Return the snippets for an article published elsewhere (it has a ``url``), or None."""
    url = state.embeds.url_of(document)
    if url is None:
        return None
    address = absolute(state, "/embed") + "?url=" + quote(url, safe="")
    client = ("<script>fetch(" + script_json(address) + ").then(r => r.ok ? r.text() : '')"
              ".then(t => { if (t) { const s = document.createElement('script'); "
              "s.type = 'application/ld+json'; s.text = t; document.head.append(s); } });</script>")
    return EmbedSnippets(address + "&format=script", client, script_element(jsonld).rstrip("\n"))


def described_in(state: ResourceState, graph_iri: str) -> list[str]:
    """Return the things a named graph (a source document) describes, from the manifest."""
    for entry in state.site.build.manifest["documents"]:
        if entry["graph"] == graph_iri:
            return [iri for iri in entry["subjects"] if state.index.page_of(iri)]
    return []
