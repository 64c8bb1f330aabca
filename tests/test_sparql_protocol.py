"""The whole W3C SPARQL 1.1 Protocol manifest, run against the server.

The manifest (../shared/external/sparql-protocol/protocol/manifest.ttl) is read as
it is; each request is sent with the path prefix ``/sparql/`` rewritten to ``/sparql``.

Which tests apply to a read-only service, and how:

- the 14 query tests (GET, POST form, POST direct, result types, 7 malformed
  requests) and the 7 malformed-update tests apply as they are. Six of the query
  tests name ``data0.rdf`` as the default graph, a graph the manifest never loads:
  lodpub lacks it too, reads it as empty (``ASK {}`` is true), never fetches it,
  and names it in the ``Lodpub-Graphs-Not-Held`` header;
- the 6 protocol-dataset tests apply with their graphs mapped: they load
  data1-3.nt as graphs named ``http://kasei.us/…/dataN.rdf``, each holding
  ``<dataN.rdf> a foaf:Document``. A lodpub graph holds the same shape of fact
  about itself (``<graph> a prov:Entity``), so each of those kasei IRIs is
  replaced by the IRI of one of the example's graphs, in the URL and in the
  query alike;
- the 7 positive update tests do not apply: the endpoint is read-only. They
  are run anyway, expecting their first request (the update) to be refused with 4xx.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ElementTree

import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from conftest import shared_path

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
KASEI = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
#: The example's graphs that stand in for the manifest's data1-3 (data0 it never loads).
STAND_INS = {1: "graph/registry/events", 2: "graph/registry/people", 3: "graph/registry/places"}
#: The tests whose dataset names the graph that no one loads.
EMPTY_GRAPH_TESTS = {"query_get", "query_post_form", "query_content_type_select",
                     "query_content_type_ask", "query_content_type_describe",
                     "query_content_type_construct"}
QUERY_TESTS = {"query_get", "query_post_form", "query_post_direct", "query_content_type_select",
               "query_content_type_ask", "query_content_type_describe", "query_content_type_construct",
               "bad_query_method", "bad_multiple_queries", "bad_query_wrong_media_type",
               "bad_query_missing_form_type", "bad_query_missing_direct_type", "bad_query_non_utf8",
               "bad_query_syntax"}
BAD_UPDATE_TESTS = {"bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type",
                    "bad_update_missing_form_type", "bad_update_non_utf8", "bad_update_syntax",
                    "bad_update_dataset_conflict"}
DATASET_TESTS = {"query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
                 "query_dataset_named_graphs_get", "query_dataset_named_graphs_post",
                 "query_dataset_full", "query_multiple_dataset"}
POSITIVE_UPDATES = {"update_dataset_default_graph", "update_dataset_default_graphs",
                    "update_dataset_named_graphs", "update_dataset_full", "update_post_form",
                    "update_post_direct", "update_base_uri"}
RESULT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("text/turtle", "application/rdf+xml", "application/n-triples"),
}


@pytest.fixture(scope="module")
def manifest() -> dict[str, list[dict]]:
    """Each test of the manifest: its requests, with what each expects."""
    path = shared_path("external", "sparql-protocol", "protocol", "manifest.ttl")
    graph = Graph().parse(path, format="turtle")
    tests = {}
    for test in graph.subjects(RDF.type, MF.ProtocolTest):
        connection = graph.value(test, MF.action)
        requests = []
        for request in Collection(graph, graph.value(connection, HT.requests)):
            body = graph.value(request, HT.body)
            headers = {}
            header_list = graph.value(request, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
            response = graph.value(request, HT.resp)
            requests.append({
                "method": str(graph.value(request, HT.methodName)),
                "path": str(graph.value(request, HT.absolutePath)),
                "headers": headers,
                "body": None if body is None else str(graph.value(body, CNT.chars)),
                "encoding": None if body is None else str(graph.value(body, CNT.characterEncoding)),
                "statuses": {str(status).rsplit("#", 1)[1]
                             for status in graph.objects(response, MF.expectedStatus)},
                "format": graph.value(response, MF.expectedFormat),
                "boolean": graph.value(response, MF.expectedBoolean),
            })
        tests[str(test).rsplit("#", 1)[1]] = requests
    return tests



def rewrite(text: str, base: str) -> str:
    """Replace the manifest's graph IRIs (plain and percent-encoded) and its endpoint path."""
    for number, stand_in in STAND_INS.items():
        kasei, ours = KASEI.format(number), base + stand_in
        text = text.replace(urllib.parse.quote(kasei, safe=""), urllib.parse.quote(ours, safe=""))
        text = text.replace(kasei, ours)
    return text


