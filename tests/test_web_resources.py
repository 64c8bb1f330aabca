"""Linked Data over HTTP, end to end against ``lodpub serve``: 303s, negotiation, descriptions."""

from __future__ import annotations

import doctest
import gzip
import http.client
import importlib
import json
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from lodpub.release import current_release

SCHEMA = "http://schema.org/"
LP = "https://w3id.org/lodpub/ns#"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt", "application/rdf+xml": "xml"}
ARTICLE = "/doc/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske"
VANNAS = "/doc/municipality/se-2460"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(url: str, path: str, headers: dict | None = None, method: str = "GET") -> Answer:
    """Send one request exactly as written (no redirects followed, no path clean-up)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def parse(answer: Answer, url: str) -> Graph:
    """Parse an RDF answer from the server at *url*; JSON-LD gets the server's context inlined,
    so that no parser fetches anything (the context's address is under the project's base)."""
    media_type = answer.header("Content-Type").split(";")[0]
    data = answer.body
    if media_type == "application/ld+json":
        document = json.loads(data)
        assert document["@context"].endswith("/context.jsonld")
        server = "{0.scheme}://{0.netloc}".format(urlsplit(url))
        document["@context"] = json.loads(fetch(server, "/context.jsonld").body)["@context"]
        data = json.dumps(document)
    return Graph().parse(data=data, format=RDF_TYPES[media_type], publicID=url)


def ascii_path(iri: str, base: str) -> str:
    """The request path for an IRI under *base*, without its fragment, %-encoded."""
    return quote(iri[len(base) - 1:].split("#", 1)[0], safe="/%-._~:@!$&'()*+,;=")


def iris_under_base(project) -> tuple[str, set[str]]:
    """Every IRI under the base in the build's N-Quads dump (subjects, objects, graph names)."""
    build = current_release(project)
    dataset = Dataset()
    with gzip.open(build.dumps_path / "dataset.nq.gz", "rb") as dump:
        dataset.parse(data=dump.read(), format="nquads")
    iris = {str(term) for quad in dataset.quads((None, None, None, None)) for term in quad
            if isinstance(term, URIRef) and str(term).startswith(build.base)}
    return build.base, iris


# -- every IRI dereferences, and every format says the same ------------------------

def test_every_iri_under_the_base_dereferences_in_every_format(live_server):
    base, iris = iris_under_base(live_server.project)
    assert base == live_server.url + "/"
    documents = {iri.split("#", 1)[0] for iri in iris}
    assert any("#quote-" in iri for iri in iris) and any("/graph/" in iri for iri in iris)
    assert len(documents) > 30
    for document in sorted(documents):
        path = ascii_path(document, base)
        graphs = []
        for media_type in [*RDF_TYPES, "text/html"]:
            seen = fetch(live_server.url, path, {"Accept": media_type})
            assert seen.status == 303, (path, seen.status)
            target = seen.header("Location")
            assert target.startswith("/doc/")
            answer = fetch(live_server.url, target, {"Accept": media_type})
            assert answer.status == 200, (target, media_type, answer.text[:300])
            assert answer.header("Content-Type").split(";")[0] == media_type
            if media_type != "text/html":
                graphs.append(parse(answer, live_server.url + target))
        assert URIRef(document) in {term for triple in graphs[0] for term in triple}, document
        for other in graphs[1:]:
            assert isomorphic(graphs[0], other), f"{path}: formats disagree"


def test_hash_iris_are_described_on_their_document(live_server):
    answer = fetch(live_server.url, ARTICLE + ".ttl")
    graph = parse(answer, live_server.url)
    quote_iri = URIRef(live_server.url + ARTICLE.replace("/doc/", "/id/") + "#quote-1")
    assert (quote_iri, RDF.type, URIRef(SCHEMA + "Quotation")) in graph
    assert (quote_iri, URIRef(SCHEMA + "text"), Literal("Det kändes stort att signera avtalet.",
                                                         lang="sv")) in graph


def test_keys_with_slashes_dereference(live_server):
    path = "/id/agreement/se-2460--ua-UA63140110000087562/2023-06-20-letterOfIntent"
    seen = fetch(live_server.url, path)
    assert seen.status == 303
    assert seen.header("Location") == path.replace("/id/", "/doc/")
    graph = parse(fetch(live_server.url, seen.header("Location")), live_server.url)
    assert (URIRef(live_server.url + path), RDF.type, URIRef(LP + "Agreement")) in graph


