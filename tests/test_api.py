"""The public API, as a notebook, a CMS integration or a WSGI server of one's own uses it."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

import lodpub
from conftest import BUILD_EPOCH

BASE = "http://localhost:8000/"
VANNAS = URIRef(BASE + "id/municipality/se-2460")


def test_validate_returns_the_report(project):
    report = lodpub.Project(project).validate()
    assert report.conforms and report.violation_count == 0
    assert {finding.location.path for finding in report.findings} == {
        "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"}


def test_validate_raises_source_errors_for_bad_content(project):
    (project / "registry" / "events.yaml").write_text("events: [", encoding="utf-8")
    with pytest.raises(lodpub.SourceErrors, match="registry/events.yaml"):
        lodpub.Project(project).validate()


def test_build_then_query_rows_booleans_and_graphs(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    site = lodpub.Project(project)
    with pytest.raises(lodpub.BuildNotFound):
        site.release  # noqa: B018
    result = site.build()
    assert result.release.base == BASE and site.release.path == result.release.path
    rows = site.query(f"SELECT ?name WHERE {{ <{VANNAS}> <http://schema.org/name> ?name }} "
                      "ORDER BY ?name").rows
    assert [row["name"] for row in rows] == [Literal("Vännäs Municipality", lang="en"),
                                             Literal("Vännäs kommun", lang="sv")]
    assert site.query("ASK { ?s a <http://schema.org/NewsArticle> }").boolean is True
    graph = site.query(f"CONSTRUCT {{ <{VANNAS}> ?p ?o }} WHERE {{ <{VANNAS}> ?p ?o }}").graph
    assert (VANNAS, URIRef("http://schema.org/url"), URIRef("https://www.vannas.se/")) in graph
    with pytest.raises(lodpub.BadQuery):
        site.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_describe_gives_what_the_server_publishes(built_example, client):
    graph = lodpub.Project(built_example).describe(str(VANNAS))
    served = client.get("/doc/municipality/se-2460", headers={"Accept": "application/n-triples"})
    assert served.status_code == 200
    assert len(graph) == len(served.get_data(as_text=True).strip().splitlines())
    with pytest.raises(lodpub.NotFound):
        lodpub.Project(built_example).describe("https://elsewhere.example/id/x")


def test_create_app_serves_the_release_to_any_wsgi_server(client):
    response = client.get("/id/municipality/se-2460", headers={"Accept": "text/turtle"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/doc/municipality/se-2460")
    page = client.get("/doc/municipality/se-2460", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Vännäs" in page.get_data(as_text=True)


def test_init_makes_a_project_object(tmp_path):
    site = lodpub.Project.init(tmp_path / "site")
    assert (site.path / "lodpub.toml").is_file() and repr(site) == f"Project('{tmp_path / 'site'}')"
    with pytest.raises(lodpub.LodpubError, match="not empty"):
        lodpub.Project.init(site.path)
