"""The home page: the newest articles first, the partnerships and their picture, the ways
into the data, and what the dataset holds last."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Response
from rdflib import Literal

from ...namespaces import LP, ONTOLOGY_IRI, SCHEMA
from ...store import to_rdflib
from ..site.formatting import long_date, number
from ..site.html import page, site_description
from ..site.labels import Languages
from ..site.ui import ui_language
from .output import term_href
from .pages import Link
from .picture import partnership_picture
from .state import ResourceState

NEWEST = 10
#: Partnerships listed on the home page at most (the most recently changed); SPARQL has all.
LISTED_PARTNERSHIPS = 30
ALL_PARTNERSHIPS = f"SELECT ?partnership ?partner WHERE {{ ?partnership a <{LP.MunicipalPartnership}> ; " \
                   f"<{LP.partner}> ?partner }} ORDER BY ?partnership"

COUNTS = f"""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s a ?type }} FILTER(?g != <{ONTOLOGY_IRI}> && isIRI(?s))
}} GROUP BY ?type ORDER BY DESC(?n) ?type"""

ARTICLES = f"""SELECT ?a ?d ?h ?lead ?image ?content WHERE {{
  {{ SELECT ?a (MAX(?date) AS ?d) WHERE {{ ?a a <{SCHEMA.NewsArticle}> ; <{SCHEMA.datePublished}> ?date }}
     GROUP BY ?a ORDER BY DESC(?d) ?a LIMIT {NEWEST} }}
  {{ ?a <{SCHEMA.headline}> ?h }} UNION {{ ?a <{SCHEMA.abstract}> ?lead }}
  UNION {{ ?a <{SCHEMA.image}> ?image OPTIONAL {{ ?image <{SCHEMA.contentUrl}> ?content }} }}
}}"""

PARTNERSHIPS = f"""SELECT ?p ?pname ?m ?mname ?status ?slabel ?modified WHERE {{
  ?p a <{LP.MunicipalPartnership}> ; <{LP.partner}> ?m .
  OPTIONAL {{ ?p <http://purl.org/dc/terms/modified> ?modified }}
  OPTIONAL {{ ?p <{SCHEMA.name}> ?pname }}
  OPTIONAL {{ ?m <{SCHEMA.name}> ?mname }}
  OPTIONAL {{ ?p <{LP.status}> ?status OPTIONAL {{ ?status <http://www.w3.org/2004/02/skos/core#prefLabel> ?slabel }} }}
}}"""


@dataclass
class Named:
    """A resource with its labels in every language."""

    iri: str
    labels: dict[Literal, None]

    def label(self, languages: Languages) -> Literal:
        best = languages.best(self.labels)
        return best if best is not None else Literal(self.iri.rsplit("/", 1)[-1])


@dataclass
class Partnership(Named):
    partners: dict[str, Named]
    status: Named | None
    modified: str = ""


@dataclass
class NewsItem(Named):
    """An article on the home page: headline (its labels), date, lead and picture."""

    date: str = ""
    leads: dict[Literal, None] = field(default_factory=dict)
    picture: str | None = None


@dataclass
class HomeData:
    """What the home page shows, read from the store once per worker."""

    counts: list[tuple[str, int]]
    articles: list[NewsItem]
    partnerships: list[Partnership]

    @classmethod
    def from_store(cls, store) -> "HomeData":
        counts = [(row["type"].value, int(row["n"].value)) for row in store.query(COUNTS)]
        articles: dict[str, NewsItem] = {}
        for row in store.query(ARTICLES):
            item = articles.setdefault(row["a"].value,
                                       NewsItem(row["a"].value, {}, date=row["d"].value))
            _add_label(item, row["h"])
            if row["lead"] is not None:
                item.leads[to_rdflib(row["lead"])] = None
            picture = row["content"] or row["image"]
            if picture is not None and picture.value.startswith(("https://", "http://", "/")):
                item.picture = min(item.picture or picture.value, picture.value)
        partnerships: dict[str, Partnership] = {}
        for row in store.query(PARTNERSHIPS):
            partnership = partnerships.setdefault(
                row["p"].value, Partnership(row["p"].value, {}, {}, None))
            _add_label(partnership, row["pname"])
            partner = partnership.partners.setdefault(row["m"].value, Named(row["m"].value, {}))
            _add_label(partner, row["mname"])
            if row["modified"] is not None:
                partnership.modified = max(partnership.modified, row["modified"].value)
            if row["status"] is not None:
                partnership.status = partnership.status or Named(row["status"].value, {})
                _add_label(partnership.status, row["slabel"])
        ordered = sorted(articles.values(), key=lambda item: (item.date, item.iri), reverse=True)
        return cls(counts, ordered, list(partnerships.values()))


def _add_label(named: Named, term) -> None:
    if term is not None:
        named.labels[to_rdflib(term)] = None


def home_data(current: ResourceState) -> HomeData:
    """Return what the home page shows, read from the store on the worker's first call."""
    if "home" not in current.cache:
        current.cache["home"] = HomeData.from_store(current.site.store)
    return current.cache["home"]


def home_page(current: ResourceState, languages: Languages) -> Response:
    """Render the home page (its data is read once per worker)."""
    data = home_data(current)

    def named(item: Named) -> dict:
        label = item.label(languages)
        return {"text": str(label), "lang": label.language, "href": term_href(current, item.iri)}

    counts = []
    for type_iri, count in data.counts:
        label = current.term_labels.label(type_iri, languages)
        counts.append((Link(str(label), term_href(current, type_iri), label.language, type_iri), count))
    listed = sorted(data.partnerships, key=lambda item: str(item.label(languages)))
    listed = sorted(listed, key=lambda item: item.modified, reverse=True)[:LISTED_PARTNERSHIPS]
    partnerships = [{**named(item), "status": named(item.status) if item.status else None,
                     "partners": [named(partner) for partner in sorted(
                         item.partners.values(), key=lambda partner: str(partner.label(languages)))]}
                    for item in listed]
    picture = partnership_picture(data.partnerships, languages,
                                  lambda iri: term_href(current, iri) or "")
    manifest = current.site.build.manifest
    dumps = [{"name": dump["name"], "href": "/download/" + dump["name"],
              "media_type": dump["mediaType"], "size": size(dump["bytes"])}
             for dump in manifest["dumps"]]
    description = site_description(languages)
    language = ui_language(languages)

    def news(item: NewsItem) -> dict:
        lead = languages.best(item.leads)
        return {**named(item), "date": item.date, "day": long_date(item.date, language),
                "lead": lead, "picture": item.picture}

    return page("home.html", description.language if description is not None else None,
                languages=languages, description=description,
                triples=number(current.site.build.triples, language),
                counts=[(link, number(count, language)) for link, count in counts],
                articles=[news(item) for item in data.articles],
                partnerships=partnerships, partnership_total=len(data.partnerships),
                all_partnerships_href="/sparql?query=" + quote(ALL_PARTNERSHIPS),
                picture=picture, dumps=dumps)


def size(count: int) -> str:
    """Return a byte count for people.

    >>> size(512), size(21244), size(3_500_000)
    ('512 B', '21 kB', '3.5 MB')
    """
    if count < 1000:
        return f"{count} B"
    if count < 1_000_000:
        return f"{round(count / 1000)} kB"
    return f"{count / 1_000_000:.1f} MB"
