"""Real SPARQL clients against the running server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

SCHEMA = "http://schema.org/"
PEOPLE = f"SELECT ?name WHERE {{ ?p a <{SCHEMA}Person> ; <{SCHEMA}name> ?name }} ORDER BY ?name"


def wrapper(server, method=GET) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "/sparql")
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_as_json(live_server, method):
    client = wrapper(live_server, method)
    client.setQuery(PEOPLE)
    client.setReturnFormat(JSON)
    results = client.query().convert()
    names = [row["name"]["value"] for row in results["results"]["bindings"]]
    assert names == ["Dmytro Dikhtiar", "Henrik Åström", "Lillemor Lundgren", "Viktoria Popova",
                     "Дмитро Діхтяр"]


def test_sparqlwrapper_select_as_xml(live_server):
    client = wrapper(live_server)
    client.setQuery(PEOPLE)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert len(document.getElementsByTagName("result")) == 5


def test_sparqlwrapper_ask_and_construct(live_server):
    client = wrapper(live_server)
    client.setQuery(f"ASK {{ ?a a <{SCHEMA}NewsArticle> }}")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setQuery(f"CONSTRUCT {{ ?p <{SCHEMA}name> ?name }} WHERE {{ ?p a <{SCHEMA}Person> ; "
                    f"<{SCHEMA}name> ?name }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert (None, URIRef(f"{SCHEMA}name"), Literal("Viktoria Popova")) in graph
    client.setReturnFormat(XML)
    graph = client.query().convert()
    assert len(graph) == 5


def test_sparqlwrapper_reports_a_malformed_query(live_server):
    client = wrapper(live_server)
    client.setQuery("SELECT * WHERE {")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="malformed SPARQL query: error at 1:17"):
        client.query()


def test_rdflib_sparqlstore_queries_the_union(live_server):
    graph = Graph(store=SPARQLStore(live_server.url + "/sparql"))
    names = sorted(str(row.name) for row in graph.query(PEOPLE))
    assert names[0] == "Dmytro Dikhtiar" and len(names) == 5
    municipalities = set(graph.subjects(RDF.type, URIRef("https://w3id.org/lodpub/ns#Municipality")))
    assert URIRef(live_server.url + "/id/municipality/se-2460") in municipalities
    assert len(municipalities) == 2


def test_rdflib_sparqlstore_on_one_named_graph(live_server):
    store = SPARQLStore(live_server.url + "/sparql")
    people = Graph(store=store, identifier=URIRef(live_server.url + "/graph/registry/people"))
    places = Graph(store=store, identifier=URIRef(live_server.url + "/graph/registry/places"))
    person = URIRef(f"{SCHEMA}Person")
    assert len(set(people.subjects(RDF.type, person))) == 4
    assert set(places.subjects(RDF.type, person)) == set()
