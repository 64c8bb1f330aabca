"""The picture of who partners with whom: municipalities on a circle, named, a line per
partnership; drawn large enough for the names to be read at the page's full width."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal

from ..site.labels import Languages

#: More municipalities than this make a circle no one can read: the busiest are drawn.
MAX_NODES = 24


@dataclass
class Node:
    iri: str
    label: Literal
    x: float
    y: float
    href: str
    #: where the label goes: "middle" (below the node), "start" (right) or "end" (left)
    anchor: str
    label_x: float
    label_y: float


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
    #: how many municipalities take part in partnerships (the picture may show fewer)
    members: int


def partnership_picture(partnerships: list, languages: Languages, href: Callable[[str], str],
                        max_nodes: int = MAX_NODES) -> Picture:
    """Lay out partner municipalities on a circle, a line for each partnership between them.

    *partnerships* have ``partners`` (IRI → a named resource) and ``label(languages)``;
    *href* gives the link of a municipality's node. Of many municipalities, the
    *max_nodes* in the most partnerships are drawn. A partnership of more than two
    joins its partners through their midpoint; two municipalities alone sit side by
    side in a low picture.
    """
    members: dict = {}
    degree: Counter = Counter()
    for partnership in partnerships:
        members.update(partnership.partners)
        degree.update(partnership.partners.keys())
    chosen = sorted(members.values(), key=lambda named: (-degree[named.iri], named.iri))[:max_nodes]
    order = sorted(chosen, key=lambda named: str(named.label(languages)))
    few = len(order) <= 2
    width, height = (900, 190) if few else (1200, 760)
    centre_x, centre_y = width / 2, height / 2 - (10 if few else 0)
    radius = width * 0.25 if few else height * 0.36
    nodes, positions = [], {}
    for index, named in enumerate(order):
        angle = math.pi + 2 * math.pi * index / max(1, len(order))
        cos, sin = (math.cos(angle), math.sin(angle)) if len(order) > 1 else (0.0, 0.0)
        x, y = round(centre_x + radius * cos, 1), round(centre_y + radius * sin, 1)
        positions[named.iri] = (x, y)
        if few:
            anchor, label_x, label_y = "middle", x, y + 44
        else:
            anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
            label_x = round(x + 22 * cos, 1)
            label_y = round(y + 22 * sin + (7 if anchor != "middle" else 20 if sin > 0 else -10), 1)
        nodes.append(Node(named.iri, named.label(languages), x, y, href(named.iri), anchor,
                          label_x, label_y))
    edges = []
    for partnership in partnerships:
        points = [positions[iri] for iri in sorted(partnership.partners) if iri in positions]
        if len(points) < 2:
            continue
        if len(points) == 2:
            segments = [(points[0], points[1])]
        else:
            hub = (round(sum(x for x, _ in points) / len(points), 1),
                   round(sum(y for _, y in points) / len(points), 1))
            segments = [(hub, point) for point in points]
        edges.append(Edge(partnership.label(languages), segments))
    return Picture(width, height, nodes, edges, len(members))
