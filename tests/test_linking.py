"""lodpub link: suggestions for review, --apply, and the linker's quality on the labelled set."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from lodpub.cli import main
from lodpub.ingest.contentfiles import read_article, read_registry, render_article, write_text
from lodpub.ingest.linking import suggestions_for
from lodpub.ingest.linking.quality import evaluate
from lodpub.shipped import example_project

DATA = Path(__file__).parent / "data" / "linking"
LABELLED = DATA / "labelled.yaml"
ARTICLE = "content/articles/2023-06-22-founding.md"


def _founding_text() -> str:
    labelled = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return next(item["text"] for item in labelled["texts"] if item["id"] == "founding-article")


@pytest.fixture
def project(tmp_path) -> Path:
    """The example's registry without municipalities and people, and the founding article as imported."""
    root = tmp_path / "site"
    shutil.copytree(example_project(), root)
    for name in ("municipalities.yaml", "people.yaml", "partnerships.yaml"):
        (root / "registry" / name).unlink()
    for path in (root / "content" / "articles").glob("*.md"):
        path.unlink()
    front = {"headline": "Signerat partnerskap mellan Vännäs och Slobozhanske", "datePublished": "2023-06-22",
             "inLanguage": "sv", "publisher": "se-2460"}
    write_text(root / ARTICLE, render_article(front, _founding_text()))
    return root


def _mentions(root: Path) -> list[str]:
    front, _ = read_article(root / ARTICLE)
    return list(front.get("mentions") or [])


def test_suggestions_for_the_founding_article(project):
    front, body = read_article(project / ARTICLE)
    section = suggestions_for(project, front, body)
    refs = [item["ref"] for item in section["mentions"]]
    for key in ("se-2460", "ua-UA63140110000087562", "cities4cities", "salar-international", "skr",
                "lillemor-lundgren", "henrik-astrom", "dmytro-dikhtiar", "viktoria-popova", "kharkiv-oblast"):
        assert key in refs
    slobozhanske = next(item for item in section["mentions"] if item["ref"] == "ua-UA63140110000087562")
    assert "Charkivregionen" in slobozhanske["why"]
    people = {person["id"]: person for person in section["people"]}
    assert people["lillemor-lundgren"]["mandates"] == [{
        "id": "lillemor-lundgren-municipalcouncilchair", "role": "municipalCouncilChair",
        "roleName": {"sv": "kommunfullmäktiges ordförande"}, "organisation": "vannas-kommunfullmaktige",
        "onBehalfOf": "socialdemokraterna"}]
    assert people["dmytro-dikhtiar"]["mandates"][0]["role"] == "headOfHromada"
    assert people["dmytro-dikhtiar"]["mandates"][0]["organisation"] == "ua-UA63140110000087562"
    assert people["henrik-astrom"]["mandates"][0]["role"] == "deputyMunicipalDirector"
    assert people["henrik-astrom"]["mandates"][0]["organisation"] == "se-2460"
    assert people["viktoria-popova"]["mandates"][0]["role"] == "headOfEconomicDevelopment"
    assert "uuid" not in people["viktoria-popova"]


def test_nothing_to_suggest_is_none(project):
    assert suggestions_for(project, {"headline": "Öppet hus"}, "Välkommen på fika.") is None


def test_review_shows_and_writes_nothing(project, capsys):
    before = (project / ARTICLE).read_text(encoding="utf-8")
    assert main(["link", str(project)]) == 0
    out = capsys.readouterr().out
    assert "ua-UA63140110000087562" in out and "Charkivregionen" in out
    assert "new person: lillemor-lundgren" in out
    assert "municipalCouncilChair in vannas-kommunfullmaktige" in out
    assert (project / ARTICLE).read_text(encoding="utf-8") == before
    assert not (project / "registry" / "people.yaml").exists()


