"""lodpub import feed: RSS 2.0 and Atom entries become article files, idempotently."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from lodpub.cli import main
from lodpub.ingest.contentfiles import read_article
from lodpub.ingest.feed import html_to_markdown, import_feed
from test_import_fetch import DATA, FixtureServer, article_files

RSS = DATA / "nyheter-rss.xml"
ATOM = DATA / "nyheter-atom.xml"


@pytest.fixture
def fresh(tmp_path) -> Path:
    """A new project made by lodpub init."""
    target = tmp_path / "site"
    assert main(["init", str(target)]) == 0
    return target


def key_of(project: Path, name: str) -> str:
    """The registry key of the person called *name* (keys differ between projects)."""
    people = yaml.safe_load((project / "registry" / "people.yaml").read_text(encoding="utf-8"))
    return next(str(person["id"]) for person in people["people"] if person["name"] == name)


def imported(project: Path, identifier: str):
    for path in (project / "content" / "articles").glob("*.md"):
        front, body = read_article(path)
        if front.get("identifier") == identifier:
            return path, front, body
    raise AssertionError(f"no article with identifier {identifier}")


def test_rss_entries_become_articles(project, capsys):
    assert main(["import", "feed", str(RSS), str(project)]) == 0
    out = capsys.readouterr().out
    assert out.count("created ") == 3
    assert "3 created, 0 updated, 0 unchanged" in out

    path, front, body = imported(project, "vannas-nyhet-1041")
    assert path.name == "2024-05-14-ny-forskola-invigs-i-vannasby.md"
    assert front["headline"] == "Ny förskola invigs i Vännäsby"
    assert front["datePublished"] == "2024-05-14T08:30:00+02:00"      # the zone as given
    assert "dateModified" not in front
    assert front["inLanguage"] == "sv"
    assert front["publisher"] == "se-2460"
    assert front["url"] == "https://www.vannas.se/nyheter/2024-05-14-ny-forskola-invigs-i-vannasby"
    assert front["description"] == "Den nya förskolan i Vännäsby tar emot sina första barn i augusti."
    assert list(front["image"]) == ["https://www.vannas.se/images/forskola-vannasby.jpg"]
    # the enclosure with its media:description caption, then the body as Markdown
    assert body.startswith("![Förskolan i Vännäsby sedd från lekplatsen. Foto: Vännäs kommun]"
                           "(https://www.vannas.se/images/forskola-vannasby.jpg)\n\n")
    assert "tar emot **sina första barn** i augusti." in body
    assert "[förskolan](https://www.vannas.se/barn-och-utbildning/forskola)" in body
    assert "alert" not in body and "<" not in body
    # an author not in the registry: left out of author, suggested as a new person
    assert "author" not in front
    assert {"id": "anna-berg", "name": "Anna Berg"} in front["suggestions"]["people"]
    assert "'Anna Berg' is not in the registry; suggested as a new person" in out

    _path, front, _body = imported(project, "vannas-nyhet-1042")
    assert list(front["keywords"]) == ["Kommun och politik", "Kommunfullmäktige"]
    assert "author" not in front
    suggested = (front.get("suggestions") or {}).get("people") or []
    assert all(person["name"] != "Kommunikationsavdelningen" for person in suggested)
    assert "'Kommunikationsavdelningen' is not in the registry" in out
    assert "looks like an organisation; left out" in out

    _path, front, body = imported(project, "vannas-nyhet-1050")
    assert list(front["author"]) == [key_of(project, "Lillemor Lundgren")]   # found by name
    assert body.startswith("![Delegationen från Slobozhanske framför kommunhuset]"
                           "(https://www.vannas.se/images/delegation.jpg)")
    assert "- Studiebesök på skolor\n- Möte om återuppbyggnad" in body


def test_atom_entries_keep_their_zones_and_languages(project, capsys):
    assert main(["import", "feed", str(ATOM), str(project)]) == 0
    _path, front, body = imported(project, "tag:vannas.se,2024:nyhet-2001")
    assert front["datePublished"] == "2024-06-10T09:15:00+02:00"
    assert front["dateModified"] == "2024-06-10T11:40:00+02:00"
    assert list(front["author"]) == [key_of(project, "Henrik Åström")]
    assert list(front["keywords"]) == ["partnerskap", "Ukraina"]
    assert "![Ett digitalt möte i kommunhuset](https://www.vannas.se/images/mote.jpg)" in body
    assert "planerar *digitala möten* under hösten" in body

    _path, front, _body = imported(project, "tag:vannas.se,2024:nyhet-2002")
    assert front["datePublished"] == "2024-06-05T07:00:00Z"             # 'Z' stays 'Z'
    assert front["inLanguage"] == "en"                                   # the entry's xml:lang
    assert list(front["author"]) == ["se-2460"]                          # the feed's author
    assert list(front["image"]) == ["https://www.vannas.se/images/sommarjobb.png"]

    _path, front, body = imported(project, "tag:vannas.se,2024:nyhet-2003")
    assert front["datePublished"] == "2024-04-02T06:00:00Z"
    assert "dateModified" not in front                     # updated is the same moment
    assert body == "Så planerar vi **snöröjningen**.\n"
    assert "'Gatuenheten' is not in the registry" in capsys.readouterr().out


@pytest.mark.parametrize("feed", [RSS, ATOM])
def test_importing_twice_changes_nothing(project, capsys, feed):
    assert main(["import", "feed", str(feed), str(project)]) == 0
    first = article_files(project)
    capsys.readouterr()
    assert main(["import", "feed", str(feed), str(project)]) == 0
    out = capsys.readouterr().out
    assert article_files(project) == first
    assert out.count("unchanged ") == 3 and "created" not in out.replace("0 created", "")
    assert out.rstrip().endswith("0 created, 0 updated, 3 unchanged; nothing changed")


def test_an_edited_entry_updates_its_file_only(project, tmp_path, capsys):
    feed = tmp_path / "rss.xml"
    shutil.copy(RSS, feed)
    assert main(["import", "feed", str(feed), str(project)]) == 0
    path, _front, _body = imported(project, "vannas-nyhet-1042")
    # a person adds what the import does not own
    text = path.read_text(encoding="utf-8").replace(
        "keywords:", "# granskad av redaktionen\nmentions:\n  - se-2460\nkeywords:")
    path.write_text(text, encoding="utf-8")
    before = article_files(project)
    feed.write_text(feed.read_text(encoding="utf-8").replace(
        "Kommunfullmäktige sammanträder den 27 maj", "Kommunfullmäktige sammanträder den 28 maj"),
        encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "feed", str(feed), str(project)]) == 0
    out = capsys.readouterr().out
    after = article_files(project)
    assert after.keys() == before.keys()                        # no new file
    changed = [name for name in after if after[name] != before[name]]
    assert changed == [path.name]
    assert f"updated   {path}" in out and "1 updated, 2 unchanged" in out
    front, _body = read_article(path)
    assert front["headline"] == "Kommunfullmäktige sammanträder den 28 maj"
    assert list(front["mentions"]) == ["se-2460"]
    assert "# granskad av redaktionen" in path.read_text(encoding="utf-8")


def test_since_skips_older_entries(project, capsys):
    assert main(["import", "feed", str(RSS), str(project), "--since", "2024-05-20"]) == 0
    out = capsys.readouterr().out
    assert "2 created" in out and "1 skipped" in out
    identifiers = {read_article(path)[0].get("identifier") for path in
                   (project / "content" / "articles").glob("2024-*.md")}
    assert identifiers == {"vannas-nyhet-1042", "vannas-nyhet-1050"}


def test_since_must_be_a_date(project, capsys):
    assert main(["import", "feed", str(RSS), str(project), "--since", "igår"]) == 1
    assert "expected a date" in capsys.readouterr().err


def test_a_feed_over_http(project, capsys):
    running = FixtureServer()
    try:
        url = running.url + "/nyheter-atom.xml"
        before = article_files(project)
        assert main(["import", "feed", url, str(project)]) == 1
        assert "--allow-private" in capsys.readouterr().err
        assert article_files(project) == before
        assert main(["import", "feed", url, str(project), "--allow-private"]) == 0
        assert "3 created" in capsys.readouterr().out
    finally:
        running.close()


def test_the_imported_project_validates(fresh, capsys):
    assert main(["import", "feed", str(RSS), str(fresh)]) == 0
    assert main(["import", "feed", str(ATOM), str(fresh)]) == 0
    capsys.readouterr()
    assert main(["validate", str(fresh)]) == 0, capsys.readouterr().out
    assert "the project conforms" in capsys.readouterr().out


def test_the_python_api(project):
    result = import_feed(str(ATOM), project)
    assert [change.action for change in result.changes] == ["created"] * 3
    again = import_feed(str(ATOM), project)
    assert not again.changed and again.summary().endswith("nothing changed")


# --- bad input: one clear line, nothing written ----------------------------------------------

def _fails(project, capsys, *args) -> str:
    before = article_files(project)
    assert main(["import", "feed", *map(str, args)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: ")
    assert article_files(project) == before
    return error


def test_not_a_feed(project, capsys):
    error = _fails(project, capsys, DATA / "startsida.html", project)
    assert "startsida.html: not an RSS or Atom feed" in error


def test_a_broken_feed(project, tmp_path, capsys):
    broken = tmp_path / "trasig.xml"
    broken.write_text("<rss version='2.0'><channel><item><title>Halv", encoding="utf-8")
    assert "trasig.xml: not a well-formed feed" in _fails(project, capsys, broken, project)


def test_a_feed_that_is_not_utf8(project, tmp_path, capsys):
    latin = tmp_path / "latin1.xml"
    latin.write_bytes(RSS.read_bytes().replace(b' encoding="utf-8"', b"")
                      .decode("utf-8").encode("latin-1", errors="replace"))
    error = _fails(project, capsys, latin, project)
    assert "latin1.xml: not UTF-8 text" in error and "expected a UTF-8 feed" in error


def test_a_missing_source(project, capsys):
    assert "no such file" in _fails(project, capsys, DATA / "finns-inte.xml", project)


def test_a_missing_project(tmp_path, capsys):
    assert main(["import", "feed", str(RSS), str(tmp_path / "inget")]) == 1
    assert "no such project folder" in capsys.readouterr().err


def test_a_project_without_publisher(project, capsys):
    config = project / "lodpub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('publisher = "se-2460"\n', ""),
                      encoding="utf-8")
    error = _fails(project, capsys, RSS, project)
    assert "'dataset.publisher' is not set" in error


# --- HTML to Markdown -------------------------------------------------------------------------

def test_html_to_markdown_is_safe():
    html = ('<p>Se <a href="javascript:alert(1)">detta</a> och <a href="/x">det</a>.</p>'
            '<script>alert(2)</script><iframe src="https://evil.example/"></iframe>'
            '<p>&lt;b&gt;inte fet&lt;/b&gt; * inte lista</p><img src="data:image/png;base64,AA">')
    text = html_to_markdown(html, "https://www.vannas.se/nyheter/")
    assert text == ("Se detta och [det](https://www.vannas.se/x).\n\n"
                    "\\<b\\>inte fet\\</b\\> \\* inte lista")


def test_html_to_markdown_structure():
    html = ("<h2>Rubrik</h2><p>Rad ett<br>rad två</p><ol><li>ett</li><li>två</li></ol>"
            "<blockquote><p>Citat</p></blockquote>"
            "<figure><img src='https://www.vannas.se/a.jpg' alt='alt'><figcaption>Bildtext</figcaption></figure>")
    assert html_to_markdown(html) == ("## Rubrik\n\nRad ett\\\nrad två\n\n1. ett\n2. två\n\n> Citat\n\n"
                                      "![Bildtext](https://www.vannas.se/a.jpg)")
