"""The example project maps to exactly the dataset written by hand in tests/golden/.

The golden TriG is derived from docs/format.md and the field table, not from lodpub's
output, so this test checks the mapping against its specification: every named graph
and every triple, compared graph by graph up to blank-node renaming.
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from conftest import run_cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "vannas-slobozhanske.trig"
BASE = "http://localhost:8000/"
SOURCE_GRAPHS = {
    BASE + "graph/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske",
    BASE + "graph/registry/events",
    BASE + "graph/registry/municipalities",
    BASE + "graph/registry/organisations",
    BASE + "graph/registry/partnerships",
    BASE + "graph/registry/people",
    BASE + "graph/registry/places",
    BASE + "graph/gazetteers/se-scb-2026",
    BASE + "graph/gazetteers/ua-katottg-2026-07",
}


def named_graphs(dataset: Dataset) -> dict[str, Graph]:
    """Return the non-empty named graphs of *dataset* by name (the default graph left out)."""
    graphs = {}
    for context in dataset.graphs():
        if context.identifier != DATASET_DEFAULT_GRAPH_ID and len(context):
            graph = Graph()
            for triple in context:
                graph.add(triple)
            graphs[str(context.identifier)] = graph
    return graphs


def load_golden() -> dict[str, Graph]:
    dataset = Dataset()
    with warnings.catch_warnings():
        # rdflib 7's TriG parser builds a ConjunctiveGraph internally and warns about it
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        dataset.parse(data=GOLDEN.read_text(encoding="utf-8"), format="trig")
    return named_graphs(dataset)


def load_build(project: Path) -> dict[str, Graph]:
    dump = project / "_build" / "current" / "dumps" / "dataset.nq.gz"
    dataset = Dataset()
    dataset.parse(data=gzip.decompress(dump.read_bytes()).decode("utf-8"), format="nquads")
    return named_graphs(dataset)


def ntriples(graph: Graph) -> list[str]:
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


def describe_difference(name: str, expected: Graph, actual: Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"graph <{name}>:", "  only in expected:"]
    lines += [f"    {line}" for line in ntriples(only_expected)] or ["    (none)"]
    lines += ["  only in actual:"]
    lines += [f"    {line}" for line in ntriples(only_actual)] or ["    (none)"]
    return "\n".join(lines)


def test_golden_trig_parses_and_names_every_source_graph():
    golden = load_golden()
    assert set(golden) == SOURCE_GRAPHS
    for name, graph in golden.items():
        assert (URIRef(name), None, None) in graph, f"{name} does not describe itself"


def test_example_maps_to_the_golden_dataset(project):
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    expected = load_golden()
    actual = load_build(project)
    # the dump holds the whole dataset: the mapped documents and the ontology, which is no mapping
    assert len(actual.pop("https://w3id.org/lodpub/ns")) > 0

    assert set(actual) == set(expected), (
        f"only in expected: {sorted(set(expected) - set(actual))}; "
        f"only in actual: {sorted(set(actual) - set(expected))}")
    differences = [describe_difference(name, expected[name], actual[name])
                   for name in sorted(expected)
                   if not isomorphic(expected[name], actual[name])]
    assert not differences, "\n\n".join(differences)
