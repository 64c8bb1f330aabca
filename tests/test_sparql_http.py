"""The endpoint over HTTP: result formats, negotiation, errors, CORS, discovery and the query page."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from lodpub.sparql.examples import example_queries

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SELECT = ("PREFIX schema: <http://schema.org/> SELECT ?person ?name WHERE { ?person a schema:Person ; "
          "schema:name ?name } ORDER BY ?name")
CONSTRUCT = ("PREFIX schema: <http://schema.org/> CONSTRUCT { ?person schema:name ?name } "
             "WHERE { ?person a schema:Person ; schema:name ?name }")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


def fetch(server, path: str = "/sparql", *, query: str | None = None, method: str = "GET",
          accept: str | None = None, data: bytes | None = None, headers: dict | None = None):
    """Return (status, headers, body bytes)."""
    url = server.url + path
    if query is not None and method == "GET":
        url += "?" + urllib.parse.urlencode({"query": query})
    elif query is not None:
        data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**({"Accept": accept} if accept else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_select_defaults_to_sparql_json(live_server, method):
    status, headers, body = fetch(live_server, query=SELECT, method=method)
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    data = json.loads(body)
    assert data["head"]["vars"] == ["person", "name"]
    assert [row["name"]["value"] for row in data["results"]["bindings"]][:2] == [
        "Dmytro Dikhtiar", "Henrik Åström"]
    assert "Accept" in headers["Vary"]


def test_select_as_xml_csv_and_tsv(live_server):
    status, headers, body = fetch(live_server, query=SELECT, accept="application/sparql-results+xml")
    assert headers["Content-Type"].startswith("application/sparql-results+xml")
    names = [binding.find(f"{RESULTS}literal").text
             for binding in ElementTree.fromstring(body).iter(f"{RESULTS}binding")
             if binding.get("name") == "name"]
    assert names[:2] == ["Dmytro Dikhtiar", "Henrik Åström"]
    status, headers, body = fetch(live_server, query=SELECT, accept="text/csv")
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    assert rows[0] == ["person", "name"] and rows[1][1] == "Dmytro Dikhtiar"
    assert rows[1][0] == live_server.url + "/id/person/ad3a1e26-d704-43ad-8373-bfd2e4d6f837"
    status, headers, body = fetch(live_server, query=SELECT, accept="text/tab-separated-values")
    lines = body.decode("utf-8").splitlines()
    assert lines[0] == "?person\t?name"
    assert lines[1] == (f"<{live_server.url}/id/person/ad3a1e26-d704-43ad-8373-bfd2e4d6f837>\t"
                        '"Dmytro Dikhtiar"@en')


def test_ask_answers_a_boolean(live_server):
    status, headers, body = fetch(live_server, query="ASK { ?s a <http://schema.org/Nothing> }")
    assert json.loads(body) == {"head": {}, "boolean": False}
    status, headers, body = fetch(live_server, query="ASK {}", accept="application/sparql-results+xml")
    assert ElementTree.fromstring(body).find(f"{RESULTS}boolean").text == "true"


@pytest.mark.parametrize("accept, rdflib_format", [
    (None, "turtle"), ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_construct_in_every_rdf_format(live_server, accept, rdflib_format):
    status, headers, body = fetch(live_server, query=CONSTRUCT, accept=accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == (accept or "text/turtle")
    graph = Graph().parse(data=body, format=rdflib_format)
    assert (None, URIRef("http://schema.org/name"), Literal("Viktoria Popova")) in graph
    assert len(graph) == 5  # five names of four people


def test_describe_gives_the_resource(live_server):
    iri = live_server.url + "/id/municipality/se-2460"
    status, headers, body = fetch(live_server, query=f"DESCRIBE <{iri}>")
    graph = Graph().parse(data=body, format="turtle")
    assert (URIRef(iri), URIRef("http://schema.org/name"), Literal("Vännäs kommun", lang="sv")) in graph


def test_graph_names_the_source_document(live_server):
    query = ("SELECT ?g WHERE { GRAPH ?g { ?s <http://schema.org/headline> ?h } }")
    status, _, body = fetch(live_server, query=query)
    graphs = [row["g"]["value"] for row in json.loads(body)["results"]["bindings"]]
    assert graphs == [live_server.url + "/graph/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske"]


def test_format_parameter_overrides_accept(live_server):
    status, headers, body = fetch(live_server, "/sparql?" + urllib.parse.urlencode(
        {"query": SELECT, "format": "csv"}), accept="application/sparql-results+json")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    status, _, body = fetch(live_server, "/sparql?" + urllib.parse.urlencode(
        {"query": SELECT, "format": "ttl"}))
    assert status == 400
    assert b"the format parameter 'ttl' does not apply to SELECT and ASK results" in body


def test_malformed_query_gets_the_parsers_line_and_column(live_server):
    status, headers, body = fetch(live_server, query="SELECT * WHERE {\n  ?s ?p \n}")
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert b"malformed SPARQL query: error at 3:2" in body
    assert b"Traceback" not in body


def test_unacceptable_media_type_is_406_listing_what_is_offered(live_server):
    status, _, body = fetch(live_server, query=SELECT, accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body and b"text/csv" in body


@pytest.mark.parametrize("content_type, body", [
    ("application/sparql-update", b"CLEAR ALL"),
    ("application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
])
def test_updates_are_refused_with_400(live_server, content_type, body):
    status, _, answer = fetch(live_server, method="POST", data=body, headers={"Content-Type": content_type})
    assert status == 400 and b"read-only" in answer


def test_there_is_no_update_endpoint(live_server):
    for path in ("/update", "/sparql/update", "/sparql/statements"):
        status, _, _ = fetch(live_server, path, method="POST", data=b"CLEAR ALL",
                             headers={"Content-Type": "application/sparql-update"})
        assert status in (404, 405)


def test_cors_on_answers_and_preflight(live_server):
    status, headers, _ = fetch(live_server, query="ASK {}", headers={"Origin": "https://yasgui.example"})
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "Lodpub-Result-Truncated" in headers["Access-Control-Expose-Headers"]
    status, headers, _ = fetch(live_server, method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert status in (200, 204)
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert {"content-type", "accept"} <= {
        name.strip().lower() for name in headers["Access-Control-Allow-Headers"].split(",")}
    status, headers, _ = fetch(live_server, query="ASK {", headers={"Origin": "https://yasgui.example"})
    assert status == 400 and headers["Access-Control-Allow-Origin"] == "*"


@pytest.fixture(scope="module")
def description(live_server):
    status, headers, body = fetch(live_server, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    return Graph().parse(data=body, format="turtle")


def test_service_description_names_the_endpoint_language_and_formats(live_server, description):
    endpoint = URIRef(live_server.url + "/sparql")
    service = description.value(predicate=SD.endpoint, object=endpoint)
    assert service is not None and (service, RDF.type, SD.Service) in description
    assert set(description.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(description.objects(service, SD.resultFormat)) == {
        FORMATS[name] for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                                   "SPARQL_Results_TSV", "Turtle", "JSON-LD", "N-Triples", "RDF_XML")}
    assert (service, SD.feature, SD.UnionDefaultGraph) in description
    assert (service, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")) \
        in description
    assert "sparql.timeout" in str(description.value(service, URIRef(
        "http://www.w3.org/2000/01/rdf-schema#comment")))


def test_service_description_counts_the_dataset(live_server, description):
    service = description.value(predicate=RDF.type, object=SD.Service)
    dataset = description.value(service, SD.defaultDataset)
    default = description.value(dataset, SD.defaultGraph)
    status, _, body = fetch(live_server, query="SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    count = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert description.value(default, VOID.triples).toPython() == count > 0
    names = {description.value(named, SD.name): description.value(description.value(named, SD.graph),
                                                                   VOID.triples).toPython()
             for named in description.objects(dataset, SD.namedGraph)}
    places = URIRef(live_server.url + "/graph/registry/places")
    status, _, body = fetch(live_server, query=f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{places}> {{ ?s ?p ?o }} }}")
    assert names[places] == int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    assert URIRef("https://w3id.org/lodpub/ns") in names


@pytest.mark.parametrize("accept", ["application/ld+json", "application/n-triples", "application/rdf+xml"])
def test_service_description_in_other_formats(live_server, accept):
    status, headers, body = fetch(live_server, accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = Graph().parse(data=body, format={"application/ld+json": "json-ld",
                                             "application/n-triples": "nt",
                                             "application/rdf+xml": "xml"}[accept])
    assert (None, SD.endpoint, URIRef(live_server.url + "/sparql")) in graph


def test_update_parameter_without_query_is_400_not_a_description(live_server):
    status, _, body = fetch(live_server, "/sparql?update=CLEAR%20ALL", accept="text/turtle")
    assert status == 400 and b"read-only" in body


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_browsers_get_the_query_page_with_the_examples(live_server):
    status, headers, body = fetch(live_server, accept=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    page = body.decode("utf-8")
    for example in example_queries():
        assert f'id="example-{example.name}"' in page
    assert "PREFIX lp: &lt;https://w3id.org/lodpub/ns#&gt;" in page
    assert "/static/sparql.js" in page and "/static/sparql.css" in page
    assert "https://" not in page.split("<textarea", 1)[0].split("<head>", 1)[1].split("</head>")[0]
    assert "script-src 'self'" in headers["Content-Security-Policy"]


def test_a_permalink_opens_the_page_with_the_query_escaped(live_server):
    hostile = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" }'
    status, headers, body = fetch(live_server, query=hostile, accept=BROWSER)
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<script>alert(1)" not in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'data-autorun="true"' in page


def test_the_page_script_and_style_are_served_by_lodpub(live_server):
    for name, media_type in (("sparql.js", "javascript"), ("sparql.css", "text/css")):
        status, headers, body = fetch(live_server, f"/static/{name}")
        assert status == 200 and media_type in headers["Content-Type"] and body
    status, _, body = fetch(live_server, "/static/sparql.js")
    assert b"innerHTML" not in body


def test_a_permalink_to_a_refused_query_still_opens_the_page(live_server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    status, headers, body = fetch(live_server, query=query, accept=BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "SERVICE &lt;http://127.0.0.1:9/&gt;" in body.decode("utf-8")
