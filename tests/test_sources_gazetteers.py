"""References to any Swedish municipality or Ukrainian hromada, by code or by name, without a registry entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_cli
from lodpub.sources.content import read_content

ARTICLE = """---
headline: Nytt samarbete
datePublished: 2024-03-01
inLanguage: sv
publisher: {publisher}
mentions: [{mentions}]
---
Text.
"""


def make_project(root: Path, mentions: str, publisher: str = "se-0114", registry: str = "") -> Path:
    (root / "content" / "articles").mkdir(parents=True)
    (root / "registry").mkdir()
    (root / "lodpub.toml").write_text('base = "https://data.example.org/"\n', encoding="utf-8")
    (root / "content" / "articles" / "2024-03-01-nytt.md").write_text(
        ARTICLE.format(publisher=publisher, mentions=mentions), encoding="utf-8")
    if registry:
        (root / "registry" / "registry.yaml").write_text(registry, encoding="utf-8")
    return root


def ask(project: Path, query: str) -> bool:
    result = run_cli("query", project, "--format", "json", query)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["boolean"]


def test_any_municipality_by_code_builds_from_the_gazetteers(tmp_path):
    project = make_project(tmp_path / "p", "se-2480, ua-UA63140110000087562")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert ask(project, """
        PREFIX schema: <http://schema.org/> PREFIX lp: <https://w3id.org/lodpub/ns#>
        ASK {
          <https://data.example.org/id/municipality/se-0114> a lp:Municipality ;
              schema:name "Upplands Väsby kommun"@sv ; lp:jurisdiction ?area .
          ?area schema:containedInPlace ?lan . ?lan schema:name "Stockholms län"@sv .
          <https://data.example.org/id/municipality/se-2480> schema:identifier [
              schema:propertyID "SE-kommunkod" ; schema:value "2480" ] .
          <https://data.example.org/id/municipality/ua-UA63140110000087562>
              schema:name "Слобожанська міська громада"@uk ; lp:jurisdiction ?hromada .
          ?hromada schema:containedInPlace ?raion . ?raion schema:containedInPlace ?oblast .
          ?oblast schema:name "Kharkiv Oblast"@en ; schema:containedInPlace ?ukraine .
          ?ukraine a schema:Country .
        }""")
    # The gazetteers' facts live in graphs of their own that name the source and its edition.
    assert ask(project, """
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <http://schema.org/>
        ASK {
          GRAPH <https://data.example.org/graph/gazetteers/se-scb-2026> {
            <https://data.example.org/id/municipality/se-2480> schema:name ?name }
          <https://data.example.org/graph/gazetteers/se-scb-2026> prov:wasDerivedFrom ?source ;
              schema:name ?title .
          GRAPH <https://data.example.org/graph/gazetteers/ua-katottg-2026-07> {
            <https://data.example.org/id/municipality/ua-UA63140110000087562> schema:name ?uk }
          FILTER(CONTAINS(STR(?title), "2026"))
        }""")


def test_only_what_is_referenced_comes_from_the_gazetteers(tmp_path):
    project = read_content(make_project(tmp_path / "p", "se-2460"))
    keys = {record.key for document in project.documents if document.kind == "gazetteer"
            for record in document.records}
    # The municipalities mentioned and published by, their territories, län and country.
    assert keys == {"se-2460", "area-se-2460", "area-se-24", "country-se",
                    "se-0114", "area-se-0114", "area-se-01"}


def test_references_by_name(tmp_path):
    project = read_content(make_project(tmp_path / "p", "Vännäs, Umeå kommun, Bjurholm",
                                        publisher="Upplands Väsby"))
    article = next(document for document in project.documents if document.kind == "article")
    assert article.records[0].values["mentions"] == ["se-2460", "se-2480", "se-2403"]
    assert article.records[0].values["publisher"] == "se-0114"


def test_an_ambiguous_name_lists_the_candidates_with_their_keys(tmp_path):
    project = make_project(tmp_path / "p", "Slobozhanske")
    result = run_cli("validate", project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/articles/2024-03-01-nytt.md" in result.stderr
    assert "field 'mentions'" in result.stderr
    assert "'Slobozhanske' names 2 things" in result.stderr
    assert "ua-UA63140110000087562" in result.stderr and "ua-UA12020250000010438" in result.stderr
    assert "Kharkiv Oblast" in result.stderr and "Dnipropetrovsk Oblast" in result.stderr


def test_the_registry_says_which_namesake_is_meant(tmp_path):
    registry = """municipalities:
  - id: ua-UA63140110000087562
    alternateName: { en: Slobozhanske }
