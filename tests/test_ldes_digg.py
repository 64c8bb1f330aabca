"""DIGG's LDES DCAT-AP test cases, used two ways: by a reference consumer, and by lodpub's change detection.

Each case has a state before, a feed, the state after and a report of what was
added, updated and removed. The consumer applies the official feed to the state
before and must reach the state after; lodpub compares the two states the way a
build compares the catalog with its log, and must find the report's changes and
make a feed that the consumer turns into the state after.
"""

from __future__ import annotations

import json

import pytest
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF

from conftest import SHARED, shared_path
from lodpub.publish.changelog import CREATE, DELETE, UPDATE, diff
from lodpub.publish.members import members_of

AS = "https://www.w3.org/ns/activitystreams#"
CASES = sorted((SHARED / "external" / "ldes" / "digg-ldes-dcat-ap-test-cases").glob("test*"),
               key=lambda path: int(path.name[4:]))


def remove_description(graph: Graph, resource: URIRef) -> None:
    """Remove what *graph* says about *resource*: its triples and the blank nodes they lead to."""
    stack = [resource]
    while stack:
        node = stack.pop()
        for triple in list(graph.triples((node, None, None))):
            graph.remove(triple)
            if isinstance(triple[2], BNode):
                stack.append(triple[2])


def apply_feed(state: Graph, feed: Dataset) -> Graph:
    """Apply every activity of *feed*, in order of publication, to a copy of *state*."""
    result = Graph()
    result += state
    default = feed.graph(DATASET_DEFAULT_GRAPH_ID)
    activities = sorted((published, activity) for activity, published in
                        default.subject_objects(URIRef(AS + "published")))
    for _, activity in activities:
        kind, target = default.value(activity, RDF.type), default.value(activity, URIRef(AS + "object"))
        remove_description(result, target)
        if kind != URIRef(AS + "Delete"):
            result += feed.graph(activity)
    return result


def descriptions(graph: Graph) -> dict:
    """lodpub's canonical description of every IRI subject of *graph*."""
    rows = []
    for line in graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines():
        if line.strip():
            subject, predicate, rest = line.split(" ", 2)
            owner = None if subject.startswith("_:") else subject[1:-1]
            rows.append((owner, subject, predicate, rest[:-1].rstrip()))
    return members_of(rows)


def as_feed(changes) -> Dataset:
    """Write lodpub's changes as a DCAT-AP feed: one activity per change, its payload in a named graph."""
    feed = Dataset()
    default = feed.graph(DATASET_DEFAULT_GRAPH_ID)
    kinds = {CREATE: "Create", UPDATE: "Update", DELETE: "Delete"}
    for number, change in enumerate(changes, start=1):
        activity = URIRef(f"https://lodpub.test/feed/event/{number}")
        default.add((activity, RDF.type, URIRef(AS + kinds[change.kind])))
        default.add((activity, URIRef(AS + "object"), URIRef(change.resource)))
        default.parse(data=f'<{activity}> <{AS}published> "2024-01-01T00:00:{number:02d}Z"'
                           f'^^<http://www.w3.org/2001/XMLSchema#dateTime> .', format="nt")
        payload = "".join(f"{s} {p} {o} .\n" for s, p, o in change.triples)
        feed.graph(activity).parse(data=payload, format="nt")
    return feed


@pytest.fixture(params=[path.name for path in CASES] or ["absent"])
def case(request):
    return shared_path("external", "ldes", "digg-ldes-dcat-ap-test-cases", request.param)


def test_the_reference_consumer_reaches_the_state_after(case):
    before, after = Graph().parse(case / "before.ttl"), Graph().parse(case / "after.ttl")
    feed = Dataset()
    feed.parse(case / "feed.trig", format="trig", publicID=f"https://example.com/{case.name}")
    result = apply_feed(before, feed)
    assert isomorphic(result, after)
    assert result.query((case / "test.sparql").read_text(encoding="utf-8")).askAnswer


def test_lodpub_finds_the_reported_changes_and_its_feed_reaches_the_state_after(case):
    before, after = Graph().parse(case / "before.ttl"), Graph().parse(case / "after.ttl")
    previous = {resource: item.digest for resource, item in descriptions(before).items()}
    changes = diff(previous, descriptions(after))
    report = json.loads((case / "report.json").read_text(encoding="utf-8"))
    found = {kind: sorted(change.resource for change in changes if change.kind == kind)
             for kind in (CREATE, UPDATE, DELETE)}
    assert found == {CREATE: sorted(report["addedURIs"]), UPDATE: sorted(report["updatedURIs"]),
                     DELETE: sorted(report["removedURIs"])}
    assert isomorphic(apply_feed(before, as_feed(changes)), after)
