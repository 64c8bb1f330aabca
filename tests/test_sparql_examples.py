"""The example research queries: well-formed files, and the expected rows on the example over HTTP."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from conftest import REPO, LiveServer, copy_example
from lodpub.sparql.examples import example_queries, read_example
from sparql_expected import EXPECTED, UNBOUND, VANNAS, matches, simplify

EXAMPLES = {example.name: example for example in example_queries()}


def ask(server, query: str) -> dict:
    request = urllib.request.Request(
        server.url + "/sparql", data=urllib.parse.urlencode({"query": query}).encode(),
        headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["Content-Type"] == "application/sparql-results+json"
        return json.load(response)


def test_every_example_has_a_title_a_description_and_an_expectation():
    assert set(EXAMPLES) == set(EXPECTED)
    for example in EXAMPLES.values():
        assert example.title and example.description
        assert "title:" not in example.description


def test_the_documentation_lists_every_example():
    documentation = (REPO / "docs" / "sparql.md").read_text(encoding="utf-8")
    assert [name for name in EXAMPLES if f"| `{name}.rq` |" not in documentation] == []


def test_a_query_file_without_a_title_is_refused(tmp_path):
    path = tmp_path / "nameless.rq"
    path.write_text("# description: no title\nASK {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"nameless.rq: the header lacks '# title: …'"):
        read_example(path)


def test_descriptions_may_go_on_over_several_lines():
    description = EXAMPLES["01-partnerships-by-country-pair"].description
    assert description.endswith("(schema:containedInPlace, any number of steps).")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_answers_the_expected_rows(live_server, name):
    data = ask(live_server, EXAMPLES[name].text)
    rows = simplify(data["results"]["bindings"], live_server.url + "/")
    assert matches(rows, EXPECTED[name]), rows
    for variable in UNBOUND.get(name, ()):
        assert all(variable not in row for row in rows)


def second_partnership(project):
    """Add Umeå as a second partner of Vännäs."""
    with (project / "registry" / "places.yaml").open("a", encoding="utf-8") as places:
        places.write("""
  - id: area-se-2480
    type: AdministrativeArea
    name: { sv: Umeå kommun (område), en: Umeå Municipality (territory) }
    containedInPlace: vasterbotten
""")
    with (project / "registry" / "municipalities.yaml").open("a", encoding="utf-8") as municipalities:
        municipalities.write("""
  - id: se-2480
    name: { sv: Umeå kommun, en: Umeå Municipality }
    identifiers: { SE-kommunkod: "2480" }
    jurisdiction: area-se-2480
""")
    registry = project / "registry" / "partnerships.yaml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace("\nagreements:\n", """
  - name: { sv: Partnerskap mellan Vännäs och Umeå, en: Vännäs–Umeå partnership }
    partners: [se-2460, se-2480]
    type: projectPartnership
    status: exploratory
    statusDate: 2024-01-15
    areas: [wasteManagement]

agreements:
""", 1), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def two_partnerships(tmp_path_factory):
    project = second_partnership(copy_example(tmp_path_factory.mktemp("partners") / "example"))
    server = LiveServer(project)
    yield server
    server.stop()


def test_municipalities_with_several_partners_finds_the_one_with_two(two_partnerships):
    data = ask(two_partnerships, EXAMPLES["07-municipalities-with-several-partners"].text)
    rows = simplify(data["results"]["bindings"], two_partnerships.url + "/")
    assert rows == [{"municipality": VANNAS, "name": "Vännäs Municipality", "partners": "2"}]


def test_country_pairs_count_the_new_partnership(two_partnerships):
    data = ask(two_partnerships, EXAMPLES["01-partnerships-by-country-pair"].text)
    rows = simplify(data["results"]["bindings"], two_partnerships.url + "/")
    assert rows == [{"countryA": "Sweden", "countryB": "Sweden", "partnerships": "1"},
                    {"countryA": "Sweden", "countryB": "Ukraine", "partnerships": "1"}]