def test_review_shows_ambiguous_names(project, capsys):
    path = project / "content" / "articles" / "2024-01-01-slobozhanske.md"
    write_text(path, render_article({"headline": "Nytt besök", "publisher": "se-2460"},
                                    "Slobozhanske har drabbats hårt av kriget."))
    assert main(["link", str(project), "--article", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ambiguous" in out and "ua-UA12020250000010438" in out and "ua-UA63140110000087562" in out


def test_apply_then_nothing_changes(project, capsys):
    assert main(["link", "--apply", str(project)]) == 0
    mentions = _mentions(project)
    for key in ("se-2460", "ua-UA63140110000087562", "cities4cities", "salar-international", "skr",
                "lillemor-lundgren", "henrik-astrom", "dmytro-dikhtiar", "viktoria-popova"):
        assert key in mentions
    people = {p["id"]: p for p in read_registry(project / "registry" / "people.yaml")["people"]}
    assert set(people) == {"lillemor-lundgren", "henrik-astrom", "dmytro-dikhtiar", "viktoria-popova"}
    assert all(len(person["uuid"]) == 36 for person in people.values())
    front, _ = read_article(project / ARTICLE)
    assert "suggestions" not in front
    capsys.readouterr()
    article, registry = (project / ARTICLE).read_text(), (project / "registry" / "people.yaml").read_text()
    assert main(["link", "--apply", str(project)]) == 0
    assert "nothing to change" in capsys.readouterr().out
    assert (project / ARTICLE).read_text() == article
    assert (project / "registry" / "people.yaml").read_text() == registry


def test_apply_keeps_what_a_person_wrote(project):
    front, body = read_article(project / ARTICLE)
    front["mentions"] = ["skr", "my-own-key"]
    write_text(project / ARTICLE, render_article(front, body))
    assert main(["link", "--apply", str(project)]) == 0
    mentions = _mentions(project)
    assert mentions[:2] == ["skr", "my-own-key"]
    assert mentions.count("skr") == 1


def test_pruned_section_applies_only_what_remains_and_rejected_holds(project):
    front, body = read_article(project / ARTICLE)
    section = suggestions_for(project, front, body)
    section["mentions"] = [item for item in section["mentions"] if item["ref"] in ("se-2460", "skr")]
    section["people"] = [p for p in section["people"] if p["id"] == "lillemor-lundgren"]
    section["rejected"] = ["cities4cities"]
    front["suggestions"] = section
    write_text(project / ARTICLE, render_article(front, body))
    assert main(["link", "--apply", str(project)]) == 0
    assert _mentions(project) == ["se-2460", "skr"]
    people = read_registry(project / "registry" / "people.yaml")["people"]
    assert [p["id"] for p in people] == ["lillemor-lundgren"]
    front, _ = read_article(project / ARTICLE)
    assert dict(front["suggestions"]) == {"rejected": ["cities4cities"]}
    # without a pending section, the linker runs again; a rejected key stays out
    assert main(["link", "--apply", str(project)]) == 0
    mentions = _mentions(project)
    assert "cities4cities" not in mentions and "salar-international" in mentions


def test_existing_person_is_not_overwritten_and_gets_only_new_mandates(project):
    people = project / "registry" / "people.yaml"
    people.write_text(
        "people:\n"
        "  - id: henrik-astrom  # written by hand\n"
        "    name: Henrik Åström\n"
        "    givenName: Henrik\n"
        "    familyName: Åström\n"
        "    mandates:\n"
        "      - id: astrom-deputy\n"
        "        role: deputyMunicipalDirector\n"
        "        organisation: se-2460\n", encoding="utf-8")
    assert main(["link", "--apply", str(project)]) == 0
    text = people.read_text(encoding="utf-8")
    assert "# written by hand" in text
    henrik = next(p for p in read_registry(people)["people"] if p["id"] == "henrik-astrom")
    assert "uuid" not in henrik
    assert [m["id"] for m in henrik["mandates"]] == ["astrom-deputy"]


def test_missing_project_and_no_articles(tmp_path, capsys):
    assert main(["link", str(tmp_path / "nowhere")]) == 1
    assert "error:" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["link", str(tmp_path / "empty")]) == 1
    assert "no articles" in capsys.readouterr().err


def test_labelled_set_meets_the_targets():
    result = evaluate(LABELLED)
    score = result.scores["all"]
    assert result.texts >= 25
    assert score.precision >= 0.95, result.false_links
    assert score.recall >= 0.90, result.misses
    assert result.ambiguous_missed == []
