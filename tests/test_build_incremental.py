"""A build validates only what changed since the last good build, and keeps the rest's results."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli

ARTICLES = Path("content/articles")
ORIGINAL = "2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"


def report(project: Path) -> dict:
    return json.loads((project / "_build" / "current" / "report.json").read_text(encoding="utf-8"))


def add_article(project: Path, name: str, change=lambda text: text) -> None:
    text = (project / ARTICLES / ORIGINAL).read_text(encoding="utf-8")
    (project / ARTICLES / name).write_text(change(text), encoding="utf-8")


def test_a_new_article_alone_is_validated_and_earlier_warnings_are_kept(project):
    assert run_cli("build", project).returncode == 0
    before = report(project)
    add_article(project, "2023-06-23-another.md")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert "validated 1 new or changed document(s); 9 unchanged kept their results" in result.stdout
    after = report(project)
    assert after["documents"] == 10
    files = sorted(finding["file"] for finding in after["results"])
    assert files == sorted([before["results"][0]["file"], "content/articles/2023-06-23-another.md"])
    assert after["results"][0] in before["results"] or after["results"][1] in before["results"]


def test_a_changed_article_that_breaks_a_shape_is_caught(project):
    assert run_cli("build", project).returncode == 0
    path = project / ARTICLES / ORIGINAL
    long_headline = "headline: " + "x" * 200
    path.write_text(path.read_text(encoding="utf-8").replace(
        "headline: Signerat partnerskap mellan Vännäs och Slobozhanske", long_headline), encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert "validated 1 new or changed document(s)" in result.stdout
    assert any(finding["sourceConstraintComponent"].endswith("MaxLengthConstraintComponent")
               for finding in report(project)["results"])


def test_a_new_article_with_bad_content_publishes_nothing(project):
    assert run_cli("build", project).returncode == 0
    add_article(project, "2023-06-24-broken.md",
                lambda text: text.replace("publisher: se-2460", "publisher: stockholm"))
    result = run_cli("build", project)
    assert result.returncode == 1
    assert "content/articles/2023-06-24-broken.md" in result.stderr
    assert "field 'publisher'" in result.stderr


def test_a_registry_change_validates_the_file_and_what_refers_to_the_entry_again(project):
    assert run_cli("build", project).returncode == 0
    path = project / "registry" / "places.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Västerbottens län", "Västerbotten"),
                    encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert "unchanged kept their results" in result.stdout
    assert "validated 9" not in result.stdout
    assert report(project)["documents"] == 9


def test_a_build_with_nothing_changed_says_so_and_publishes_nothing(project):
    assert run_cli("build", project).returncode == 0
    before = sorted((project / "_build" / "releases").iterdir())
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    assert "nothing changed since the last build" in result.stdout
    assert sorted((project / "_build" / "releases").iterdir()) == before
