"""A project that changed since its last build: withdrawn IRIs (410), non-ASCII keys, hostile text."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import LiveServer, copy_example, run_cli
from lodpub.release import current_release
from test_web_resources import RDF_TYPES, fetch, parse

BASE = "http://lodpub.test/"
HOSTILE_HEADLINE = "</script><script>alert(1)</script> <!-- hi"
HOSTILE_ARTICLE = f"""---
headline: "{HOSTILE_HEADLINE}"
datePublished: 2024-01-01
inLanguage: en
publisher: se-2460
about: [se-2460--ua-UA63140110000087562]
description: {{ en: "A summary with <b>tags</b> & </script>" }}
---
Hello <img src=x onerror=alert(1)> and <script>alert(2)</script> and
[a link](javascript:alert(3)) and [a good one](https://example.org/).
"""
SOON_GONE = """
  - id: soon-gone
    type: City
    name: { en: Soon gone }
    containedInPlace: sweden
"""
NON_ASCII_PLACES = """
  - id: Vännäs-centrum
    type: City
    name: { sv: Vännäs centrum, uk: Веннес }
    containedInPlace: vasterbotten

  - id: Слобожанське
    type: City
    name: { uk: Слобожанське, en: Slobozhanske village }
    containedInPlace: chuhuiv-raion
"""
HOSTILE_PATH = "/doc/article/2024-01-01-hostile"
INCOMING_LINKS = 3


def changed_project(folder: Path) -> Path:
    """A copy of the example under a fixed base, built once, then changed: a place
    removed (withdrawn), two places with non-ASCII keys and a hostile article added.
    Descriptions list only the first few resources that link to them."""
    project = copy_example(folder / "project")
    settings = project / "lodpub.toml"
    settings.write_text(f'base = "{BASE}"\n' + settings.read_text(encoding="utf-8")
                        + f"\n[server]\nincoming_links = {INCOMING_LINKS}\n", encoding="utf-8")
    places = project / "registry" / "places.yaml"
    original = places.read_text(encoding="utf-8")
    places.write_text(original + SOON_GONE, encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    places.write_text(original + NON_ASCII_PLACES, encoding="utf-8")
    (project / "content" / "articles" / "2024-01-01-hostile.md").write_text(HOSTILE_ARTICLE,
                                                                            encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def changed_server(tmp_path_factory):
    server = LiveServer(changed_project(tmp_path_factory.mktemp("changed")))
    yield server
    server.stop()


def test_the_server_rebuilt_the_changed_content(changed_server):
    assert "the content changed since" in changed_server.log
    assert current_release(changed_server.project).base == BASE


# -- withdrawn IRIs ------------------------------------------------------------------------

def test_a_withdrawn_iri_is_410_gone(changed_server):
    manifest = current_release(changed_server.project).manifest
    assert BASE + "id/place/soon-gone" in manifest["withdrawn"]
    for path in ["/id/place/soon-gone", "/doc/place/soon-gone"]:
        answer = fetch(changed_server.url, path, {"Accept": "application/json"})
        assert answer.status == 410, path
        assert "withdrawn" in json.loads(answer.body)["error"]["message"]
    turtle = fetch(changed_server.url, "/doc/place/soon-gone.ttl", {"Accept": "application/json"})
    assert turtle.status == 410 and turtle.text.startswith("# 410 Gone\n")
    assert fetch(changed_server.url, "/id/place/never-was").status == 404


# -- non-ASCII keys -------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["Vännäs-centrum", "Слобожанське"])
def test_non_ascii_iris_dereference_with_an_ascii_location(changed_server, key):
    encoded = quote(key)
    seen = fetch(changed_server.url, f"/id/place/{encoded}", {"Accept": "text/turtle"})
    assert seen.status == 303
    location = seen.header("Location")
    assert location == f"/doc/place/{encoded}" and location.isascii()
    graphs = []
    for media_type in RDF_TYPES:
        answer = fetch(changed_server.url, location, {"Accept": media_type})
        assert answer.status == 200, media_type
        graphs.append(parse(answer, changed_server.url))
    assert (URIRef(f"{BASE}id/place/{key}"), None, None) in graphs[0]
    assert all(isomorphic(graphs[0], graph) for graph in graphs[1:])
    page = fetch(changed_server.url, location + ".html", {"Accept-Language": "uk"})
    assert page.status == 200


def test_pages_link_to_non_ascii_iris_by_their_encoded_paths(changed_server):
    page = fetch(changed_server.url, "/doc/place/vasterbotten.html").text
    assert f'href="/doc/place/{quote("Vännäs-centrum")}"' in page


# -- hostile text -----------------------------------------------------------------------------

def test_hostile_text_is_escaped_in_the_page(changed_server):
    page = fetch(changed_server.url, HOSTILE_PATH + ".html", {"Accept-Language": "en"}).text
    assert page.count("<script") == 1 and page.count("</script>") == 1  # the JSON-LD only
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S)
    assert "<img" not in html and "<b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;tags&lt;/b&gt;" in html
    assert 'href="javascript' not in html and 'href="https://example.org/"' in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the headline, as text


def test_hostile_text_cannot_end_the_json_ld_script(changed_server):
    page = fetch(changed_server.url, HOSTILE_PATH + ".html").text
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert data["headline"] == HOSTILE_HEADLINE
    alone = fetch(changed_server.url, HOSTILE_PATH + ".jsonld?profile=schema.org")
    assert b"</script>" not in alone.body and json.loads(alone.body)["headline"] == HOSTILE_HEADLINE


def test_hostile_text_is_data_in_rdf(changed_server):
    graph = parse(fetch(changed_server.url, HOSTILE_PATH + ".ttl"), changed_server.url)
    headline = graph.value(URIRef(BASE + "id/article/2024-01-01-hostile"),
                           URIRef("http://schema.org/headline"))
    assert headline == Literal(HOSTILE_HEADLINE, lang="en")


def test_hostile_headline_on_the_home_page_is_text(changed_server):
    page = fetch(changed_server.url, "/").text
    assert "<script>alert" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- many links ------------------------------------------------------------------------------

def test_a_description_lists_the_first_resources_that_link_to_it(changed_server):
    vannas = URIRef(BASE + "id/municipality/se-2460")
    graph = parse(fetch(changed_server.url, "/doc/municipality/se-2460.ttl"), changed_server.url)
    listed = sorted({str(subject) for subject, _, _ in graph.triples((None, None, vannas))})
    everyone = sorted({str(subject) for subject, _, _ in full_dataset(changed_server)
                       .triples((None, None, vannas)) if subject != vannas})
    assert len(everyone) > INCOMING_LINKS
    assert len(listed) == INCOMING_LINKS and set(listed) <= set(everyone)
    again = parse(fetch(changed_server.url, "/doc/municipality/se-2460.nt"), changed_server.url)
    assert sorted({str(subject) for subject, _, _ in again.triples((None, None, vannas))}) == listed
    page = fetch(changed_server.url, "/doc/municipality/se-2460.html", {"Accept-Language": "en"}).text
    assert f"Only the first {INCOMING_LINKS} resources that link here are listed." in page
    assert 'href="/sparql?query=SELECT%20%3Fs%20%3Fp%20WHERE' in page
    few = fetch(changed_server.url, "/doc/place/sweden.html", {"Accept-Language": "en"}).text
    assert "Only the first" not in few


def full_dataset(server) -> Graph:
    graph = Graph()
    with gzip.open(current_release(server.project).dumps_path / "dataset.nt.gz", "rb") as dump:
        graph.parse(data=dump.read(), format="nt")
    return graph
