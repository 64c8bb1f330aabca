"""What the data itself tells the catalog: publisher, places, period, keywords and size."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..iri import thing_iri
from ..store import DataStore
from .vocabularies import COUNTRY, GEONAMES

_PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX lp: <https://w3id.org/lodpub/ns#>
PREFIX dct: <http://purl.org/dc/terms/>
"""

#: The kinds of registry record that can publish a dataset.
PUBLISHER_KINDS = ("municipality", "organisation")
MAX_KEYWORDS = 20


@dataclass(frozen=True)
class Publisher:
    iri: str
    names: dict[str, str]              # language ('' when untagged) → name
    municipality: bool
    organisation_number: str | None = None


@dataclass(frozen=True)
class Place:
    iri: str
    names: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogFacts:
    publisher: Publisher | None
    countries: tuple[str, ...]
    places: tuple[Place, ...]
    period: tuple[str, str] | None     # first and last date (YYYY-MM-DD) the data talks about
    keywords: tuple[tuple[str, str], ...]   # (keyword, language)
    triples: int | None = None         # in the default graph, as COUNT(*) on the endpoint counts them


def catalog_facts(store: DataStore, base: str, publisher_key: str | None,
                  default_language: str) -> CatalogFacts:
    """Ask the data for what the catalog reports about it."""
    return CatalogFacts(
        publisher=_publisher(store, base, publisher_key),
        countries=tuple(sorted({row["nal"].value for row in store.query(
            _PREFIXES + "SELECT DISTINCT ?nal WHERE { ?country a schema:Country ; schema:sameAs ?nal . "
            f'FILTER(STRSTARTS(STR(?nal), "{COUNTRY}")) }}')})),
        places=_municipal_areas(store),
        period=_period(store),
        keywords=_keywords(store, default_language),
        triples=store.default_graph_size(),
    )


def _publisher(store: DataStore, base: str, key: str | None) -> Publisher | None:
    if not key:
        return None
    for kind in PUBLISHER_KINDS:
        iri = thing_iri(base, kind, key)
        rows = list(store.query(_PREFIXES + f"""
            SELECT ?name ?municipality ?number WHERE {{
              <{iri}> schema:name ?name .
              BIND(EXISTS {{ <{iri}> a lp:Municipality }} AS ?municipality)
              OPTIONAL {{ <{iri}> schema:identifier ?id . ?id schema:propertyID "SE-organisationsnummer" ;
                                                          schema:value ?number }}
            }}"""))
        if rows:
            number = next((row["number"].value for row in rows if row["number"] is not None), None)
            return Publisher(iri, {row["name"].language or "": row["name"].value for row in rows},
                             rows[0]["municipality"].value == "true",
                             number.replace("-", "") if number else None)
    return None


def _municipal_areas(store: DataStore) -> tuple[Place, ...]:
    """The territories of the municipalities in the data, as GeoNames places where known."""
    places: dict[str, dict[str, str]] = {}
    for row in store.query(_PREFIXES + f"""
            SELECT ?area ?geonames ?name WHERE {{
              ?municipality a lp:Municipality ; lp:jurisdiction ?area .
              OPTIONAL {{ ?area schema:sameAs ?geonames FILTER(STRSTARTS(STR(?geonames), "{GEONAMES}")) }}
              OPTIONAL {{ ?area schema:name ?name }}
            }}"""):
        iri = (row["geonames"] or row["area"]).value
        names = places.setdefault(iri, {})
        if row["name"] is not None:
            names.setdefault(row["name"].language or "", row["name"].value)
    return tuple(Place(iri, names) for iri, names in sorted(places.items()))


def _period(store: DataStore) -> tuple[str, str] | None:
    rows = list(store.query(_PREFIXES + """
        SELECT (MIN(?day) AS ?first) (MAX(?day) AS ?last) WHERE {
          VALUES ?when { schema:datePublished schema:startDate schema:endDate schema:dateCreated dct:date }
          ?thing ?when ?value .
          BIND(SUBSTR(STR(?value), 1, 10) AS ?day)
          FILTER(REGEX(?day, "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
        }"""))
    if not rows or rows[0]["first"] is None:
        return None
    return rows[0]["first"].value, rows[0]["last"].value


def _keywords(store: DataStore, default_language: str) -> tuple[tuple[str, str], ...]:
    """The articles' most frequent keywords, each in the language of its article."""
    rows = store.query(_PREFIXES + f"""
        SELECT ?keyword (SAMPLE(?language) AS ?lang) (COUNT(?article) AS ?uses) WHERE {{
          ?article a schema:NewsArticle ; schema:keywords ?keyword .
          OPTIONAL {{ ?article schema:inLanguage ?language }}
        }} GROUP BY ?keyword ORDER BY DESC(?uses) STR(?keyword) LIMIT {MAX_KEYWORDS}""")
    keywords = []
    for row in rows:
        keyword = row["keyword"]
        language = keyword.language or (row["lang"].value if row["lang"] is not None else default_language)
        keywords.append((keyword.value, language.lower()))
    return tuple(keywords)
