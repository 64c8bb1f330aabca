"""lodpub import page: a news page (JSON-LD, microdata or Open Graph, and its text)."""

from __future__ import annotations

import pytest

from lodpub.cli import main
from lodpub.ingest.contentfiles import read_article
from lodpub.ingest.page import import_page
from test_import_fetch import DATA, FixtureServer, article_files

JSONLD = DATA / "nyhet-jsonld.html"
OPENGRAPH = DATA / "nyhet-opengraph.html"


def only_new_article(project, before):
    new = sorted(set(article_files(project)) - set(before))
    assert len(new) == 1, new
    path = project / "content" / "articles" / new[0]
    return path, *read_article(path)


def test_a_page_with_json_ld(project, capsys):
    before = article_files(project)
    assert main(["import", "page", str(JSONLD), str(project)]) == 0
    out = capsys.readouterr().out
    path, front, body = only_new_article(project, before)
    assert path.name == "2024-09-12-vannas-valkomnar-delegation-fran-slobozhanske.md"
    assert front["headline"] == "Vännäs välkomnar delegation från Slobozhanske"
    assert front["datePublished"] == "2024-09-12T14:20:00+02:00"
    assert front["dateModified"] == "2024-09-13T08:00:00+02:00"
    assert front["inLanguage"] == "sv"
    assert front["publisher"] == "se-2460"
    assert front["description"] == "En delegation från Slobozhanske besökte Vännäs i september."
    assert list(front["keywords"]) == ["partnerskap", "Ukraina", "besök"]
    url = "https://www.vannas.se/nyheter/2024-09-12-delegation-fran-slobozhanske"
    assert front["url"] == url and front["identifier"] == url       # the canonical link
    assert list(front["image"]) == ["https://www.vannas.se/images/delegation-sept.jpg"]
    assert len(front["author"]) == 1                                  # Lillemor Lundgren
    assert {"id": "erik-nilsson", "name": "Erik Nilsson"} in front["suggestions"]["people"]
    assert "'Erik Nilsson' is not in the registry" in out
    assert body.startswith("![Delegationen vid kommunhuset i Vännäs]"
                           "(https://www.vannas.se/images/delegation-sept.jpg)\n\n")
    assert "Under tre dagar i september besökte en delegation" in body
    assert "## Nästa steg" in body
    assert "Kontakt" not in body and "911 81" not in body            # navigation and footer left

    capsys.readouterr()
    assert main(["import", "page", str(JSONLD), str(project)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("1 unchanged; nothing changed")


def test_a_page_with_open_graph_only(project, capsys):
    before = article_files(project)
    assert main(["import", "page", str(OPENGRAPH), str(project)]) == 0
    out = capsys.readouterr().out
    _path, front, body = only_new_article(project, before)
    assert front["headline"] == "Biblioteket får nya öppettider"
    assert front["datePublished"] == "2024-09-20T07:45:00Z"
    assert front["inLanguage"] == "sv-SE"
    assert front["url"] == "https://www.vannas.se/nyheter/2024-09-20-biblioteket-far-nya-oppettider"
    assert front["description"] == "Från den 1 oktober har Vännäs bibliotek öppet längre på torsdagar."
    assert list(front["keywords"]) == ["bibliotek"]
    assert "author" not in front
    assert "'Kultur- och fritidsförvaltningen' is not in the registry" in out
    assert body.startswith("![Vännäs bibliotek en höstdag](https://www.vannas.se/images/biblioteket.jpg)")
    assert "öppet till klockan 20 på torsdagar" in body


def test_an_edited_page_updates_its_article(project, tmp_path, capsys):
    page = tmp_path / "sida.html"
    page.write_text(OPENGRAPH.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", "page", str(page), str(project)]) == 0
    before = article_files(project)
    page.write_text(page.read_text(encoding="utf-8").replace("till klockan 20", "till klockan 21"),
                    encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "page", str(page), str(project)]) == 0
    assert "1 updated" in capsys.readouterr().out
    after = article_files(project)
    assert after.keys() == before.keys()
    assert [name for name in after if after[name] != before[name]] != []


def test_a_page_over_http(project, capsys):
    running = FixtureServer()
    try:
        url = running.url + "/nyhet-opengraph.html"
        before = article_files(project)
        assert main(["import", "page", url, str(project)]) == 1
        assert "refused to connect to 127.0.0.1: a loopback address" in capsys.readouterr().err
        assert article_files(project) == before
        assert main(["import", "page", url, str(project), "--allow-private"]) == 0
        _path, front, _body = only_new_article(project, before)
        assert front["url"] == url                  # no canonical link: the address fetched
    finally:
        running.close()


def test_the_python_api(project):
    result = import_page(str(JSONLD), project)
    assert [change.action for change in result.changes] == ["created"]


@pytest.mark.parametrize("page, message", [
    ("evenemang.html", "not a news article: the page describes an Event (JSON-LD)"),
    ("startsida.html", "expected a news article"),
])
def test_a_page_that_is_not_an_article(project, capsys, page, message):
    before = article_files(project)
    assert main(["import", "page", str(DATA / page), str(project)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {DATA / page}: ") and message in error
    assert article_files(project) == before


def test_a_page_that_is_not_utf8(project, tmp_path, capsys):
    page = tmp_path / "latin1.html"
    page.write_bytes(OPENGRAPH.read_text(encoding="utf-8").replace('<meta charset="utf-8">', "")
                     .encode("latin-1", errors="replace"))
    before = article_files(project)
    assert main(["import", "page", str(page), str(project)]) == 1
    assert "latin1.html: not UTF-8 text" in capsys.readouterr().err
    assert article_files(project) == before