def test_graph_iris_dereference_to_their_provenance(live_server):
    seen = fetch(live_server.url, "/graph/registry/municipalities")
    assert seen.status == 303 and seen.header("Location") == "/doc/graph/registry/municipalities"
    graph = parse(fetch(live_server.url, "/doc/graph/registry/municipalities.nt"), live_server.url)
    source = graph.value(URIRef(live_server.url + "/graph/registry/municipalities"),
                         URIRef("http://purl.org/dc/terms/source"))
    assert str(source) == "registry/municipalities.yaml"
    page = fetch(live_server.url, "/doc/graph/registry/municipalities.html").text
    assert 'href="/doc/municipality/se-2460"' in page  # what the source document describes


# -- what a description holds ----------------------------------------------------------

def test_a_description_holds_facts_blank_nodes_neighbour_labels_and_incoming_links(live_server):
    graph = parse(fetch(live_server.url, VANNAS + ".ttl"), live_server.url)
    vannas = URIRef(live_server.url + "/id/municipality/se-2460")
    identifiers = {str(graph.value(node, URIRef(SCHEMA + "value")))
                   for node in graph.objects(vannas, URIRef(SCHEMA + "identifier"))}
    assert identifiers == {"2460", "212000-2841"}  # blank nodes, with their own facts
    area = graph.value(vannas, URIRef(LP + "jurisdiction"))
    assert Literal("Vännäs kommun (område)", lang="sv") in set(graph.objects(area, URIRef(SCHEMA + "name")))
    partnership = URIRef(live_server.url + "/id/partnership/se-2460--ua-UA63140110000087562")
    article = URIRef(live_server.url + ARTICLE.replace("/doc/", "/id/"))
    assert (partnership, URIRef(LP + "partner"), vannas) in graph
    assert (article, URIRef(SCHEMA + "mentions"), vannas) in graph
    assert (article, URIRef(SCHEMA + "headline"), None) in graph  # labels of what links here
    assert (article, URIRef(SCHEMA + "articleBody"), None) not in graph  # but not all its facts


def test_a_municipality_page_lists_its_partnerships_and_the_articles_that_mention_it(live_server):
    page = fetch(live_server.url, VANNAS, {"Accept": "text/html", "Accept-Language": "en"}).text
    assert 'href="/doc/partnership/se-2460--ua-UA63140110000087562"' in page
    assert f'href="{ARTICLE}"' in page
    assert "Vännäs–Slobozhanske partnership" in page
    assert "registry/municipalities.yaml" in page  # the source document of the facts


# -- content negotiation ------------------------------------------------------------------

@pytest.mark.parametrize("accept, expected", [
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    (BROWSER_ACCEPT, "text/html"),
    ("application/ld+json", "application/ld+json"),
    ("text/turtle;q=0.5, application/n-triples", "application/n-triples"),
    ("application/rdf+xml;q=0.9, text/turtle;q=0.2, text/html;q=0.1", "application/rdf+xml"),
    ("text/*", "text/turtle"),
])
def test_accept_chooses_the_format(live_server, accept, expected):
    answer = fetch(live_server.url, VANNAS, {"Accept": accept} if accept else {})
    assert answer.status == 200
    assert answer.header("Content-Type").split(";")[0] == expected
    assert "Accept" in answer.header("Vary")
    extension = {"text/turtle": "ttl", "text/html": "html", "application/ld+json": "jsonld",
                 "application/n-triples": "nt", "application/rdf+xml": "rdf"}[expected]
    assert answer.header("Content-Location") == f"{VANNAS}.{extension}"


@pytest.mark.parametrize("extension, media_type", [
    ("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nt", "application/n-triples"),
    ("rdf", "application/rdf+xml"), ("html", "text/html")])
def test_the_extension_wins_over_accept(live_server, extension, media_type):
    accept = "text/html" if extension != "html" else "text/turtle"
    answer = fetch(live_server.url, f"{VANNAS}.{extension}", {"Accept": accept})
    assert answer.status == 200
    assert answer.header("Content-Type").split(";")[0] == media_type


