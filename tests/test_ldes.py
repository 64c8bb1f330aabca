"""The event streams end to end: ``/ldes`` and the DCAT-AP feed ``/catalog/feed``, against ``lodpub serve``.

The read-only checks use the session's example server. The history checks build a
copy of the example six times (edit, add, delete, rebuild unchanged, a build whose
record was lost) and then serve it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, FOAF, RDF, XSD

from conftest import LiveServer, copy_example, run_cli, shared_path
from ldes_client import AS, FORMATS, LDES, TREE, get_page, replicate
from ldes_client import described as described_in_dump
from lodpub.release import current_release
from lodpub.publish.changelog import log_path
from test_web_resources import fetch

BASE = "http://lodpub.test/"
EPOCHS = [1700000000 + day * 86400 for day in range(6)]
ARTICLE_A = "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"
ARTICLE_B = "content/articles/2024-02-01-besok-planeras.md"
B_TEXT = """---
headline: Besök i Vännäs planeras
datePublished: 2024-02-01
inLanguage: sv
publisher: se-2460
about: [se-2460--ua-UA63140110000087562]
description: { sv: "Ett besök från Slobozhanske planeras." }
---
Ett besök från Slobozhanske planeras när säkerhetsläget tillåter det.
"""


def feed_shapes() -> Graph:
    return Graph().parse(shared_path("external", "ldes", "dcat-ap-feeds", "shape.built.ttl"))


def moment(epoch: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc)


def timestamp(epoch: int) -> str:
    return moment(epoch).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- the stream as the example serves it -----------------------------------------------------

def test_the_root_carries_the_context_the_server_primer_asks_for(live_server):
    root = get_page(live_server, live_server.url + "/ldes")
    graph = root.default
    stream = URIRef(live_server.url + "/ldes#stream")
    assert (stream, RDF.type, LDES.EventStream) in graph
    assert list(graph.objects(stream, TREE.view)) == [URIRef(live_server.url + "/ldes")]
    for path in (LDES.timestampPath, LDES.versionOfPath, TREE.shape, LDES.pollingInterval):
        assert len(list(graph.objects(stream, path))) == 1, path
    assert graph.value(stream, LDES.timestampPath) == AS.published
    assert graph.value(stream, LDES.versionOfPath) == AS.object
    view = URIRef(live_server.url + "/ldes")
    policies = list(graph.objects(view, LDES.retentionPolicy))
    assert len(policies) == 1 and isinstance(policies[0], URIRef)
    assert graph.value(policies[0], LDES.startingFrom).datatype == XSD.dateTime
    assert len(list(graph.objects(view, TREE.viewDescription))) == 1
    shape = graph.value(stream, TREE.shape)
    assert (shape, RDF.type, URIRef("http://www.w3.org/ns/shacl#NodeShape")) in graph
    members = list(graph.objects(stream, TREE.member))
    assert members and all(isinstance(member, URIRef) for member in members)
    times = [value for value in graph.objects() if isinstance(value, Literal) and value.datatype == XSD.dateTime]
    assert times and all(value.toPython().tzinfo is not None for value in times)
    conforms, _, text = pyshacl.validate(graph, shacl_graph=graph, inference="none")
    assert conforms, text                                     # every member meets tree:shape
    assert root.headers["cache-control"] == "public, max-age=60"
    assert root.headers["etag"]


def test_a_client_replicates_the_whole_dataset_from_the_root(live_server):
    replica = replicate(live_server, live_server.url + "/ldes")
    build = current_release(live_server.project)
    expected = described_in_dump(build.dumps_path / "dataset.nq.gz", build.base)
    state = replica.state()
    assert set(state) == set(expected)
    for resource, graph in expected.items():
        assert isomorphic(state[resource], graph), resource
    assert {member.kind for member in replica.members} == {AS.Create}


def test_every_format_of_a_page_says_the_same(live_server):
    pages = [get_page(live_server, live_server.url + "/catalog/feed", media_type) for media_type in FORMATS]
    for page in pages[1:]:
        assert isomorphic(page.default, pages[0].default)
        assert set(page.named) == set(pages[0].named)
        assert all(isomorphic(graph, pages[0].named[name]) for name, graph in page.named.items())
    assert fetch(live_server.url, "/ldes", {"Accept": "text/html"}).status == 406


def test_a_member_dereferences_to_itself(live_server):
    replica = replicate(live_server, live_server.url + "/ldes")
    member = replica.members[0]
    page = get_page(live_server, str(member.iri))
    assert page.headers["cache-control"] == "public, max-age=604800, immutable"
    assert page.default.value(member.iri, AS.object) == member.object
    assert isomorphic(page.named[member.iri], member.payload)
    assert fetch(live_server.url, "/ldes/event/99999").status == 404
    assert fetch(live_server.url, "/ldes/page/7").status == 404


def test_the_catalog_feed_is_a_dcat_ap_feed_in_diggs_form(live_server):
    """Default and named graphs together conform to the DCAT-AP Feeds shape, in TriG and JSON-LD."""
    shapes = feed_shapes()
    for media_type in ("application/trig", "application/ld+json"):
        page = get_page(live_server, live_server.url + "/catalog/feed", media_type)
        merged = Graph()
        for graph in [page.default, *page.named.values()]:
            merged += graph
        conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none")
        assert conforms, text
        stream = URIRef(live_server.url + "/catalog/feed#stream")
        assert page.default.value(stream, TREE.shape) == URIRef(
            "https://semiceu.github.io/LDES-DCAT-AP-feeds/shape.ttl#ActivityShape")
        assert page.default.value(stream, TREE.view) == URIRef(live_server.url + "/catalog/feed")
        assert page.default.value(stream, LDES.timestampPath) == AS.published
        assert page.default.value(stream, LDES.versionOfPath) == AS.object


def test_replaying_the_catalog_feed_gives_the_catalog(live_server):
    """The feed types byte sizes as its shapes (DCAT-AP 3.0.0) do, as the 2.1.1 profile does."""
    replica = replicate(live_server, live_server.url + "/catalog/feed")
    replayed = Graph()
    for graph in replica.state().values():
        replayed += graph
    catalog = Graph().parse(data=fetch(live_server.url, "/catalog.nt?profile=dcat-ap-2.1.1").body,
                            format="nt")
    assert isomorphic(replayed, catalog)
    members = sorted(replica.members, key=lambda member: int(str(member.iri).rsplit("/", 1)[-1]))
    kinds = [set(member.payload.objects(member.object, RDF.type)) for member in members]
    assert FOAF.Agent in kinds[0]                   # entities are created before they are referenced
    assert DCAT.Catalog in kinds[-1]
    dataset = next(index for index, types in enumerate(kinds) if DCAT.Dataset in types)
    assert all(index < dataset for index, types in enumerate(kinds) if DCAT.Distribution in types)


# -- a history of builds ----------------------------------------------------------------------

def history_project(folder: Path) -> Path:
    """Build a copy of the example six times, changing it in between (see the comments)."""
    project = copy_example(folder / "project")
    settings = project / "lodpub.toml"
    settings.write_text(f'base = "{BASE}"\n' + settings.read_text(encoding="utf-8")
                        + "\n[ldes]\npage_size = 4\n", encoding="utf-8")
    article_a = project / ARTICLE_A
    original = article_a.read_text(encoding="utf-8")

    def build(step: int):
        result = run_cli("build", project, env={"SOURCE_DATE_EPOCH": str(EPOCHS[step])})
        assert result.returncode == 0, result.stderr

    build(0)                                                       # everything is created
    article_a.write_text(original.replace("Signerat partnerskap", "Undertecknat partnerskap"),
                         encoding="utf-8")
    (project / ARTICLE_B).write_text(B_TEXT, encoding="utf-8")
    build(1)                                                       # A edited, B added
    (project / ARTICLE_B).unlink()
    build(2)                                                       # B deleted
    build(3)                                                       # nothing changed
    article_a.write_text(original.replace("Signerat partnerskap", "Signerat vänortsavtal"),
                         encoding="utf-8")
    log = log_path(project / "_build", BASE)
    kept = log.with_suffix(".kept")
    shutil.copyfile(log, kept)
    build(4)                                                       # A edited again ...
    shutil.copyfile(kept, log)                                     # ... but its record is lost
    kept.unlink()
    build(5)                                                       # nothing changed: recovers 4
    return project


@pytest.fixture(scope="module")
def history_server(tmp_path_factory):
    server = LiveServer(history_project(tmp_path_factory.mktemp("history")))
    yield server
    server.stop()


def events_at(replica, epoch: int) -> list[tuple[str, str]]:
    return sorted((str(member.kind).rsplit("#", 1)[-1], str(member.object)) for member in replica.members
                  if member.published == moment(epoch))


def test_each_build_adds_exactly_its_changes(history_server):
    replica = replicate(history_server, history_server.url + "/ldes")
    a, b = BASE + "id/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske", \
        BASE + "id/article/2024-02-01-besok-planeras"
    first = events_at(replica, EPOCHS[0])
    assert len(first) > 30 and {kind for kind, _ in first} == {"Create"}
    assert events_at(replica, EPOCHS[1]) == [("Create", b), ("Update", a)]
    assert events_at(replica, EPOCHS[2]) == [("Delete", b)]
    assert events_at(replica, EPOCHS[3]) == []                    # an unchanged rebuild adds nothing
    assert events_at(replica, EPOCHS[4]) == [("Update", a)]       # recorded by the next build
    assert events_at(replica, EPOCHS[5]) == []
    headline = URIRef("http://schema.org/headline")
    versions = sorted((member for member in replica.members if str(member.object) == a),
                      key=lambda member: member.published)
    assert [str(member.payload.value(URIRef(a), headline)) for member in versions] == [
        "Signerat partnerskap mellan Vännäs och Slobozhanske",
        "Undertecknat partnerskap mellan Vännäs och Slobozhanske",
        "Signerat vänortsavtal mellan Vännäs och Slobozhanske"]
    deleted = next(member for member in replica.members if member.kind == AS.Delete)
    assert len(deleted.payload) == 0


def test_a_client_collects_every_member_once_across_pages(history_server):
    replica = replicate(history_server, history_server.url + "/ldes")
    assert len(replica.pages) > 5
    numbers = sorted(int(str(member.iri).rsplit("/", 1)[-1]) for member in replica.members)
    assert numbers == list(range(1, len(numbers) + 1))            # none missing, none twice
    build = current_release(history_server.project)
    expected = described_in_dump(build.dumps_path / "dataset.nq.gz", BASE)
    state = replica.state()
    assert set(state) == set(expected)
    assert all(isomorphic(state[resource], graph) for resource, graph in expected.items())


def test_full_pages_are_immutable_and_the_newest_is_not(history_server):
    root = get_page(history_server, history_server.url + "/ldes")
    view = URIRef(BASE + "ldes")
    bounds: dict[URIRef, dict] = {}
    for relation in root.default.objects(view, TREE.relation):
        kind = root.default.value(relation, RDF.type)
        assert root.default.value(relation, TREE.path) == AS.published
        value = root.default.value(relation, TREE.value)
        assert value.datatype == XSD.dateTime and value.toPython().tzinfo is not None
        bounds.setdefault(root.default.value(relation, TREE.node), {})[kind] = value.toPython()
    pages = sorted(bounds, key=lambda node: int(str(node).rsplit("/", 1)[-1]))
    newest = pages[-1]
    for node in pages:
        path = urlsplit(str(node)).path
        page = get_page(history_server, history_server.url + path)
        members = [m for m in page.default.objects(None, TREE.member)]
        published = sorted(page.default.value(m, AS.published).toPython() for m in members)
        assert published[0] == bounds[node][TREE.GreaterThanOrEqualToRelation]
        if node == newest:
            assert TREE.LessThanOrEqualToRelation not in bounds[node]
            assert page.headers["cache-control"] == "public, max-age=60"
            assert (node, LDES.immutable, None) not in page.default
        else:
            assert len(members) == 4
            assert published[-1] == bounds[node][TREE.LessThanOrEqualToRelation]
            assert page.headers["cache-control"] == "public, max-age=604800, immutable"
            assert (node, LDES.immutable, Literal(True)) in page.default
            etag = page.headers["etag"]
            again = fetch(history_server.url, path, {"Accept": "application/trig", "If-None-Match": etag})
            assert again.status == 304
    assert fetch(history_server.url, "/ldes/page/0").status == 301


def test_the_catalog_feed_records_the_catalogs_changes(history_server):
    replica = replicate(history_server, history_server.url + "/catalog/feed")
    dataset = BASE + "catalog#dataset"
    changed = {str(member.object) for member in replica.members
               if member.published == moment(EPOCHS[1])}
    assert {dataset, BASE + "catalog#catalog"} <= changed          # modified, keywords, period
    modified = [member.payload.value(URIRef(dataset), URIRef("http://purl.org/dc/terms/modified"))
                for member in sorted(replica.members, key=lambda member: member.published)
                if str(member.object) == dataset]
    assert modified[-1].toPython() == moment(EPOCHS[4])
    shapes = feed_shapes()
    for member in replica.members:                                 # each event as DIGG writes one
        page = get_page(history_server, history_server.url + urlsplit(str(member.iri)).path)
        merged = Graph()
        for graph in [page.default, *page.named.values()]:
            merged += graph
        conforms, _, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none")
        assert conforms, (member.iri, text)


def test_the_sitemap_dates_pages_by_their_last_change(history_server):
    sitemap = ET.fromstring(fetch(history_server.url, "/sitemap.xml").body)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    lastmod = {url.find(ns + "loc").text: url.find(ns + "lastmod").text for url in sitemap.iter(ns + "url")}
    assert lastmod[BASE + "doc/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske.html"] == \
        timestamp(EPOCHS[4])
    assert lastmod[BASE + "doc/municipality/se-2460.html"] == timestamp(EPOCHS[0])
    assert lastmod[BASE] == timestamp(EPOCHS[4])
