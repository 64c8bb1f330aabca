"""A small LDES client for the tests: start at the root, follow every relation, keep every member."""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from test_web_resources import fetch

TREE = Namespace("https://w3id.org/tree#")
AS = Namespace("https://www.w3.org/ns/activitystreams#")
LDES = Namespace("https://w3id.org/ldes#")
FORMATS = {"application/trig": "trig", "application/ld+json": "json-ld", "application/n-quads": "nquads"}


@dataclass
class Page:
    url: str
    headers: dict
    default: Graph
    named: dict[URIRef, Graph]


@dataclass
class Member:
    iri: URIRef
    kind: URIRef
    object: URIRef
    published: dt.datetime
    payload: Graph


@dataclass
class Replica:
    pages: list[Page] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    def state(self) -> dict[URIRef, Graph]:
        """What the stream says exists now: the last version of every object not deleted."""
        current: dict[URIRef, Graph] = {}
        for member in sorted(self.members, key=lambda item: (item.published, _number(item.iri))):
            if member.kind == AS.Delete:
                current.pop(member.object, None)
            else:
                current[member.object] = member.payload
        return current


def _number(iri: URIRef) -> int:
    return int(str(iri).rsplit("/", 1)[-1])


def get_page(server, url: str, media_type: str = "application/trig") -> Page:
    answer = fetch(server.url, urlsplit(url).path, {"Accept": media_type})
    assert answer.status == 200, (url, answer.text[:300])
    assert answer.header("Content-Type").split(";")[0] == media_type
    dataset = Dataset()
    dataset.parse(data=answer.body, format=FORMATS[media_type])
    default, named = Graph(), {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = g.identifier if hasattr(g, "identifier") else g
        if name == DATASET_DEFAULT_GRAPH_ID:
            default.add((s, p, o))
        else:
            named.setdefault(name, Graph()).add((s, p, o))
    headers = {name.lower(): value for name, value in answer.headers.items()}
    return Page(url, headers, default, named)


def replicate(server, root: str, media_type: str = "application/trig") -> Replica:
    """Fetch *root* and every node its relations lead to, once each; members must not repeat."""
    replica, queue, visited, seen = Replica(), [root], set(), set()
    while queue:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        page = get_page(server, url, media_type)
        replica.pages.append(page)
        for member in page.default.objects(None, TREE.member):
            assert isinstance(member, URIRef), member
            assert member not in seen, f"{member} appears on more than one page"
            seen.add(member)
            replica.members.append(Member(
                member, page.default.value(member, RDF.type),
                page.default.value(member, AS.object), page.default.value(member, AS.published).toPython(),
                page.named.get(member, Graph())))
        for relation in page.default.objects(None, TREE.relation):
            node = page.default.value(relation, TREE.node)
            if str(node) not in visited:
                queue.append(str(node))
    return replica


def described(dump_path, base: str) -> dict[URIRef, Graph]:
    """Every resource under ``{base}id/`` in an N-Quads dump, with its fragments and blank nodes."""
    union = Graph()
    with gzip.open(dump_path, "rb") as dump:
        dataset = Dataset()
        dataset.parse(data=dump.read(), format="nquads")
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    resources: dict[URIRef, Graph] = {}
    for subject in set(union.subjects()):
        if isinstance(subject, URIRef) and str(subject).startswith(base + "id/"):
            owner = URIRef(str(subject).split("#", 1)[0])
            graph = resources.setdefault(owner, Graph())
            stack = [subject]
            while stack:
                node = stack.pop()
                for triple in union.triples((node, None, None)):
                    graph.add(triple)
                    if isinstance(triple[2], BNode):
                        stack.append(triple[2])
    return resources
