"""The home page: what the dataset holds, the newest articles, the partnerships and their picture."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rdflib import Literal

from ..namespaces import LP, ONTOLOGY_IRI, SCHEMA
from ..store import to_rdflib
from .labels import Languages

NEWEST = 10

COUNTS = f"""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  GRAPH ?g {{ ?s a ?type }} FILTER(?g != <{ONTOLOGY_IRI}> && isIRI(?s))
}} GROUP BY ?type ORDER BY DESC(?n) ?type"""

ARTICLES = f"""SELECT ?a ?d ?h WHERE {{
  {{ SELECT ?a (MAX(?date) AS ?d) WHERE {{ ?a a <{SCHEMA.NewsArticle}> ; <{SCHEMA.datePublished}> ?date }}
     GROUP BY ?a ORDER BY DESC(?d) ?a LIMIT {NEWEST} }}
  OPTIONAL {{ ?a <{SCHEMA.headline}> ?h }}
}}"""

PARTNERSHIPS = f"""SELECT ?p ?pname ?m ?mname ?status ?slabel WHERE {{
  ?p a <{LP.MunicipalPartnership}> ; <{LP.partner}> ?m .
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


@dataclass
class HomeData:
    """What the home page shows, read from the store once per worker."""

    counts: list[tuple[str, int]]
    articles: list[tuple[Named, str]]
    partnerships: list[Partnership]

    @classmethod
    def from_store(cls, store) -> "HomeData":
        counts = [(row["type"].value, int(row["n"].value)) for row in store.query(COUNTS)]
        articles: dict[str, tuple[Named, str]] = {}
        for row in store.query(ARTICLES):
            named, _ = articles.setdefault(row["a"].value, (Named(row["a"].value, {}), row["d"].value))
            _add_label(named, row["h"])
        partnerships: dict[str, Partnership] = {}
        for row in store.query(PARTNERSHIPS):
            partnership = partnerships.setdefault(
                row["p"].value, Partnership(row["p"].value, {}, {}, None))
            _add_label(partnership, row["pname"])
            partner = partnership.partners.setdefault(row["m"].value, Named(row["m"].value, {}))
            _add_label(partner, row["mname"])
            if row["status"] is not None:
                partnership.status = partnership.status or Named(row["status"].value, {})
                _add_label(partnership.status, row["slabel"])
        ordered = sorted(articles.values(), key=lambda item: (item[1], item[0].iri), reverse=True)
        return cls(counts, ordered, list(partnerships.values()))


def _add_label(named: Named, term) -> None:
    if term is not None:
        named.labels[to_rdflib(term)] = None


@dataclass
class Node:
    iri: str
    label: Literal
    x: float
    y: float
    href: str | None = None


@dataclass
class Edge:
    label: Literal
    segments: list[tuple[tuple[float, float], tuple[float, float]]]


@dataclass
class Picture:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def partnership_picture(partnerships: list[Partnership], languages: Languages,
                        width: int = 720) -> Picture:
    """Lay out the partner municipalities on a circle, a line for each partnership.

    A partnership of more than two joins its partners through their midpoint; two
    municipalities alone sit side by side in a low picture.
    """
    members: dict[str, Named] = {}
    for partnership in partnerships:
        members.update(partnership.partners)
    order = sorted(members.values(), key=lambda named: str(named.label(languages)))
    height = 140 if len(order) <= 2 else 460
    centre_x, centre_y = width / 2, height / 2 - 10
    radius = width * 0.25 if len(order) <= 2 else min(width * 0.32, height * 0.36)
    positions = {}
    for index, named in enumerate(order):
        angle = math.pi + 2 * math.pi * index / max(1, len(order))
        x = centre_x + (radius * math.cos(angle) if len(order) > 1 else 0)
        y = centre_y + (radius * math.sin(angle) if len(order) > 1 else 0)
        positions[named.iri] = (round(x, 1), round(y, 1))
    nodes = [Node(named.iri, named.label(languages), *positions[named.iri]) for named in order]
    edges = []
    for partnership in partnerships:
        points = [positions[iri] for iri in sorted(partnership.partners)]
        if len(points) == 2:
            segments = [(points[0], points[1])]
        else:
            hub = (round(sum(x for x, _ in points) / len(points), 1),
                   round(sum(y for _, y in points) / len(points), 1))
            segments = [(hub, point) for point in points]
        edges.append(Edge(partnership.label(languages), segments))
    return Picture(width, height, nodes, edges)
