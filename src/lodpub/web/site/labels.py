"""Choosing a language for the reader, and the best label of a resource or a term."""

from __future__ import annotations

from collections.abc import Iterable

from flask import request
from rdflib import Literal, URIRef

from ...namespaces import DCTERMS, PREFIXES, RDFS, SCHEMA, SKOS
from .current import current_site

#: Predicates that name a resource, best first.
LABEL_PREDICATES = (SKOS.prefLabel, SCHEMA.name, SCHEMA.headline, DCTERMS.title, RDFS.label)


class Languages:
    """The reader's languages, best first: those of Accept-Language, then the project's fallback.

    >>> languages = Languages.from_header([("en-GB", 1), ("uk", 0.5)], ["sv", "en"])
    >>> languages.order
    ('en-gb', 'en', 'uk', 'sv')
    >>> languages.best([Literal("Vännäs kommun", lang="sv"), Literal("Vännäs Municipality", lang="en")])
    rdflib.term.Literal('Vännäs Municipality', lang='en')
    """

    def __init__(self, order: Iterable[str]):
        self.order = tuple(dict.fromkeys(tag.lower() for tag in order))

    @classmethod
    def from_header(cls, accepted: Iterable[tuple[str, float]], fallback: Iterable[str]):
        """*accepted*: (language range, quality) pairs, as Werkzeug's ``accept_languages``."""
        ranked = sorted(((value, quality) for value, quality in accepted
                         if quality > 0 and value != "*"), key=lambda item: -item[1])
        order = []
        for value, _ in ranked:
            order += [value, value.split("-", 1)[0]]
        return cls(order + list(fallback))

    def rank(self, tag: str | None) -> int:
        """Return how welcome a language tag is: lower is better; untagged text comes last."""
        if not tag:
            return len(self.order) + 1
        tag = tag.lower()
        for index, wanted in enumerate(self.order):
            if tag == wanted or tag.split("-", 1)[0] == wanted:
                return index
        return len(self.order)

    def sort(self, literals: Iterable[Literal]) -> list[Literal]:
        """Return *literals*, the most welcome language first."""
        return sorted(literals, key=lambda literal: (self.rank(literal.language), str(literal)))

    def best(self, literals: Iterable[Literal]) -> Literal | None:
        ordered = self.sort(literals)
        return ordered[0] if ordered else None

    def first_of(self, available: Iterable[str], default: str) -> str:
        """Return the most welcome of the *available* language tags, or *default*."""
        ranked = sorted(available, key=self.rank)
        return ranked[0] if ranked and self.rank(ranked[0]) < len(self.order) else default


def reader_languages() -> Languages:
    """Return the languages of the current request's reader, best first."""
    fallback = current_site().config["dataset.label_languages"]
    return Languages.from_header(request.accept_languages, fallback)


def curie(iri: str) -> str:
    """Return *iri* shortened with lodpub's prefixes, or unchanged.

    >>> curie("http://schema.org/name")
    'schema:name'
    """
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and len(str(namespace)) > len(best):
            best, name = str(namespace), prefix
    return f"{name}:{iri[len(best):]}" if best and iri != best else iri


class TermLabels:
    """Labels of classes, properties and concepts: from the ontology, then the built-in table."""

    def __init__(self, vocabulary: dict[str, list[Literal]], builtin: dict[str, dict[str, str]]):
        self._labels = {term: list(labels) for term, labels in vocabulary.items()}
        for term, labels in builtin.items():
            self._labels.setdefault(term, [Literal(text, lang=tag) for tag, text in labels.items()])

    def label(self, term: URIRef | str, languages: Languages) -> Literal:
        """Return the best label of *term* for *languages*; its CURIE when it has none."""
        best = languages.best(self._labels.get(str(term), []))
        return best if best is not None else Literal(curie(str(term)))

    def knows(self, term) -> bool:
        return str(term) in self._labels
