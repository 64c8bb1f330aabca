"""What an article's page shows a reader: byline, dates, picture, lead, pull quotes, and who
and what the article mentions, with their roles in words.

The parts are read from the article's description; the roles of the people it mentions
(their mandates) come from one more query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, URIRef

from ...namespaces import LP, ORG, SCHEMA
from ..site.formatting import long_date

#: The kinds of articles (schema.org's Article and the subclasses lodpub maps to).
ARTICLE_TYPES = {SCHEMA.Article, SCHEMA.NewsArticle, SCHEMA.ReportageNews, SCHEMA.BlogPosting,
                 SCHEMA.ScholarlyArticle, SCHEMA.AnalysisNewsArticle}
ORGANISATION_TYPES = {SCHEMA.Organization, SCHEMA.GovernmentOrganization, ORG.Organization,
                      ORG.FormalOrganization, ORG.OrganizationalUnit,
                      ORG.OrganizationalCollaboration, SCHEMA.NGO}
#: The groups of "In this article", in their order: (key of the words, test of the types).
GROUPS = (
    ("municipalities", lambda types: LP.Municipality in types),
    ("organisations", lambda types: bool(types & ORGANISATION_TYPES)),
    ("people", lambda types: SCHEMA.Person in types),
    ("events", lambda types: any(str(item).endswith("Event") for item in types)),
    ("topics", lambda types: True),
)
#: How the article relates to what it names, and the words (key) for it.
RELATIONS = ((SCHEMA.author, "role_author"), (SCHEMA.publisher, "role_publisher"),
             (SCHEMA.about, "role_about"), (SCHEMA.mentions, None))


@dataclass
class Named:
    text: str
    href: str | None = None
    lang: str | None = None


@dataclass
class Picture:
    src: str
    alt: str
    caption: Named | None = None
    credit: Named | None = None
    licence: Named | None = None


@dataclass
class Quote:
    anchor: str | None
    text: Named
    speaker: Named | None
    roles: list[str]


@dataclass
class Mention:
    name: Named
    roles: list[str] = field(default_factory=list)


@dataclass
class Group:
    key: str
    mentions: list[Mention]


@dataclass
class Article:
    byline: list[Named]
    #: True when the byline names the publisher because the article names no author
    by_publisher: bool
    published: tuple[str, str] | None
    modified: tuple[str, str] | None
    pictures: list[Picture]
    quotes: list[Quote]
    groups: list[Group]


def is_article(builder, subject: URIRef) -> bool:
    return bool(set(builder.facts.types(subject)) & ARTICLE_TYPES)


def article_view(builder, subject: URIRef, language: str, words: dict[str, str]) -> Article:
    """Return the reader's view of the article *subject*; *language* writes its dates."""
    facts = builder.facts
    authors = [builder.named(item) for item in builder.ordered_values(facts.values(subject, SCHEMA.author))
               if not isinstance(item, BNode)]
    publishers = [builder.named(item) for item in facts.values(subject, SCHEMA.publisher)]
    quotes = [quote_view(builder, item) for item in sorted(set(builder.description.subjects) - {str(subject)})
              if SCHEMA.Quotation in facts.types(URIRef(item))]
    return Article(
        byline=authors or publishers, by_publisher=not authors,
        published=dated(facts.values(subject, SCHEMA.datePublished), language),
        modified=dated(facts.values(subject, SCHEMA.dateModified), language),
        pictures=[picture for item in facts.values(subject, SCHEMA.image)
                  if (picture := picture_view(builder, item)) is not None],
        quotes=quotes, groups=mention_groups(builder, subject, words))


def dated(values: list, language: str) -> tuple[str, str] | None:
    """Return (the machine-readable date, the date in words) of the latest of *values*."""
    if not values:
        return None
    latest = str(max(values, key=str))
    return latest, long_date(latest, language)


def quote_view(builder, iri: str) -> Quote:
    facts, subject = builder.facts, URIRef(iri)
    text = builder.languages.best(facts.literals(subject, SCHEMA.text))
    speakers = facts.values(subject, SCHEMA.spokenByCharacter) + facts.values(subject, SCHEMA.author)
    speaker = builder.named(sorted(speakers)[0]) if speakers else None
    roles = builder.roles(str(sorted(speakers)[0])) if speakers else []
    return Quote(iri.split("#", 1)[1] if "#" in iri else None,
                 Named(str(text or ""), lang=text.language if text is not None else None),
                 speaker, roles)


def picture_view(builder, image) -> Picture | None:
    """Return the picture of an image value: an address, or an ImageObject with its caption,
    credit and licence; None when it has no address a page may show."""
    facts, languages = builder.facts, builder.languages
    properties = facts.properties(image)
    if properties:
        sources = facts.values(image, SCHEMA.contentUrl) + facts.values(image, SCHEMA.url)
        src = str(sources[0]) if sources else str(image) if isinstance(image, URIRef) else ""
    else:
        src = str(image)
    if not src.startswith(("https://", "http://", "/")):
        return None

    def text(*predicates) -> Named | None:
        best = languages.best(literal for predicate in predicates
                              for literal in facts.literals(image, predicate))
        return Named(str(best), lang=best.language) if best is not None else None

    caption = text(SCHEMA.caption, SCHEMA.description)
    credit = text(SCHEMA.creditText, SCHEMA.copyrightNotice)
    if credit is None:
        holders = facts.values(image, SCHEMA.copyrightHolder) + facts.values(image, SCHEMA.creator)
        credit = builder.named(holders[0]) if holders else None
    licences = [item for item in facts.values(image, SCHEMA.license) if isinstance(item, URIRef)]
    licence = builder.named(licences[0]) if licences else None
    alt = text(SCHEMA.name, SCHEMA.description, SCHEMA.caption)
    return Picture(src, alt.text if alt else "", caption, credit, licence)


def mention_groups(builder, subject: URIRef, words: dict[str, str]) -> list[Group]:
    """Return what the article names, grouped by kind, each with its roles in words."""
    facts = builder.facts
    relations: dict = {}
    for predicate, key in RELATIONS:
        for item in facts.values(subject, predicate):
            if isinstance(item, URIRef):
                said = relations.setdefault(item, [])
                if key and words[key] not in said:
                    said.append(words[key])
    for iri in builder.description.subjects:
        for speaker in facts.values(URIRef(iri), SCHEMA.spokenByCharacter):
            said = relations.setdefault(speaker, [])
            if words["role_quoted"] not in said:
                said.append(words["role_quoted"])
    grouped: dict[str, list[Mention]] = {key: [] for key, _ in GROUPS}
    for item, said in relations.items():
        types = set(facts.types(item))
        key = next(key for key, test in GROUPS if test(types))
        grouped[key].append(Mention(builder.named(item), builder.roles(str(item)) + said))
    return [Group(key, sorted(mentions, key=lambda mention: mention.name.text.casefold()))
            for key, mentions in grouped.items() if mentions]


def person_roles(store, people: list[str]) -> dict[str, list[str]]:
    """Return the mandates each of *people* holds: ``{person: [mandate IRI, …]}``."""
    if not people:
        return {}
    values = " ".join(f"<{iri}>" for iri in people)
    held: dict[str, list[str]] = {}
    for row in store.query(f"SELECT ?person ?mandate WHERE {{ VALUES ?person {{ {values} }} "
                           f"?mandate <{ORG.member}> ?person }} ORDER BY ?mandate"):
        held.setdefault(row["person"].value, []).append(row["mandate"].value)
    return held

