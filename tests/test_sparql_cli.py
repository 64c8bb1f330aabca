"""``lodpub query`` shares the endpoint's checks and limits."""

from __future__ import annotations

import time

import pytest

from conftest import copy_example, run_cli
from lodpub.sparql.examples import example_queries

EXAMPLES = {example.name: example for example in example_queries()}


def test_query_prints_a_table(built_example):
    result = run_cli("query", built_example, EXAMPLES["01-partnerships-by-country-pair"].text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "countryA   countryB    partnerships", "---------  ----------  ------------",
        "Sweden@en  Ukraine@en  1", "(1 row)"]


def test_query_as_csv_and_ask(built_example):
    result = run_cli("query", "--format", "csv", built_example, "SELECT ?n WHERE { VALUES ?n { 1 2 } }")
    assert result.stdout.splitlines() == ["n", "1", "2"]
    assert run_cli("query", built_example, "ASK {}").stdout == "yes\n"


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE is not allowed"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "read-only: SPARQL Update (LOAD)"),
    ("SELECT * WHERE {", "malformed SPARQL query: error at 1:17"),
])
def test_query_refuses_what_the_endpoint_refuses(built_example, query, message):
    result = run_cli("query", built_example, query)
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_query_reads_a_graph_the_dataset_lacks_as_empty_and_says_so(built_example):
    result = run_cli("query", built_example, "SELECT * FROM <http://127.0.0.1:9/> WHERE { ?s ?p ?o }")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("note: <http://127.0.0.1:9/> is not a graph of this dataset; "
                             "it was read as empty\n")


@pytest.fixture(scope="module")
def limited_build(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("cli-limits") / "example")
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[sparql]\ntimeout = 1\nmax_rows = 2\n")
    assert run_cli("build", project).returncode == 0
    return project


def test_query_stops_at_the_time_limit(limited_build):
    started = time.monotonic()
    result = run_cli("query", limited_build,
                     "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert result.returncode == 1
    assert "the query ran longer than sparql.timeout (1 s) and was stopped" in result.stderr
    assert time.monotonic() - started < 10


def test_query_says_when_it_cut_the_results(limited_build):
    result = run_cli("query", limited_build, "SELECT ?s WHERE { ?s a ?t }")
    assert result.returncode == 0 and result.stdout.endswith("(2 rows)\n")
    assert "note: results truncated to the first 2 rows by sparql.max_rows" in result.stderr
