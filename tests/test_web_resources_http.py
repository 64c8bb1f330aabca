"""HTTP hygiene against ``lodpub serve``: validators and 304, caching, gzip, CORS, errors, traversal."""

from __future__ import annotations

import gzip
import json

import pytest

from test_web_resources import ARTICLE, BROWSER_ACCEPT, VANNAS, fetch

REPRESENTATIONS = [VANNAS + ".ttl", VANNAS + ".jsonld", VANNAS + ".nt", VANNAS + ".rdf",
                   VANNAS + ".html", "/", "/ontology", "/shapes.ttl", "/context.jsonld", "/robots.txt"]


@pytest.mark.parametrize("path", REPRESENTATIONS)
def test_every_representation_has_a_strong_etag_and_last_modified(live_server, path):
    answer = fetch(live_server.url, path)
    assert answer.status == 200
    etag = answer.header("ETag")
    assert etag and etag.startswith('"') and not etag.startswith("W/")
    assert answer.header("Last-Modified").endswith("GMT")
    assert answer.header("Cache-Control").startswith("public, max-age=")


@pytest.mark.parametrize("path", [VANNAS + ".ttl", VANNAS + ".html", "/"])
def test_conditional_requests_get_304(live_server, path):
    first = fetch(live_server.url, path)
    again = fetch(live_server.url, path, {"If-None-Match": first.header("ETag")})
    assert again.status == 304 and again.body == b""
    assert again.header("ETag") == first.header("ETag")
    since = fetch(live_server.url, path, {"If-Modified-Since": first.header("Last-Modified")})
    assert since.status == 304
    changed = fetch(live_server.url, path, {"If-None-Match": '"something-else"'})
    assert changed.status == 200 and changed.body == first.body


def test_negotiated_representations_have_their_own_etags(live_server):
    turtle = fetch(live_server.url, VANNAS, {"Accept": "text/turtle"})
    html = fetch(live_server.url, VANNAS, {"Accept": "text/html"})
    assert turtle.header("ETag") != html.header("ETag")
    stale = fetch(live_server.url, VANNAS, {"Accept": "text/html", "If-None-Match": turtle.header("ETag")})
    assert stale.status == 200


@pytest.mark.parametrize("path", [VANNAS + ".ttl", VANNAS + ".jsonld", VANNAS + ".html", "/"])
def test_gzip_when_the_client_accepts_it(live_server, path):
    plain = fetch(live_server.url, path)
    packed = fetch(live_server.url, path, {"Accept-Encoding": "gzip"})
    assert plain.header("Content-Encoding") is None
    assert packed.header("Content-Encoding") == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body)
    assert "Accept-Encoding" in packed.header("Vary") and "Accept-Encoding" in plain.header("Vary")
    assert packed.header("ETag") != plain.header("ETag")
    again = fetch(live_server.url, path, {"Accept-Encoding": "gzip",
                                          "If-None-Match": packed.header("ETag")})
    assert again.status == 304
    refused = fetch(live_server.url, path, {"Accept-Encoding": "gzip;q=0, identity"})
    assert refused.header("Content-Encoding") is None


@pytest.mark.parametrize("path", [VANNAS + ".ttl", VANNAS + ".jsonld", "/context.jsonld",
                                  "/id/municipality/se-2460", "/doc/nothing/here"])
def test_cors_allows_any_origin(live_server, path):
    answer = fetch(live_server.url, path, {"Origin": "https://example.org"})
    assert answer.header("Access-Control-Allow-Origin") == "*"


def test_cors_preflight_allows_negotiation_and_conditional_headers(live_server):
    answer = fetch(live_server.url, VANNAS, {"Origin": "https://example.org",
                                             "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "if-none-match"},
                   method="OPTIONS")
    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") == "*"
    assert "If-None-Match" in answer.header("Access-Control-Allow-Headers")
    assert "GET" in answer.header("Access-Control-Allow-Methods")


def test_head_answers_like_get_without_a_body(live_server):
    get = fetch(live_server.url, VANNAS + ".ttl")
    head = fetch(live_server.url, VANNAS + ".ttl", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("ETag") == get.header("ETag")


# -- errors in the client's format ------------------------------------------------------------

def test_errors_are_an_html_page_for_browsers(live_server):
    answer = fetch(live_server.url, "/doc/municipality/se-9999", {"Accept": BROWSER_ACCEPT})
    assert answer.status == 404
    assert answer.header("Content-Type").startswith("text/html")
    assert "<h1>404 Not Found</h1>" in answer.text
    assert "se-9999" in answer.text and 'href="/"' in answer.text
    assert answer.header("Cache-Control") == "no-store"


def test_errors_are_json_for_json_clients(live_server):
    answer = fetch(live_server.url, "/doc/municipality/se-9999", {"Accept": "application/json"})
    assert answer.status == 404
    error = json.loads(answer.body)["error"]
    assert error["status"] == 404 and error["title"] == "Not Found"
    assert "se-9999" in error["message"] and error["hint"]


@pytest.mark.parametrize("path, accept", [("/doc/municipality/se-9999", "text/turtle"),
                                          ("/doc/municipality/se-9999.ttl", "text/html"),
                                          ("/doc/municipality/se-9999.nt", None)])
def test_errors_are_a_comment_for_turtle_and_n_triples_clients(live_server, path, accept):
    answer = fetch(live_server.url, path, {"Accept": accept} if accept else {})
    assert answer.status == 404
    assert all(line.startswith("# ") for line in answer.text.splitlines())
    assert answer.text.startswith("# 404 Not Found\n")


def test_errors_are_an_xml_comment_for_rdf_xml_clients(live_server):
    answer = fetch(live_server.url, "/doc/municipality/se-9999.rdf")
    assert answer.status == 404
    assert "<!-- 404 Not Found" in answer.text and "<rdf:RDF" in answer.text


def test_wrong_method_is_405_with_allow(live_server):
    answer = fetch(live_server.url, VANNAS, {"Accept": "application/json"}, method="POST")
    assert answer.status == 405
    assert "GET" in answer.header("Allow")
    assert json.loads(answer.body)["error"]["status"] == 405


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd",
    "/doc/%2e%2e/%2e%2e/etc/passwd",
    "/doc/..%2f..%2f..%2fetc%2fpasswd",
    "/doc/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd.ttl",
    "/id/../../etc/passwd",
    "/id/municipality/..%2f..%2f..%2fetc%2fpasswd",
    "/graph/..%2f..%2fetc%2fpasswd",
    "/static/../../../../etc/passwd",
    "/static/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/doc/municipality/se-2460/../../../etc/passwd",
    "/doc/%00",
])
def test_path_traversal_is_404_and_never_a_file(live_server, path):
    answer = fetch(live_server.url, path)
    assert answer.status == 404, answer.text
    assert "root:" not in answer.text


def test_errors_never_show_a_stack_trace(live_server):
    for path, headers in [("/doc/%ff%fe", {}), ("/id/%C0%AF", {"Accept": "text/html"}),
                          (ARTICLE + ".jsonld?profile=%00", {})]:
        answer = fetch(live_server.url, path, headers)
        assert 400 <= answer.status < 500
        assert "Traceback" not in answer.text and 'File "' not in answer.text
