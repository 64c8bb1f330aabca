"""One definition of what the dataset holds: the default graph, the union of every named graph
(one per source document, and the ontology's). VoID, the service description, the catalog, the
home page, the dumps and the command line count it as ``COUNT(*)`` on the endpoint does."""

from __future__ import annotations

import gzip
import json
import re
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib.namespace import VOID

from conftest import run_cli
from lodpub.sparql.description import SD
from test_web_resources import fetch

ONTOLOGY = "https://w3id.org/lodpub/ns"
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DOCUMENTS = f"SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY}>) }}"


def count(server, query: str) -> int:
    answer = fetch(server.url, "/sparql?query=" + quote(query),
                   {"Accept": "application/sparql-results+json"})
    assert answer.status == 200, answer.body[:300]
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def turtle(server, path: str) -> Graph:
    answer = fetch(server.url, path, {"Accept": "text/turtle"})
    assert answer.status == 200, path
    return Graph().parse(data=answer.body, format="turtle")


def test_every_published_count_is_count_star_over_the_default_graph(live_server):
    triples, documents = count(live_server, TRIPLES), count(live_server, DOCUMENTS)
    assert count(live_server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY}> {{ ?s ?p ?o }} }}") > 0
    dataset = URIRef(live_server.url + "/catalog#dataset")

    assert int(turtle(live_server, "/.well-known/void").value(dataset, VOID.triples)) == triples
    assert int(turtle(live_server, "/catalog").value(dataset, VOID.triples)) == triples

    description = turtle(live_server, "/sparql")
    served = description.value(URIRef(live_server.url + "/sparql#service"), SD.defaultDataset)
    assert int(description.value(description.value(served, SD.defaultGraph), VOID.triples)) == triples
    assert int(description.value(served, VOID.triples)) == triples
    assert len(list(description.objects(served, SD.namedGraph))) == documents + 1   # and the ontology

    home = fetch(live_server.url, "/", {"Accept": "text/html", "Accept-Language": "en"}).text
    assert re.search(r"<p>(\d+) triples\.</p>", home).group(1) == str(triples)

    quads = gzip.decompress(fetch(live_server.url, "/download/dataset.nq.gz").body)
    assert len(quads.splitlines()) == triples


def test_the_command_line_counts_as_the_endpoint_does(project):
    built = run_cli("build", project)
    assert built.returncode == 0, built.stderr
    documents, triples = re.search(r"built (\d+) documents, (\d+) triples with the ontology",
                                   built.stdout).groups()
    for query, expected in ((TRIPLES, triples), (DOCUMENTS, documents)):
        answer = run_cli("query", project, query, "--format", "csv")
        assert answer.returncode == 0, answer.stderr
        assert answer.stdout.split() == ["n", expected]
