"""The picture of who partners with whom: municipalities on a circle, a line per partnership."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal

from .labels import Languages


@dataclass
class Node:
    iri: str
    label: Literal
    x: float
    y: float
    href: str


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


def partnership_picture(partnerships: list, languages: Languages, href: Callable[[str], str],
                        width: int = 720) -> Picture:
    """Lay out the partner municipalities on a circle, a line for each partnership.

    *partnerships* have ``partners`` (IRI → a named resource) and ``label(languages)``;
    *href* gives the link of a municipality's node.

    A partnership of more than two joins its partners through their midpoint; two
    municipalities alone sit side by side in a low picture.
    """
    members: dict = {}
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
    nodes = [Node(named.iri, named.label(languages), *positions[named.iri], href(named.iri))
             for named in order]
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