"""
    project = read_content(make_project(tmp_path / "p", "Slobozhanske", registry=registry))
    article = next(document for document in project.documents if document.kind == "article")
    assert article.records[0].values["mentions"] == ["ua-UA63140110000087562"]


def test_an_unknown_name_says_so(tmp_path):
    result = run_cli("validate", make_project(tmp_path / "p", "Vännäss"))
    assert result.returncode == 1
    assert "'Vännäss' is neither the key nor the name of any" in result.stderr


def test_a_registry_entry_adds_and_overrides_gazetteer_facts(tmp_path):
    registry = """municipalities:
  - id: se-0114
    name: { en: Upplands Väsby Municipality }
    url: https://www.upplandsvasby.se/
    identifiers: { SE-kommunkod: "0114", SE-organisationsnummer: "212000-2882" }
places:
  - id: area-se-0114
    population:
      - { value: 48000, date: 2024-01-01, approximate: true }
"""
    project = make_project(tmp_path / "p", "se-0114", registry=registry)
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert ask(project, """
        PREFIX schema: <http://schema.org/>
        ASK {
          <https://data.example.org/id/municipality/se-0114> schema:name "Upplands Väsby kommun"@sv ,
                "Upplands Väsby Municipality"@en ; schema:url <https://www.upplandsvasby.se/> .
          <https://data.example.org/id/place/area-se-0114> schema:name "Upplands Väsby kommun (område)"@sv .
          ?observation schema:observationAbout <https://data.example.org/id/place/area-se-0114> .
        }""")
    # An identifier the registry restates is not written twice.
    assert not ask(project, """
        PREFIX schema: <http://schema.org/>
        ASK { GRAPH <https://data.example.org/graph/gazetteers/se-scb-2026> {
          <https://data.example.org/id/municipality/se-0114> schema:identifier ?id } }""")


def test_a_gazetteer_key_in_the_wrong_section_is_an_error(tmp_path):
    registry = "places:\n  - id: se-2460\n    type: Place\n    name: Vännäs\n"
    result = run_cli("validate", make_project(tmp_path / "p", "se-0114", registry=registry))
    assert result.returncode == 1
    assert "'se-2460' is a municipality in the gazetteers, not a place" in result.stderr


def test_people_have_readable_keys_and_opaque_iris(tmp_path):
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    loaded = read_content(project)
    assert "lillemor-lundgren" in loaded.records
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((project / "_build" / "current" / "manifest.json").read_text())
    base = manifest["base"]
    assert ask(project, f"""
        ASK {{ <{base}id/person/90ddccd3-ee5f-4b54-b53b-0b91d609d33c>
               <http://schema.org/name> "Lillemor Lundgren" }}""")
    assert not ask(project, 'ASK { ?s ?p ?o FILTER(CONTAINS(STR(?s), "lillemor")) }')


def test_a_person_without_uuid_gets_a_stable_opaque_iri(tmp_path):
    registry = "people:\n  - id: anna-berg\n    name: Anna Berg\n"
    first = make_project(tmp_path / "a", "anna-berg", registry=registry)
    second = make_project(tmp_path / "b", "Anna Berg", registry=registry)
    iris = []
    for project in (first, second):
        assert run_cli("build", project).returncode == 0
        result = run_cli("query", project, "--format", "json",
                         "SELECT ?p WHERE { ?p a <http://schema.org/Person> }")
        iris.append(json.loads(result.stdout)["results"]["bindings"][0]["p"]["value"])
    assert iris[0] == iris[1]
    assert "anna" not in iris[0] and len(iris[0].rsplit("/", 1)[1]) == 36


@pytest.mark.parametrize("uuid_value, message", [
    ("not-a-uuid", "expected a UUID"),
    ("90ddccd3-ee5f-4b54-b53b-0b91d609d33c", "already belongs to 'first'"),
])
def test_bad_person_uuids(tmp_path, uuid_value, message):
    registry = ("people:\n  - id: first\n    uuid: 90ddccd3-ee5f-4b54-b53b-0b91d609d33c\n    name: A B\n"
                f"  - id: second\n    uuid: {uuid_value}\n    name: C D\n")
    result = run_cli("validate", make_project(tmp_path / "p", "first", registry=registry))
    assert result.returncode == 1
    assert "registry/registry.yaml:" in result.stderr and "field 'uuid'" in result.stderr
    assert message in result.stderr
