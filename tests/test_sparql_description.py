"""The service description for large datasets: graphs are counted, not listed one by one."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS

from lodpub.sparql.description import MAX_LISTED_GRAPHS, SD, VOID, service_description
from lodpub.sparql.limits import Limits


def manifest(documents: int) -> dict:
    return {"triples": documents * 10, "storeTriples": documents * 10 + 500,
            "documents": [{"graph": f"https://d.org/graph/{number}", "triples": 10}
                          for number in range(documents)]}


def test_a_small_dataset_lists_every_graph_with_its_size():
    graph = service_description("https://d.org/sparql", manifest(3), 530, Limits(), {"en": "Test"})
    dataset = graph.value(URIRef("https://d.org/sparql#service"), SD.defaultDataset)
    names = {graph.value(named, SD.name) for named in graph.objects(dataset, SD.namedGraph)}
    assert len(names) == 4 and URIRef("https://w3id.org/lodpub/ns") in names
    assert graph.value(dataset, VOID.triples).toPython() == 530


def test_a_large_dataset_states_how_many_graphs_it_has():
    documents = MAX_LISTED_GRAPHS + 1
    graph = service_description("https://d.org/sparql", manifest(documents), 1, Limits(), {})
    dataset = graph.value(URIRef("https://d.org/sparql#service"), SD.defaultDataset)
    assert list(graph.objects(dataset, SD.namedGraph)) == []
    assert str(graph.value(dataset, RDFS.comment)).startswith(f"{documents + 1} named graphs")
