"""Bad content gets one clear message naming file, line and field; exit 1; no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

ARTICLE = "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"


def replace_in(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {relative}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project: Path, relative: str, needle: str) -> int:
    lines = (project / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def assert_clean_failure(result, *expected: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"


BROKEN = [
    pytest.param(
        "registry/events.yaml", "    location: stockholm", "    location: [stockholm",
        ["registry/events.yaml:", "invalid YAML"], id="invalid-yaml"),
    pytest.param(
        ARTICLE, "inLanguage: sv", "inLanguage: sv\n  bad: [indent",
        [ARTICLE + ":", "invalid YAML"], id="invalid-front-matter"),
    pytest.param(
        "registry/events.yaml", "    location: stockholm", "    locaton: stockholm",
        ["registry/events.yaml:", "field 'locaton'", "unknown field", "did you mean 'location'?"],
        id="unknown-field"),
    pytest.param(
        "registry/events.yaml", "    location: stockholm", "    location: stokholm",
        ["registry/events.yaml:", "field 'location'", "'stokholm' is neither the key nor the name of any place",
         "did you mean 'stockholm'?"], id="missing-reference"),
    pytest.param(
        "registry/events.yaml", "    location: stockholm", "    location: se-2460",
        ["field 'location'", "'se-2460' is a municipality; expected a place"],
        id="reference-of-wrong-kind"),
    pytest.param(
        "registry/places.yaml", "  - id: vasterbotten", "  - id: sweden",
        ["registry/places.yaml:", "duplicate key 'sweden'"], id="duplicate-key"),
    pytest.param(
        "registry/events.yaml", "    endDate: 2023-06-20", "    endDate: 2023-06-31",
        ["registry/events.yaml:", "field 'endDate'", "expected a date as YYYY-MM-DD"],
        id="date-not-a-date"),
    pytest.param(
        ARTICLE, "datePublished: 2023-06-22", "datePublished: 2023-06-22T10:00:00",
        [ARTICLE + ":", "field 'datePublished'", "has no timezone"], id="datetime-without-zone"),
    pytest.param(
        ARTICLE, "inLanguage: sv", "inLanguage: swedish",
        [ARTICLE + ":", "field 'inLanguage'", "expected a language tag"], id="bad-language-field"),
    pytest.param(
        "registry/places.yaml", "name: { sv: Sverige,", "name: { svenska!: Sverige,",
        ["registry/places.yaml:", "field 'name'", "'svenska!' is not a language tag"],
        id="bad-language-tag-key"),
    pytest.param(
        "registry/partnerships.yaml", "    status: intentDeclared", "    status: intentDeclare",
        ["registry/partnerships.yaml:", "field 'status'", "not a concept of lp:PartnershipStatus",
         "did you mean 'intentDeclared'?"], id="unknown-concept"),
    pytest.param(
        "registry/partnerships.yaml", "partnerships:", "partnership:",
        ["registry/partnerships.yaml:3", "unknown section 'partnership'", "did you mean 'partnerships'?"],
        id="unknown-section"),
    pytest.param(
        "registry/people.yaml", "      - id: lundgren-vannas-kf-chair\n        role: municipalCouncilChair\n",
        "      - id: lundgren-vannas-kf-chair\n",
        ["registry/people.yaml:", "field 'role'", "a mandate needs 'role'"], id="missing-required"),
]


@pytest.mark.parametrize("relative, old, new, expected", BROKEN)
def test_bad_content_is_reported_and_keeps_the_last_good_build(project, relative, old, new, expected):
    assert run_cli("build", project).returncode == 0
    current = (project / "_build" / "current").resolve()
    manifest = (current / "manifest.json").read_bytes()

    replace_in(project, relative, old, new)
    result = run_cli("build", project)

    assert_clean_failure(result, *expected)
    assert (project / "_build" / "current").resolve() == current
    assert (current / "manifest.json").read_bytes() == manifest
    assert run_cli("validate", project).returncode == 1


def test_unknown_field_reports_its_line(project):
    replace_in(project, "registry/events.yaml", "    location: stockholm", "    locaton: stockholm")
    line = line_of(project, "registry/events.yaml", "locaton")
    assert_clean_failure(run_cli("validate", project), f"registry/events.yaml:{line},")


def test_invalid_front_matter_reports_the_file_line(project):
    replace_in(project, ARTICLE, "inLanguage: sv", "inLanguage: sv\nkeywords: [a, b")
    result = run_cli("validate", project)
    assert_clean_failure(result, f"{ARTICLE}:")
    reported = int(result.stderr.split(f"{ARTICLE}:")[1].split(":")[0])
    assert reported >= line_of(project, ARTICLE, "keywords: [a, b")


def test_file_that_is_not_utf8(project):
    path = project / "registry" / "events.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert_clean_failure(run_cli("build", project), "registry/events.yaml:", "not UTF-8")


def test_empty_project(tmp_path):
    (tmp_path / "lodpub.toml").write_text("", encoding="utf-8")
    assert_clean_failure(run_cli("build", tmp_path), "the project is empty")


def test_missing_configuration(tmp_path):
    assert_clean_failure(run_cli("build", tmp_path), "lodpub.toml", "lodpub init")


def test_unknown_setting(project):
    replace_in(project, "lodpub.toml", "[dataset]", "[dataset]\nlicence = 'x'")
    assert_clean_failure(run_cli("build", project), "unknown setting 'dataset.licence'",
                         "did you mean 'dataset.license'?")


def test_several_problems_are_reported_together(project):
    replace_in(project, "registry/events.yaml", "    location: stockholm", "    locaton: stockholm")
    replace_in(project, ARTICLE, "inLanguage: sv", "inLanguage: swedish")
    result = run_cli("validate", project)
    assert_clean_failure(result, "2 problems", "locaton", "inLanguage")


def test_codes_with_leading_zeros_stay_as_written(project):
    replace_in(project, "registry/municipalities.yaml", 'SE-kommunkod: "2460"', "SE-kommunkod: 0756")
    assert run_cli("build", project).returncode == 0
    result = run_cli("query", project, 'ASK { ?id <http://schema.org/value> "0756" }')
    assert result.stdout.strip() == "yes"