def test_link_headers_name_every_format(live_server):
    link = fetch(live_server.url, VANNAS).header("Link")
    for extension, media_type in [("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                                  ("nt", "application/n-triples"), ("rdf", "application/rdf+xml"),
                                  ("html", "text/html")]:
        assert f'<{VANNAS}.{extension}>; rel="alternate"; type="{media_type}"' in link


@pytest.mark.parametrize("path", ["/id/municipality/se-2460", VANNAS, "/catalog", "/.well-known/void",
                                  "/ontology", "/sparql"])
@pytest.mark.parametrize("accept", ["text/plain", "text/plain, */*;q=0.1"])
def test_text_plain_is_answered_with_n_triples(live_server, path, accept):
    """text/plain is N-Triples' historical media type, alone or as rdflib sends it."""
    answer = fetch(live_server.url, path, {"Accept": accept})
    if answer.status == 303:
        answer = fetch(live_server.url, answer.header("Location"), {"Accept": accept})
    assert answer.status == 200, answer.body[:300]
    assert answer.header("Content-Type").split(";")[0] == "application/n-triples"
    assert len(Graph().parse(data=answer.body, format="nt")) > 0


def test_rdflib_reads_a_thing_as_n_triples_with_its_own_client(live_server):
    """rdflib fetches with urllib, follows the 303 and parses what it gets as N-Triples."""
    thing = f"{live_server.url}/id/municipality/se-2460"
    fetched = Graph().parse(thing, format="nt")
    turtle = Graph().parse(data=fetch(live_server.url, VANNAS + ".ttl").body, format="turtle")
    assert isomorphic(fetched, turtle)
    assert (URIRef(thing), RDF.type, URIRef(LP + "Municipality")) in fetched


def test_nothing_acceptable_is_406_listing_what_is(live_server):
    answer = fetch(live_server.url, VANNAS, {"Accept": "image/png"})
    assert answer.status == 406
    for media_type in ["text/turtle", "application/ld+json", "application/n-triples",
                       "application/rdf+xml", "text/html"]:
        assert media_type in answer.text


def test_unknown_iris_are_404(live_server):
    for path in ["/id/municipality/se-9999", "/doc/municipality/se-9999", "/doc/municipality/se-9999.ttl",
                 "/graph/registry/nothing", "/id/nothing"]:
        answer = fetch(live_server.url, path)
        assert answer.status == 404, path
        assert answer.text.startswith("# 404 Not Found")


def test_an_unknown_extension_is_part_of_the_key_and_so_404(live_server):
    assert fetch(live_server.url, VANNAS + ".png").status == 404


# -- JSON-LD --------------------------------------------------------------------------------

def test_json_ld_uses_the_published_context(live_server):
    document = json.loads(fetch(live_server.url, VANNAS + ".jsonld").body)
    assert document["@context"] == live_server.url + "/context.jsonld"
    context = json.loads(fetch(live_server.url, "/context.jsonld").body)["@context"]
    assert context["schema"] == SCHEMA and context["lp"] == LP
    node = next(item for item in document["@graph"]
                if item["@id"] == live_server.url + "/id/municipality/se-2460")
    assert node["@type"] == "lp:Municipality"
    assert {"@value": "Vännäs kommun", "@language": "sv"} in node["schema:name"]


def test_schema_org_profile_gives_the_embedded_object(live_server):
    alone = fetch(live_server.url, ARTICLE + ".jsonld?profile=schema.org",
                  {"Accept-Language": "sv"})
    assert alone.status == 200 and alone.header("Content-Type").startswith("application/ld+json")
    assert "Accept-Language" in alone.header("Vary")
    data = json.loads(alone.body)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Signerat partnerskap mellan Vännäs och Slobozhanske"
    assert data["datePublished"] == "2023-06-22T00:00:00+02:00"  # midnight, Europe/Stockholm
    assert data["publisher"]["@type"] == "GovernmentOrganization"
    assert data["publisher"]["name"] == "Vännäs kommun" and data["publisher"]["url"]
    page = fetch(live_server.url, ARTICLE + ".html", {"Accept-Language": "sv"}).text
    embedded = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(embedded) == data


def test_a_bad_profile_is_400_naming_the_parameter(live_server):
    answer = fetch(live_server.url, ARTICLE + ".jsonld?profile=google", {"Accept": "application/json"})
    assert answer.status == 400
    error = json.loads(answer.body)["error"]
    assert "'profile'" in error["message"] and "schema.org" in error["message"]


# -- languages ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, title, content_language", [
    ("uk", "Слобожанська селищна громада", "uk"),
    ("en-GB,en;q=0.8", "Slobozhanske settlement hromada", "en"),
    ("sv", "Slobozhanske kommun", "sv"),
    ("fi", "Slobozhanske kommun", "sv"),  # no Finnish: the project's fallback order, sv first
])
def test_the_title_follows_accept_language(live_server, language, title, content_language):
    answer = fetch(live_server.url, "/doc/municipality/ua-UA63140110000087562.html",
                   {"Accept-Language": language})
    assert f">{title}</h1>" in answer.text
    assert answer.header("Content-Language") == content_language
    assert "Accept-Language" in answer.header("Vary")


# -- the other pages ----------------------------------------------------------------------------

