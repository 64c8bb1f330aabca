"""The schema.org JSON-LD of every page against schema.org 30.0 and Google's article guidance.

Reads the saved vocabulary and context from ../shared (skipped where absent); nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import shared_path
from test_web_resources import ARTICLE, fetch, iris_under_base

HTTPS = "https://schema.org/"
DOMAIN = URIRef(HTTPS + "domainIncludes")


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(shared_path("external", "schemaorg", "30.0", "schemaorg-current-https.ttl"))


@pytest.fixture(scope="module")
def schema_context() -> dict:
    path = shared_path("external", "schemaorg", "30.0", "schemaorgcontext.jsonld")
    return json.loads(path.read_text(encoding="utf-8"))["@context"]


def superclasses(vocabulary: Graph, name: str) -> set[URIRef]:
    return set(vocabulary.transitive_objects(URIRef(HTTPS + name), RDFS.subClassOf))


def misfits(vocabulary: Graph, node: dict, where: str) -> list[str]:
    """Return the terms of *node* (and the nodes in it) that schema.org does not allow there."""
    types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
    allowed = set().union(*(superclasses(vocabulary, name) for name in types))
    found = [f"{where}: unknown type {name}" for name in types
             if (URIRef(HTTPS + name), RDF.type, RDFS.Class) not in vocabulary]
    for key, value in node.items():
        if key.startswith("@"):
            continue
        domains = set(vocabulary.objects(URIRef(HTTPS + key), DOMAIN))
        if not domains & allowed:
            found.append(f"{where}: {key} is not a property of {types}")
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and "@type" in item:
                found += misfits(vocabulary, item, f"{where}.{key}")
    return found


def test_every_page_uses_only_schema_org_terms_where_they_apply(live_server, vocabulary):
    base, iris = iris_under_base(live_server.project)
    problems = []
    for document in sorted({iri.split("#", 1)[0] for iri in iris}):
        path = "/" + document[len(base):] + ".jsonld?profile=schema.org"
        path = path.replace("/id/", "/doc/", 1).replace("/graph/", "/doc/graph/", 1)
        answer = fetch(live_server.url, path)
        assert answer.status == 200, path
        problems += misfits(vocabulary, json.loads(answer.body), path)
    assert problems == []


def listed(value) -> list:
    """A JSON-LD value as a list: absent is empty, a single value is one."""
    return [] if value is None else value if isinstance(value, list) else [value]


def check_google_article(data: dict, page: str) -> None:
    """Assert that *data* is a NewsArticle as Google's article guidance asks, about *page*."""
    assert data["@type"] == "NewsArticle"
    assert 0 < len(data["headline"]) <= 110
    for name in ("datePublished", "dateModified"):
        if name in data:
            assert dt.datetime.fromisoformat(data[name]).tzinfo is not None, name
    assert "datePublished" in data
    assert data["publisher"]["@type"] in ("Organization", "GovernmentOrganization")
    assert data["publisher"]["name"] and data["publisher"]["url"].startswith("http")
    for author in listed(data.get("author")):
        assert author["@type"] and author["name"] and author["url"].startswith("http")
    for image in listed(data.get("image")):
        assert (image if isinstance(image, str) else image["@id"]).startswith("http")
    assert data["mainEntityOfPage"] == page
    for mention in data["mentions"]:
        assert mention["name"] and mention["url"].startswith("http")


def test_the_article_follows_googles_guidance(live_server):
    data = json.loads(fetch(live_server.url, ARTICLE + ".jsonld?profile=schema.org").body)
    check_google_article(data, live_server.url + ARTICLE)


def test_the_json_ld_parses_offline_to_http_schema_org(live_server, schema_context):
    data = json.loads(fetch(live_server.url, ARTICLE + ".jsonld?profile=schema.org").body)
    data["@context"] = schema_context
    graph = Graph().parse(data=json.dumps(data), format="json-ld")
    article = URIRef(data["@id"])
    assert (article, RDF.type, URIRef("http://schema.org/NewsArticle")) in graph
    assert (article, URIRef("http://schema.org/headline"), None) in graph
