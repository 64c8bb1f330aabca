"""The founding story end to end: from the article's raw text to a published article,
without writing a municipality or a person by hand."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import run_cli, shared_path

FIXTURE = Path(__file__).resolve().parent / "data" / "import" / "text-vannas-slobozhanske-2023-06-22.txt"


@pytest.fixture
def new_site(tmp_path) -> Path:
    """A new project keeping the example's organisations, events, places and partnerships."""
    site = tmp_path / "site"
    assert run_cli("init", site).returncode == 0
    for path in [*site.glob("content/articles/*.md"), site / "registry" / "municipalities.yaml",
                 site / "registry" / "people.yaml"]:
        path.unlink()
    return site


def query(site: Path, text: str) -> list[dict]:
    result = run_cli("query", site, "--format", "json", text)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["results"]["bindings"]


def publish(site: Path, source: Path) -> None:
    imported = run_cli("import", "text", source, site)
    assert imported.returncode == 0, imported.stderr
    linked = run_cli("link", "--apply", site)
    assert linked.returncode == 0, linked.stderr
    built = run_cli("build", site)
    assert built.returncode == 0, built.stderr + built.stdout


PREFIXES = "PREFIX schema: <http://schema.org/> "


def test_raw_text_to_a_published_article(new_site):
    publish(new_site, FIXTURE)
    articles = query(new_site, PREFIXES + """
        SELECT ?article ?date ?headline WHERE {
          ?article a schema:NewsArticle ; schema:datePublished ?date ; schema:headline ?headline }""")
    assert len(articles) == 1
    assert articles[0]["date"]["value"] == "2023-06-22"
    assert articles[0]["headline"]["value"] == "Signerat partnerskap mellan Vännäs och Slobozhanske"
    mentioned = query(new_site, PREFIXES + """
        SELECT ?thing ?name WHERE { ?article schema:mentions ?thing .
          OPTIONAL { ?thing schema:name ?name } }""")
    iris = {row["thing"]["value"].split("/id/", 1)[1] for row in mentioned}
    assert {"municipality/se-2460", "municipality/ua-UA63140110000087562",
            "organisation/cities4cities", "organisation/salar-international",
            "organisation/skr"} <= iris
    people = {row["name"]["value"] for row in mentioned
              if "/id/person/" in row["thing"]["value"] and "name" in row}
    assert {"Lillemor Lundgren", "Henrik Åström", "Dmytro Dikhtiar", "Viktoria Popova"} <= people
    quote = query(new_site, PREFIXES + """
        SELECT ?text ?speaker WHERE { ?quote a schema:Quotation ; schema:text ?text ;
          schema:spokenByCharacter [ schema:name ?speaker ] }""")
    assert [row["speaker"]["value"] for row in quote] == ["Lillemor Lundgren"]
    assert quote[0]["text"]["value"].startswith("Det kändes stort att signera avtalet.")


def test_the_same_story_from_the_shared_sample(new_site):
    sample = shared_path("samples", "vannas-slobozhanske-2023-06-22.txt")
    assert sample.read_bytes() == FIXTURE.read_bytes()
    publish(new_site, sample)
    again = run_cli("import", "text", sample, new_site)
    assert again.returncode == 0 and "unchanged" in again.stdout
    relinked = run_cli("link", "--apply", new_site)
    assert relinked.returncode == 0
    before = {path: path.read_bytes() for path in new_site.rglob("*") if path.is_file()
              and "_build" not in path.parts}
    shutil.rmtree(new_site / "_build")
    assert run_cli("link", "--apply", new_site).returncode == 0
    after = {path: path.read_bytes() for path in new_site.rglob("*") if path.is_file()
             and "_build" not in path.parts}
    assert before == after
