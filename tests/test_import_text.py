"""lodpub import text: plain-text exports of news articles become article files."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import project_tree, run_main, shared_path

from lodpub.ingest.contentfiles import read_article
from lodpub.ingest.text import import_text, parse_text, read_export

DATA = Path(__file__).resolve().parent / "data" / "import"
FOUNDING = DATA / "text-vannas-slobozhanske-2023-06-22.txt"
HEADLINE = "Signerat partnerskap mellan Vännäs och Slobozhanske"




def imported(project: Path, headline: str):
    for path in sorted((project / "content" / "articles").glob("*.md")):
        front, body = read_article(path)
        if front.get("headline") == headline:
            return path, front, body
    raise AssertionError(f"no article {headline!r}")


# --- the founding article ----------------------------------------------------------------------

def check_founding(project: Path) -> None:
    path, front, body = imported(project, HEADLINE)
    assert path.name == "2023-06-22-signerat-partnerskap-mellan-vannas-och-slobozhanske.md"
    assert str(front["datePublished"]) == "2023-06-22"
    assert "dateModified" not in front
    assert front["inLanguage"] == "sv"
    assert front["publisher"] == "se-2460"
    assert front["identifier"] == \
        "text:2023-06-22/signerat-partnerskap-mellan-vannas-och-slobozhanske"
    [quote] = front["quotes"]
    assert quote["spokenBy"] == "Lillemor Lundgren"
    assert quote["text"]["sv"].startswith("Det kändes stort att signera avtalet.")
    assert quote["text"]["sv"].endswith("före kriget.")
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0].startswith("*På bilden från vänster: Lillemor Lundgren (S)")
    assert paragraphs[0].endswith("kommunchef Vännäs kommun.*")
    assert paragraphs[1].startswith("Den 19-20 juni träffades representanter")
    assert any(p.startswith("– Det kändes stort") and p.endswith("säger Lillemor Lundgren.")
               for p in paragraphs), "the quotation stays in the body"
    assert paragraphs[-1].startswith("Kontakten mellan kommunerna")
    assert "Signering" not in paragraphs and "Deltagare på konferensen" not in body
    assert HEADLINE not in body and "publicerades" not in body
    assert len(paragraphs) == 6   # the caption and five paragraphs


def test_founding_article_through_the_cli(project, capsys):
    code, out, err = run_main(capsys, "import", "text", FOUNDING, project)
    assert code == 0, err
    assert out.startswith("created")
    check_founding(project)


def test_founding_article_from_the_shared_sample(project, capsys):
    sample = shared_path("samples", "vannas-slobozhanske-2023-06-22.txt")
    code, _, err = run_main(capsys, "import", "text", sample, project)
    assert code == 0, err
    check_founding(project)


def test_fixture_is_the_shared_sample():
    sample = shared_path("samples", "vannas-slobozhanske-2023-06-22.txt")
    assert sample.read_bytes() == FOUNDING.read_bytes()


def test_imported_article_validates(project, capsys):
    assert run_main(capsys, "import", "text", FOUNDING, project)[0] == 0
    code, out, err = run_main(capsys, "validate", project)
    assert code == 0, out + err


# --- re-imports --------------------------------------------------------------------------------

def test_importing_twice_changes_nothing(project, capsys):
    assert run_main(capsys, "import", "text", FOUNDING, project)[0] == 0
    before = project_tree(project)
    code, out, _ = run_main(capsys, "import", "text", FOUNDING, project)
    assert code == 0 and out.startswith("unchanged")
    assert project_tree(project) == before


def test_same_export_under_another_name_is_the_same_article(project, tmp_path, capsys):
    copy = tmp_path / "export (1).txt"
    shutil.copy(FOUNDING, copy)
    assert run_main(capsys, "import", "text", FOUNDING, project)[0] == 0
    before = project_tree(project)
    assert run_main(capsys, "import", "text", copy, project)[1].startswith("unchanged")
    assert project_tree(project) == before


def test_an_edited_export_updates_its_article(project, tmp_path, capsys):
    assert run_main(capsys, "import", "text", FOUNDING, project)[0] == 0
    path, front, _ = imported(project, HEADLINE)
    front_text = path.read_text(encoding="utf-8")
    # a person adds a field and links the speaker to the registry
    edited_file = front_text.replace("publisher: se-2460\n",
                                     "publisher: se-2460\nkeywords: [partnerskap]\n")
    edited_file = edited_file.replace("spokenBy: Lillemor Lundgren",
                                      "spokenBy: 90ddccd3-ee5f-4b54-b53b-0b91d609d33c")
    path.write_text(edited_file, encoding="utf-8")
    articles = len(list(path.parent.glob("*.md")))

    export = tmp_path / "corrected.txt"
    export.write_text(FOUNDING.read_text(encoding="utf-8").replace(
        "Det här ett långsiktigt", "Det här är ett långsiktigt"), encoding="utf-8")
    code, out, _ = run_main(capsys, "import", "text", export, project)
    assert code == 0 and out.startswith("updated")
    assert len(list(path.parent.glob("*.md"))) == articles
    front, body = read_article(path)
    assert "Det här är ett långsiktigt" in body
    assert front["keywords"] == ["partnerskap"]
    [quote] = front["quotes"]
    assert "Det här är ett långsiktigt" in quote["text"]["sv"]
    assert quote["spokenBy"] == "90ddccd3-ee5f-4b54-b53b-0b91d609d33c"
    assert run_main(capsys, "import", "text", export, project)[1].startswith("unchanged")


# --- other exports -----------------------------------------------------------------------------

def test_export_without_caption():
    parsed = parse_text(read_export(DATA / "text-no-caption.txt"))
    assert parsed.headline == "Vännäs skickar generatorer till Slobozhanske"
    assert parsed.date_published == dt.date(2023, 9, 14)
    assert parsed.language == "sv" and not parsed.captions
    assert parsed.body.startswith("Vännäs kommun har skickat fyra generatorer")
    assert parsed.body.rstrip().endswith("Kommunen planerar fler insatser under hösten.")
    assert parsed.quotes == [
        {"text": {"sv": "Vi vet hur viktigt det är att skolan kan hålla öppet hela vintern."},
         "spokenBy": "Henrik Åström"},
        {"text": {"sv": "Det här är bara början."}, "spokenBy": "Henrik Åström"},
    ]


def test_export_with_update_line_and_image_title_before_the_caption(project, capsys):
    code, _, err = run_main(capsys, "import", "text", DATA / "text-updated.txt", project)
    assert code == 0, err
    path, front, body = imported(project, "Delegation från Slobozhanske besökte Vännäs")
    assert str(front["datePublished"]) == "2023-10-03"
    assert str(front["dateModified"]) == "2023-10-05"
    assert front["identifier"] == "text:2023-10-03/delegation-fran-slobozhanske-besokte-vannas"
    assert front["quotes"][0]["spokenBy"] == "Viktoria Popova"
    assert body.startswith("*Bild: Gästerna från Slobozhanske framför kommunhuset.*\n\n"
                           "En delegation")
    assert "Vänortsbesök i Vännäs" not in body and "Uppdaterad" not in body
    assert run_main(capsys, "validate", project)[0] == 0


def test_english_export_with_wrapped_lines(project, capsys):
    code, _, err = run_main(capsys, "import", "text", DATA / "text-english.txt", project)
    assert code == 0, err
    _, front, body = imported(project, "Vännäs and Slobozhanske agree on school exchange")
    assert front["inLanguage"] == "en"
    assert str(front["datePublished"]) == "2024-03-05"
    assert front["quotes"] == [{"text": {"en": "It is a way for our children to see that "
                                               "they are not alone."},
                                "spokenBy": "Dmytro Dikhtiar"}]
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0] == "*Pictured from left: Dmytro Dikhtiar, Lillemor Lundgren and " \
                            "Henrik Åström.*"
    assert paragraphs[1] == ("The municipalities of Vännäs and Slobozhanske have agreed on an "
                             "exchange between their schools. Pupils will meet online every "
                             "month from April.")
    assert paragraphs[-1].startswith(r"\- It is a way")   # not a Markdown list
    assert "Exchange" not in paragraphs


@pytest.mark.parametrize("line, published, modified, language", [
    ("Artikeln publicerades 22 juni 2023", "2023-06-22", None, "sv"),
    ("Publicerad: 2023-06-22 14:05", "2023-06-22", None, "sv"),
    ("Publicerad 22 jun. 2023, uppdaterad 1 sept 2023", "2023-06-22", "2023-09-01", "sv"),
    ("Published 22 June 2023", "2023-06-22", None, "en"),
    ("Published June 22, 2023 · Updated Jul 2, 2023", "2023-06-22", "2023-07-02", "en"),
])
def test_publication_lines(line, published, modified, language):
    parsed = parse_text(f"{line}\n\nRubrik\n\nEn mening i brödtexten.\n")
    assert parsed.date_published.isoformat() == published
    assert (parsed.date_modified.isoformat() if parsed.date_modified else None) == modified
    assert parsed.language == language
    assert parsed.headline == "Rubrik"


# --- bad input -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("text-latin1.txt", "text-latin1.txt:5: not UTF-8 text (byte 33 is 0xf6)"),
    ("text-no-date.txt", "text-no-date.txt: no publication date found"),
    ("text-no-headline.txt", "text-no-headline.txt: no headline found"),
    ("text-empty.txt", "text-empty.txt: the file is empty"),
])
def test_bad_exports_write_nothing(project, capsys, name, message):
    before = project_tree(project)
    code, out, err = run_main(capsys, "import", "text", DATA / name, project)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err
    assert project_tree(project) == before


def test_a_project_without_publisher_is_an_error(project, capsys):
    config = project / "lodpub.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'publisher = "se-2460"\n', ""), encoding="utf-8")
    before = project_tree(project)
    code, _, err = run_main(capsys, "import", "text", FOUNDING, project)
    assert code == 1 and "'dataset.publisher' is not set" in err
    assert project_tree(project) == before


def test_python_api(project):
    change = import_text(FOUNDING, project)
    assert change.action == "created" and change.what == HEADLINE
    assert import_text(FOUNDING, project).action == "unchanged"