def test_home_page_shows_counts_articles_partnerships_and_links(live_server):
    page = fetch(live_server.url, "/", {"Accept-Language": "en"}).text
    assert "Newest articles" in page and f'href="{ARTICLE}"' in page
    assert "<svg" in page and 'href="/doc/municipality/ua-UA63140110000087562"' in page
    assert "Vännäs–Slobozhanske partnership" in page
    for link in ['href="/sparql"', 'href="/catalog"', 'href="/ontology"', 'href="/download/dataset.ttl"',
                 'href="/.well-known/void"', 'href="/feed.atom"', 'href="/ldes"']:
        assert link in page
    head = page.split("</head>", 1)[0]
    assert '<link rel="alternate" type="application/atom+xml" href="/feed.atom"' in head
    assert 'src="http' not in page and 'href="http' not in head  # nothing loaded from elsewhere
    css = fetch(live_server.url, "/static/lodpub.css").text
    assert "@import" not in css and "url(" not in css


def test_ontology_by_negotiation_and_its_terms_have_anchors(live_server):
    html = fetch(live_server.url, "/ontology", {"Accept": "text/html", "Accept-Language": "sv"}).text
    assert 'id="partner"' in html and 'id="Municipality"' in html and 'id="intentDeclared"' in html
    assert "kommun" in html
    turtle = fetch(live_server.url, "/ontology", {"Accept": "text/turtle"})
    graph = parse(turtle, live_server.url)
    assert (URIRef(LP + "partner"), RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")) in graph
    jsonld = fetch(live_server.url, "/ontology", {"Accept": "application/ld+json"})
    assert isomorphic(graph, parse(jsonld, live_server.url))
    page = fetch(live_server.url, VANNAS + ".html").text
    assert 'href="/ontology#jurisdiction"' in page  # terms link to their documentation


def test_shapes_by_negotiation(live_server):
    html = fetch(live_server.url, "/shapes", {"Accept": "text/html"}).text
    assert 'id="NewsArticleShape"' in html and "schema:headline" in html
    assert ">NewsArticleShape</span>" in html
    graph = parse(fetch(live_server.url, "/shapes.ttl"), live_server.url)
    assert (None, URIRef("http://www.w3.org/ns/shacl#targetClass"), URIRef(SCHEMA + "NewsArticle")) in graph
    # the catalog's shapes are published beside the content's
    assert (None, URIRef("http://www.w3.org/ns/shacl#targetClass"),
            URIRef("http://www.w3.org/ns/dcat#Catalog")) in graph


def test_robots_names_the_sitemap(live_server):
    answer = fetch(live_server.url, "/robots.txt")
    assert answer.status == 200
    assert f"Sitemap: {live_server.url}/sitemap.xml" in answer.text


def test_every_representation_is_the_same_bytes_each_time(live_server):
    for path in [VANNAS + ".ttl", VANNAS + ".jsonld", ARTICLE + ".html", "/"]:
        first, second = fetch(live_server.url, path), fetch(live_server.url, path)
        assert first.body == second.body and first.header("ETag") == second.header("ETag")


@pytest.mark.parametrize("module", [
    "lodpub.web.resources.documents", "lodpub.web.resources.jsonld", "lodpub.web.site.labels",
    "lodpub.web.resources.schemaorg", "lodpub.web.resources.markdown", "lodpub.web.site.hygiene",
    "lodpub.web.resources.home",
    "lodpub.publish.withdrawn"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_the_pages_words_exist_in_every_language():
    from lodpub.web.site.ui import STRINGS

    keys = {language: set(words) for language, words in STRINGS.items()}
    assert all(found == keys["en"] for found in keys.values())


def test_the_partnership_picture_draws_the_busiest_municipalities():
    from lodpub.web.resources.home import Named, Partnership
    from lodpub.web.site.labels import Languages
    from lodpub.web.resources.picture import partnership_picture

    def municipality(number: int) -> Named:
        return Named(f"http://d/id/municipality/m{number:02}", {Literal(f"M{number:02}", lang="en"): None})

    hub = municipality(0)
    partnerships = [Partnership(f"http://d/id/partnership/{number}", {}, {
        hub.iri: hub, municipality(number).iri: municipality(number)}, None) for number in range(1, 31)]
    partnerships.append(Partnership("http://d/id/partnership/trio", {}, {
        named.iri: named for named in (hub, municipality(1), municipality(2))}, None))
    picture = partnership_picture(partnerships, Languages(["en"]), lambda iri: iri, max_nodes=5)
    assert picture.members == 31 and len(picture.nodes) == 5
    drawn = {node.iri for node in picture.nodes}
    assert {hub.iri, municipality(1).iri, municipality(2).iri} <= drawn  # in the most partnerships
    assert len(picture.edges) == 4 + 1  # the hub's lines to the others drawn, and the trio
    trio = picture.edges[-1]
    assert len(trio.segments) == 3 and len({start for start, _ in trio.segments}) == 1
