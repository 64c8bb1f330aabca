"""lodpub build: the store and four dumps, named graphs, atomic publishing, reproducibility."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from conftest import BUILD_EPOCH, run_cli, shared_path

SCHEMA_HTTP = "http://schema.org/"


def current(project: Path) -> Path:
    return (project / "_build" / "current").resolve()


def manifest(project: Path) -> dict:
    return json.loads((current(project) / "manifest.json").read_text(encoding="utf-8"))


def load_dumps(project: Path) -> dict[str, object]:
    dumps = current(project) / "dumps"
    quads = Dataset()
    quads.parse(data=gzip.decompress((dumps / "dataset.nq.gz").read_bytes()), format="nquads")
    jsonld = Dataset()
    jsonld.parse(dumps / "dataset.jsonld", format="json-ld")
    return {
        "turtle": Graph().parse(dumps / "dataset.ttl", format="turtle"),
        "ntriples": Graph().parse(data=gzip.decompress((dumps / "dataset.nt.gz").read_bytes()),
                                  format="nt"),
        "nquads": quads,
        "jsonld": jsonld,
    }


def named_graphs(dataset: Dataset) -> set[str]:
    return {str(graph.identifier) for graph in dataset.graphs() if len(graph)
            and str(graph.identifier) != "urn:x-rdflib:default"}


def test_build_writes_store_and_four_dumps_that_parse(built_example):
    found = manifest(built_example)
    assert (current(built_example) / "store").is_dir()
    assert {dump["name"] for dump in found["dumps"]} == {
        "dataset.ttl", "dataset.nt.gz", "dataset.nq.gz", "dataset.jsonld"}
    dumps = load_dumps(built_example)
    assert len(dumps["turtle"]) == len(dumps["ntriples"]) == found["defaultGraphTriples"]
    assert len(dumps["nquads"]) == found["defaultGraphTriples"]      # the ontology's graph too
    assert found["defaultGraphTriples"] > found["triples"]            # the documents' alone


def test_dumps_carry_one_named_graph_per_source_file_and_the_ontology(built_example):
    documents = {document["graph"] for document in manifest(built_example)["documents"]}
    assert len(documents) == 9  # seven content files and the two gazetteers they refer to
    dumps = load_dumps(built_example)
    assert named_graphs(dumps["nquads"]) == documents | {"https://w3id.org/lodpub/ns"}
    assert named_graphs(dumps["jsonld"]) == documents | {"https://w3id.org/lodpub/ns"}
    sources = {str(source) for source in dumps["turtle"].objects(
        None, URIRef("http://purl.org/dc/terms/source"))}
    assert "registry/partnerships.yaml" in sources


def test_dump_sizes_and_checksums_are_recorded(built_example):
    import hashlib

    for dump in manifest(built_example)["dumps"]:
        data = (current(built_example) / "dumps" / dump["name"]).read_bytes()
        assert dump["bytes"] == len(data)
        assert dump["sha256"] == hashlib.sha256(data).hexdigest()


def test_only_schema_org_terms_that_exist(built_example):
    vocabulary = shared_path("external", "schemaorg", "30.0", "schemaorg-current-https.ttl")
    defined = {str(term).replace("https://schema.org/", SCHEMA_HTTP)
               for term in Graph().parse(vocabulary, format="turtle").subjects(RDF.type, None)}
    graph = load_dumps(built_example)["turtle"]
    used = {str(term) for triple in graph for term in (triple[1], triple[2] if triple[1] == RDF.type
                                                      else None) if term is not None}
    used |= {str(obj) for obj in graph.objects(None, URIRef(SCHEMA_HTTP + "actionStatus"))}
    schema_terms = {term for term in used if term.startswith(SCHEMA_HTTP)}
    assert schema_terms, "the example uses schema.org"
    assert schema_terms - defined == set()
    assert not any(str(term).startswith("https://schema.org/") for triple in graph for term in triple)


def test_the_same_content_builds_the_same_dumps(project):
    assert run_cli("build", project).returncode == 0
    first = {dump["name"]: dump["sha256"] for dump in manifest(project)["dumps"]}
    assert run_cli("build", project).returncode == 0
    second = {dump["name"]: dump["sha256"] for dump in manifest(project)["dumps"]}
    assert first["dataset.nq.gz"] == second["dataset.nq.gz"]
    assert first["dataset.ttl"] == second["dataset.ttl"]


def test_violations_publish_nothing(project):
    assert run_cli("build", project).returncode == 0
    before = current(project)
    path = project / "registry" / "partnerships.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - name: { sv: Partnerskap", "  - id: se-2460--ua-UA63140110000087562\n    name: { sv: Partnerskap")
    path.write_text(text.replace("    partners: [se-2460, ua-UA63140110000087562]",
                                 "    partners: [se-2460, se-2460]"), encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 1
    assert "registry/partnerships.yaml" in result.stderr
    assert "field 'partners'" in result.stderr
    assert "A partnership has at least two distinct partners" in result.stderr
    assert "nothing was published" in result.stderr
    assert current(project) == before


def test_an_interrupted_build_leaves_the_last_good_build(project):
    assert run_cli("build", project).returncode == 0
    before = current(project)
    before_manifest = manifest(project)
    releases = project / "_build" / "releases"
    article = next((project / "content" / "articles").glob("*.md"))
    article.write_text(article.read_text(encoding="utf-8").replace("headline: ", "headline: Nu ", 1),
                       encoding="utf-8")
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(int(BUILD_EPOCH) + 60)}
    process = subprocess.Popen([sys.executable, "-m", "lodpub.cli", "build", str(project)],
                               env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not any(path.name.startswith(".staging-") for path in releases.iterdir()):
        assert process.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current(project) == before
    assert manifest(project) == before_manifest
    result = run_cli("query", project, "ASK { ?s a <http://schema.org/NewsArticle> }")
    assert result.returncode == 0 and result.stdout.strip() == "yes"
    assert run_cli("build", project).returncode == 0
    assert not any(path.name.startswith(".staging-") for path in releases.iterdir())


def test_earlier_builds_are_pruned(project):
    article = next((project / "content" / "articles").glob("*.md"))
    for number in range(4):
        article.write_text(article.read_text(encoding="utf-8").replace(
            "headline: ", f"headline: {number} ", 1), encoding="utf-8")
        assert run_cli("build", project).returncode == 0
    releases = [path for path in (project / "_build" / "releases").iterdir()]
    assert len(releases) == 3  # the current build and build.keep = 2 earlier ones


def test_base_option_mints_under_that_base(project):
    result = run_cli("build", project, "--base", "https://data.vannas.se/")
    assert result.returncode == 0, result.stderr
    assert "under https://data.vannas.se/" in result.stdout
    graph = load_dumps(project)["turtle"]
    assert (URIRef("https://data.vannas.se/id/municipality/se-2460"), None, None) in graph


def test_progress_is_shown_for_many_documents(project):
    articles = project / "content" / "articles"
    original = next(articles.glob("*.md")).read_text(encoding="utf-8")
    for number in range(120):
        (articles / f"2023-07-{number:03d}-copy.md").write_text(original, encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert "validate: 129/129 documents" in result.stderr
    # 121 articles without an image: the build shows 20 warnings and counts the rest
    assert result.stderr.count("warning: ") == 20
    assert "… and 101 more: lodpub validate lists them all." in result.stderr
    assert "121 warning(s)" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_query_formats(built_example, fmt):
    result = run_cli("query", built_example,
                     "SELECT ?code WHERE { ?m <http://schema.org/identifier> ?id . "
                     "?id <http://schema.org/value> ?code } ORDER BY ?code", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        rows = json.loads(result.stdout)["results"]["bindings"]
        assert [row["code"]["value"] for row in rows] == ["212000-2841", "2460", "UA63140110000087562"]
    elif fmt == "csv":
        assert result.stdout.splitlines() == ["code", "212000-2841", "2460", "UA63140110000087562"]
    else:
        assert "UA63140110000087562" in result.stdout and "(3 rows)" in result.stdout


def test_query_without_a_build_says_how_to_build(project):
    result = run_cli("query", project, "ASK {}")
    assert result.returncode == 1
    assert "has no build yet" in result.stderr and "lodpub build" in result.stderr


def test_malformed_query_is_reported_with_its_position(built_example):
    result = run_cli("query", built_example, "SELECT ?s WHERE { ?s ?p }")
    assert result.returncode == 1
    assert "malformed SPARQL query" in result.stderr and "1:" in result.stderr
    assert "Traceback" not in result.stderr