def send(server, request: dict) -> tuple[int, str, bytes]:
    status, headers, body = exchange(server, request)
    return status, headers.get("Content-Type", ""), body


def exchange(server, request: dict):
    base = server.url + "/"
    path = rewrite(request["path"], base).replace("/sparql/", "/sparql", 1)
    body = None
    if request["body"] is not None:
        body = rewrite(request["body"], base).encode(request["encoding"])
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request(request["method"], path, body=body, headers=request["headers"])
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def boolean_of(media_type: str, body: bytes) -> bool:
    if media_type.startswith("application/sparql-results+json"):
        return json.loads(body)["boolean"]
    element = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text == "true"


@pytest.mark.parametrize("name", sorted(QUERY_TESTS | BAD_UPDATE_TESTS | DATASET_TESTS))
def test_w3c_protocol(live_server, manifest, name):
    for request in manifest[name]:
        status, media_type, body = send(live_server, request)
        assert f"StatusCode{status // 100}xx" in request["statuses"], (status, body[:300])
        if request["format"] is not None:
            bare = media_type.split(";", 1)[0]
            assert bare in RESULT_TYPES[str(request["format"])], media_type
            if str(request["format"]) == "RDF":
                Graph().parse(data=body, format={"text/turtle": "turtle", "application/rdf+xml": "xml",
                                                 "application/n-triples": "nt"}[bare])
        if request["boolean"] is not None:
            assert boolean_of(media_type, body) is request["boolean"].toPython()


@pytest.mark.parametrize("name", sorted(EMPTY_GRAPH_TESTS))
def test_w3c_protocol_graph_not_held_is_read_as_empty_and_named(live_server, manifest, name):
    data0 = KASEI.format(0)
    request = manifest[name][0]
    assert urllib.parse.quote(data0, safe="") in request["path"]
    status, headers, _ = exchange(live_server, request)
    assert status == 200
    assert headers["Lodpub-Graphs-Not-Held"] == f"<{data0}>"


@pytest.mark.parametrize("name", sorted(POSITIVE_UPDATES))
def test_w3c_update_tests_are_refused(live_server, manifest, name):
    status, _, body = send(live_server, manifest[name][0])
    assert 400 <= status < 500
    assert b"read-only" in body


def test_protocol_dataset_is_really_used(live_server):
    """A control for the dataset tests: their ASK would also hold over the whole dataset."""
    base = live_server.url + "/"
    request = {"method": "GET", "headers": {}, "body": None, "encoding": None,
               "path": "/sparql/?" + urllib.parse.urlencode({
                   "query": f"ASK {{ <{KASEI.format(1)}> a ?type }}",
                   "default-graph-uri": KASEI.format(2)})}
    status, media_type, body = send(live_server, request)
    assert status == 200 and boolean_of(media_type, body) is False
    request["path"] = "/sparql/?" + urllib.parse.urlencode({"query": f"ASK {{ <{KASEI.format(1)}> a ?type }}"})
    status, media_type, body = send(live_server, request)
    assert status == 200 and boolean_of(media_type, body) is True
    assert rewrite(KASEI.format(1), base) == base + STAND_INS[1]


def test_every_manifest_test_is_accounted_for(manifest):
    groups = (QUERY_TESTS, BAD_UPDATE_TESTS, DATASET_TESTS, POSITIVE_UPDATES)
    assert set(manifest) == set().union(*groups)
    assert [len(group) for group in groups] == [14, 7, 6, 7]
