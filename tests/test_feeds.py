"""Atom feed, dumps, VoID and sitemap, end to end against ``lodpub serve``."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import feedparser
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, VOID, XSD

from lodpub.release import current_release
from test_web_resources import fetch

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE = "id/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske"
SLOBOZHANSKE = "id/municipality/ua-UA63140110000087562"


def atom(server, query: str = "") -> bytes:
    answer = fetch(server.url, "/feed.atom" + query)
    assert answer.status == 200, answer.text
    assert answer.header("Content-Type").split(";")[0] == "application/atom+xml"
    return answer.body


# -- Atom -------------------------------------------------------------------------------------

def test_the_feed_is_atom_that_feedparser_accepts(live_server):
    parsed = feedparser.parse(atom(live_server))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Vännäs kommuns partnerskap och nyheter"
    assert parsed.feed.author == "Vännäs kommun"
    [entry] = parsed.entries
    assert entry.id == f"{live_server.url}/{ARTICLE}"
    assert entry.title == "Signerat partnerskap mellan Vännäs och Slobozhanske"
    assert entry.summary.startswith("Vännäs och Slobozhanske signerade")
    assert entry.published == "2023-06-22T00:00:00+02:00" and entry.updated == entry.published
    assert entry.author == "Vännäs kommun"                      # the publisher: no author is named
    assert {tag.term for tag in entry.tags} == {"partnerskap", "Ukraina", "avsiktsförklaring"}


def test_the_feed_meets_rfc_4287(live_server):
    feed = ET.fromstring(atom(live_server))
    assert feed.tag == ATOM + "feed"
    for element in [feed, *feed.iter(ATOM + "entry")]:
        for required in ("id", "title", "updated"):
            assert len(element.findall(ATOM + required)) == 1, (element.tag, required)
        alternates = [(link.get("type"), link.get("hreflang"))
                      for link in element.findall(ATOM + "link") if link.get("rel") == "alternate"]
        assert len(alternates) == len(set(alternates))          # one alternate per type
    assert feed.find(ATOM + "author/" + ATOM + "name").text
    self_link = [link for link in feed.findall(ATOM + "link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == live_server.url + "/feed.atom"


def test_every_link_in_the_feed_resolves_with_its_type(live_server):
    parsed = feedparser.parse(atom(live_server))
    links = [link for link in parsed.feed.links if link.rel != "self"]
    links += [link for entry in parsed.entries for link in entry.links if link.rel == "alternate"]
    assert {link.type for link in links} >= {"text/html", "text/turtle", "application/ld+json",
                                              "application/rdf+xml", "application/n-triples"}
    for link in links:
        assert link.href.startswith(live_server.url + "/")
        answer = fetch(live_server.url, urlsplit(link.href).path)
        assert answer.status == 200, link.href
        assert answer.header("Content-Type").split(";")[0] == link.type, link.href
    turtle = next(link for link in parsed.entries[0].links if link.type == "text/turtle")
    graph = Graph().parse(data=fetch(live_server.url, urlsplit(turtle.href).path).body, format="turtle")
    assert (URIRef(parsed.entries[0].id), None, None) in graph


def test_a_feed_about_a_municipality_partnership_or_person(live_server):
    for about in (f"{live_server.url}/{SLOBOZHANSKE}",                    # by its partnership
                  f"/{SLOBOZHANSKE}",                                       # a path will do
                  f"{live_server.url}/id/partnership/se-2460--ua-UA63140110000087562",
                  f"{live_server.url}/id/person/16e3c36b-7ac9-4946-a405-b8fdfc3391a8"):
        parsed = feedparser.parse(atom(live_server, "?about=" + quote(about, safe="")))
        assert not parsed.bozo
        assert [entry.id for entry in parsed.entries] == [f"{live_server.url}/{ARTICLE}"], about
    parsed = feedparser.parse(atom(live_server, f"?about={live_server.url}/{SLOBOZHANSKE}"))
    assert parsed.feed.title.endswith("Slobozhanske kommun")
    assert parsed.feed.id == f"{live_server.url}/feed.atom?about={live_server.url}/{SLOBOZHANSKE}"
    unrelated = feedparser.parse(atom(live_server, f"?about={live_server.url}/id/organisation/socialdemokraterna"))
    assert not unrelated.bozo and unrelated.entries == []


def test_bad_feed_parameters_are_clear_errors(live_server):
    cases = {"?about=not%20an%20iri": (400, "'about'"),
             "?about=http://x.org/a%3E%20%3Fs": (400, "'about'"),
             f"?about={live_server.url}/id/place/nowhere": (404, "says nothing about"),
             "?about=/id/place/sweden&about=/id/place/ukraine": (400, "once")}
    for query, (status, words) in cases.items():
        answer = fetch(live_server.url, "/feed.atom" + query, {"Accept": "text/plain"})
        assert answer.status == status, query
        assert words in answer.text and "Traceback" not in answer.text


# -- downloads ------------------------------------------------------------------------------

def test_an_unknown_download_lists_what_there_is(live_server):
    answer = fetch(live_server.url, "/download/dataset.csv", {"Accept": "text/plain"})
    assert answer.status == 404 and "dataset.ttl" in answer.text


# -- VoID ---------------------------------------------------------------------------------------

def test_void_describes_the_dataset_with_counts(live_server):
    answer = fetch(live_server.url, "/.well-known/void", {"Accept": "text/turtle"})
    assert answer.status == 200 and answer.header("Content-Type").startswith("text/turtle")
    void = Graph().parse(data=answer.body, format="turtle")
    base = live_server.url + "/"
    dataset = URIRef(base + "catalog#dataset")
    assert (URIRef(base + ".well-known/void"), None, dataset) in void
    assert (dataset, RDF.type, VOID.Dataset) in void
    assert void.value(dataset, VOID.uriSpace) == Literal(base + "id/")
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(base + "sparql")
    build = current_release(live_server.project)
    dumps = {URIRef(f"{base}download/{dump['name']}") for dump in build.manifest["dumps"]}
    assert set(void.objects(dataset, VOID.dataDump)) == dumps
    data = Graph()
    with gzip.open(build.dumps_path / "dataset.nt.gz", "rb") as dump:
        data.parse(data=dump.read(), format="nt")
    counts = {VOID.triples: len(data), VOID.properties: len(set(data.predicates())),
              VOID.classes: len(set(data.objects(None, RDF.type))),
              VOID.entities: len({s for s in data.subjects() if str(s).startswith(base + "id/")})}
    for predicate, expected in counts.items():
        assert void.value(dataset, predicate) == Literal(expected, datatype=XSD.integer), predicate
    partitions = {void.value(part, VOID["class"]): int(void.value(part, VOID.entities))
                  for part in void.objects(dataset, VOID.classPartition)}
    assert partitions[URIRef("http://schema.org/NewsArticle")] == 1
    assert partitions[URIRef("https://w3id.org/lodpub/ns#Municipality")] == 2
    examples = set(void.objects(dataset, VOID.exampleResource))
    assert URIRef(f"{base}{ARTICLE}") in examples
    for example in examples:
        assert fetch(live_server.url, urlsplit(str(example)).path).status == 303


def test_the_catalog_links_to_void(live_server):
    catalog = Graph().parse(data=fetch(live_server.url, "/catalog.ttl").body, format="turtle")
    dataset = URIRef(live_server.url + "/catalog#dataset")
    assert URIRef(live_server.url + "/.well-known/void") in set(catalog.objects(dataset, None))


# -- sitemap ------------------------------------------------------------------------------------

def test_the_sitemap_lists_every_html_page_with_its_last_change(live_server):
    answer = fetch(live_server.url, "/sitemap.xml")
    assert answer.status == 200 and answer.header("Content-Type").startswith("application/xml")
    root = ET.fromstring(answer.body)
    assert root.tag == SITEMAP + "urlset"
    entries = {url.find(SITEMAP + "loc").text: url.find(SITEMAP + "lastmod").text
               for url in root.iter(SITEMAP + "url")}
    base = live_server.url + "/"
    assert {base, base + "sparql", base + "ontology", base + "shapes"} <= set(entries)
    build = current_release(live_server.project)
    documents = {iri.split("#", 1)[0] for document in build.manifest["documents"]
                 for iri in document["subjects"]} | {d["graph"] for d in build.manifest["documents"]}
    expected = {base + "doc/" + iri[len(base):].removeprefix("id/") + ".html" for iri in documents}
    assert expected <= set(entries)
    assert all(lastmod.endswith("Z") and len(lastmod) == 20 for lastmod in entries.values())
    for url in entries:
        assert url.isascii()
        page = fetch(live_server.url, urlsplit(url).path)
        assert page.status == 200, url
        if url != base + "ontology" and url != base + "shapes" and url != base + "sparql":
            assert page.header("Content-Type").startswith("text/html"), url
