"""The pages a resident reads: an article as a news page, every other resource by its labels
in the reader's language, with dates and numbers written as that language writes them,
and every fact and the way to the data still on the page for researchers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import lodpub
from conftest import copy_example, run_cli
from test_web_resources import ARTICLE, iris_under_base

PEOPLE = "/doc/person/"
HENRIK = PEOPLE + "16e3c36b-7ac9-4946-a405-b8fdfc3391a8"
MANDATE = "/doc/mandate/astrom-vannas-deputy-director"
SIGNATURE = "/doc/signature/se-2460--ua-UA63140110000087562/2023-06-20-letterOfIntent/se-2460"
SLOBOZHANSKE_AREA = "/doc/place/area-ua-UA63140110000087562"
SOURCE_FILE = "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"

PICTURED = """---
headline: Besök i Slobozhanske
datePublished: 2024-03-01
dateModified: 2024-03-04T09:30:00+01:00
inLanguage: sv
publisher: se-2460
author: [lillemor-lundgren]
image: [https://www.vannas.se/bilder/besok.jpg]
mentions: [ua-UA63140110000087562]
---
Ett besök.
"""


class Text(HTMLParser):
    """The text a reader sees in <main>, and the links in it: (href, text)."""

    def __init__(self):
        super().__init__()
        self.depth, self.parts, self.links, self._link = 0, [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        if tag == "a" and self.depth:
            self._link = [dict(attrs).get("href"), ""]

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        if tag == "a" and self._link is not None:
            self.links.append(tuple(self._link))
            self._link = None

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)
            if self._link is not None:
                self._link[1] += data

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.parts))


def read(client, path: str, language: str = "en") -> tuple[str, Text]:
    answer = client.get(path, headers={"Accept": "text/html", "Accept-Language": language})
    assert answer.status_code == 200, path
    page = answer.get_data(as_text=True)
    seen = Text()
    seen.feed(page)
    return page, seen


def in_order(text: str, *parts: str) -> None:
    """Each of *parts* is in *text*, after the one before."""
    position = 0
    for part in parts:
        assert part in text[position:], (part, text[position:position + 200])
        position = text.index(part, position) + len(part)


def test_an_article_reads_as_news_then_gives_its_data(client):
    page, seen = read(client, ARTICLE, "sv")
    in_order(seen.text,
             "Signerat partnerskap mellan Vännäs och Slobozhanske",  # the headline
             "Utgiven av Vännäs kommun",  # the byline: the publisher, as it names no author
             "Publicerad 22 juni 2023",  # the date in the reader's language
             "Vännäs och Slobozhanske signerade en avsiktsförklaring",  # the lead
             "Den 19–20 juni 2023 möttes företrädare",  # the body
             "Det kändes stort att signera avtalet.",  # the pull quote…
             "— Lillemor Lundgren, kommunfullmäktiges ordförande",  # …with who said it
             "I artikeln", "Kommuner", "Organisationer", "Personer", "Evenemang",
             "Datan", "Den här sidan som data")
    assert '<time datetime="2023-06-22">22 juni 2023</time>' in page
    assert re.search(r'<figure class="quote" id="quote-1">', page)  # #quote-1 opens the quote
    mentions = page.split('id="in-this-article"', 1)[1].split("</section>", 1)[0]
    assert "Henrik Åström</a> <span class=\"roles\">– <span dir=\"auto\">biträdande kommunchef, " \
           "Vännäs kommun</span>" in mentions  # a person's role in words
    assert "utgivare" in mentions and "citerad" in mentions and "det artikeln handlar om" in mentions
    assert "Partnerskapskonferens för svenska och ukrainska kommuner" in mentions
    data = page.split('id="properties"', 1)[1]
    for extension in ("ttl", "jsonld", "nt", "rdf"):
        assert f'href="{ARTICLE}.{extension}"' in data
    footer = data.split('<footer class="provenance">', 1)[1].split("</footer>", 1)[0]
    assert "/graph/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske</code>" in footer
    assert SOURCE_FILE in footer and "källfil" in footer
    header = page.split("<header>", 1)[1].split("</header>", 1)[0]
    assert SOURCE_FILE not in page.split('id="properties"', 1)[0] and ".yaml" not in header


@pytest.mark.parametrize("language, date, words", [
    ("en", "June 22, 2023", ["Published by", "In this article", "deputy municipal director, "
                             "Vännäs Municipality"]),
    ("uk", "22 червня 2023", ["Видавець:", "У цій статті", "заступник директора муніципалітету"]),
])
def test_the_article_speaks_the_readers_language(client, language, date, words):
    page, seen = read(client, ARTICLE, language)
    assert date in seen.text
    for word in words:
        assert word in seen.text
    assert f'<html lang="{language}">' in page


def test_resources_without_a_label_are_named_in_words_never_by_key(client):
    _, mandate = read(client, MANDATE)
    assert "Henrik Åström, deputy municipal director, Vännäs Municipality" in mandate.text
    _, person = read(client, HENRIK, "sv")
    assert "biträdande kommunchef, Vännäs kommun" in person.text  # the roles, under the name
    assert (MANDATE, "Henrik Åström, biträdande kommunchef, Vännäs kommun") in person.links
    signature, _ = read(client, SIGNATURE, "sv")
    assert '<h1 dir="auto">Undertecknande: Vännäs kommun, 20 juni 2023</h1>' in signature
    page, area = read(client, SLOBOZHANSKE_AREA, "sv")
    assert "Observation: population, 30\xa0000, 22 juni 2023" in page  # a number in Swedish
    assert "<bdi>#population-1" not in page


def test_no_page_shows_a_raw_key_for_a_link(client, built_example):
    base, iris = iris_under_base(built_example)
    documents = {iri.split("#", 1)[0] for iri in iris if iri.startswith(base + "id/")}
    for document in sorted(documents):
        path = "/doc/" + document[len(base + "id/"):]
        _, seen = read(client, path)
        for href, text in seen.links:
            if href and href.startswith("/doc/") and not href.startswith("/doc/graph/"):
                key = href.rsplit("/", 1)[-1]
                assert key not in text and not text.startswith("#"), (path, href, text)


@pytest.fixture(scope="module")
def pictured(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("pictured") / "project")
    (project / "content" / "articles" / "2024-03-01-besok.md").write_text(PICTURED, "utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    return lodpub.create_app(project).test_client()


def test_an_article_with_an_author_a_picture_and_an_update(pictured):
    page, seen = read(pictured, "/doc/article/2024-03-01-besok", "en")
    in_order(seen.text, "Besök i Slobozhanske", "By Lillemor Lundgren", "Published March 1, 2024",
             "Updated March 4, 2024", "Ett besök.")
    header_end = page.index("</header>")
    picture = page.index('<img src="https://www.vannas.se/bilder/besok.jpg"')
    assert header_end < picture < page.index('<section class="body"')
    assert '<time datetime="2024-03-04T09:30:00+01:00">March 4, 2024</time>' in page


def test_the_home_page_opens_with_the_news_then_the_partnerships_the_data_and_counts_last(client):
    page, seen = read(client, "/", "sv")
    in_order(seen.text,
             "Senaste artiklarna",
             "Signerat partnerskap mellan Vännäs och Slobozhanske", "22 juni 2023",
             "Vännäs och Slobozhanske signerade en avsiktsförklaring",  # the lead
             "Partnerskap", "Vem samarbetar med vem",  # the picture…
             "Partnerskap mellan Vännäs och Slobozhanske",  # …then the list
             "Använd datan", "Fråga allt med SPARQL", "Nedladdning", "Datamängdens DCAT-AP-katalog",
             "Atom-flöde", "Vad datamängden innehåller", "Resurser per typ")
    assert '<time datetime="2023-06-22">22 juni 2023</time>' in page
    picture = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert '>Vännäs kommun</text>' in picture and '>Slobozhanske kommun</text>' in picture
    assert int(re.search(r'viewBox="0 0 (\d+) ', picture).group(1)) >= 900  # drawn large


def test_the_home_page_shows_an_articles_picture(pictured):
    page, seen = read(pictured, "/", "en")
    in_order(seen.text, "Newest articles", "Besök i Slobozhanske", "March 1, 2024",
             "Signerat partnerskap mellan Vännäs och Slobozhanske", "June 22, 2023")
    item = page.split('href="/doc/article/2024-03-01-besok"', 1)[0].rsplit("<li", 1)[1]
    assert '<img src="https://www.vannas.se/bilder/besok.jpg"' in item
