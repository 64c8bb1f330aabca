"""The embed API (``/embed?url=…``) and the embedding snippets on article pages, over HTTP."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import quote

import pytest

import lodpub
from conftest import REPO, copy_example, run_cli
from test_web_resources import ARTICLE, fetch
from test_web_resources_schemaorg import check_google_article, misfits, vocabulary  # noqa: F401

PAGE_URL = ("https://www.vannas.se/nyheter/nyhetsarkiv/"
            "2023-06-22-signerat-partnerskap-mellan-vannas-och-slobozhanske")
EMBED = "/embed?url=" + quote(PAGE_URL, safe="")
SCRIPT_BLOCK = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.S)
DETAILS = re.compile(r'<details class="embed">(.*?)</details>', re.S)
CODE = re.compile(r"<pre><code>(.*?)</code></pre>", re.S)

HOSTILE_HEADLINE = "</script><script>alert(1)</script> <!-- & hi"
HOSTILE_URL = "https://kommun.example/nyheter/it's?id=1&x=y"
HOSTILE_ARTICLE = f"""---
headline: "{HOSTILE_HEADLINE}"
datePublished: 2024-01-01
dateModified: 2024-01-02T10:00:00+01:00
inLanguage: en
publisher: se-2460
author: [lillemor-lundgren]
image: [https://kommun.example/bild.jpg]
url: "{HOSTILE_URL}"
about: [se-2460--ua-UA63140110000087562]
---
Text.
"""
HOSTILE_PATH = "/doc/article/2024-01-01-hostile"


def embedded_block(page: str) -> dict:
    """The JSON-LD the page embeds in its head."""
    return json.loads(SCRIPT_BLOCK.search(page).group(1))


def snippets(page: str) -> list[str]:
    """The texts of the embedding section, as a reader sees them (HTML escapes undone)."""
    return [html.unescape(code) for code in CODE.findall(DETAILS.search(page).group(1))]


# -- the answer ------------------------------------------------------------------------------

def test_embed_answers_the_object_the_article_page_embeds(client):
    answer = client.get(EMBED)
    assert answer.status_code == 200
    assert answer.mimetype == "application/ld+json"
    page = client.get(ARTICLE + ".html").get_data(as_text=True)
    assert json.loads(answer.get_data(as_text=True)) == embedded_block(page)
    assert answer.get_data() == client.get(ARTICLE + ".jsonld?profile=schema.org").get_data()
    assert answer.headers["Link"].startswith(f"<{ARTICLE}>")


@pytest.mark.parametrize("variant", [
    PAGE_URL + "/",
    PAGE_URL.replace("https://", "http://"),
    PAGE_URL.replace("www.vannas.se", "WWW.Vannas.SE:443") + "#top",
    PAGE_URL.replace("nyhetsarkiv", "nyhets%61rkiv"),
])
def test_the_address_may_differ_in_scheme_slash_host_case_port_fragment_and_escapes(client, variant):
    answer = client.get("/embed?url=" + quote(variant, safe=""))
    assert answer.status_code == 200, variant
    assert answer.get_data() == client.get(EMBED).get_data()


def test_any_origin_may_read_it(client):
    answer = client.get(EMBED, headers={"Origin": "https://www.vannas.se"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in answer.headers["Access-Control-Expose-Headers"]


def test_it_is_cached_and_revalidated(client):
    answer = client.get(EMBED)
    assert answer.headers["Cache-Control"].startswith("public, max-age=")
    assert answer.headers["Last-Modified"]
    assert "Accept-Language" in answer.headers["Vary"]
    etag = answer.headers["ETag"]
    again = client.get(EMBED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert client.get(EMBED, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_text_follows_accept_language(client):
    english = json.loads(client.get(EMBED, headers={"Accept-Language": "en"}).get_data())
    swedish = json.loads(client.get(EMBED, headers={"Accept-Language": "sv"}).get_data())
    assert english["abstract"].startswith("Vännäs and Slobozhanske signed")
    assert swedish["abstract"].startswith("Vännäs och Slobozhanske signerade")


def test_format_script_is_the_element_to_print(client):
    answer = client.get(EMBED + "&format=script")
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    text = answer.get_data(as_text=True)
    assert text.startswith('<script type="application/ld+json">\n') and text.endswith("</script>\n")
    assert text.count("<") == 2 and text.count(">") == 2  # the tags only
    assert json.loads(SCRIPT_BLOCK.search(text).group(1)) == json.loads(client.get(EMBED).get_data())
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_the_worked_example_in_the_docs_is_the_answer(client):
    text = (REPO / "docs" / "embedding.md").read_text(encoding="utf-8")
    assert EMBED in text
    example = json.loads(text.split("```json\n", 1)[1].split("```", 1)[0])
    assert example == json.loads(client.get(EMBED).get_data())


# -- errors ------------------------------------------------------------------------------------

def test_an_unknown_address_is_404_in_the_negotiated_format(client):
    answer = client.get("/embed?url=" + quote("https://www.vannas.se/nyheter/other", safe=""),
                        headers={"Accept": "application/json"})
    assert answer.status_code == 404 and answer.mimetype == "application/json"
    error = json.loads(answer.get_data())["error"]
    assert "https://www.vannas.se/nyheter/other" in error["message"] and error["hint"]
    assert answer.headers["Cache-Control"] == "no-store"
    plain = client.get("/embed?url=https%3A%2F%2Fnowhere.example%2F")
    assert plain.status_code == 404 and plain.mimetype == "text/plain"
    assert client.get("/embed?url=not-an-address").status_code == 404


@pytest.mark.parametrize("query", ["", "?url=", "?url=%20", "?format=script"])
def test_a_missing_or_empty_url_is_400_naming_the_parameter(client, query):
    answer = client.get("/embed" + query, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert "'url'" in json.loads(answer.get_data())["error"]["message"]


def test_an_unknown_format_is_400_naming_the_parameter(client):
    answer = client.get(EMBED + "&format=xml", headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert "'format'" in json.loads(answer.get_data())["error"]["message"]


# -- the article page ------------------------------------------------------------------------

def test_the_article_page_shows_the_snippets_and_the_block_as_text(client):
    page = client.get(ARTICLE + ".html").get_data(as_text=True)
    server, block, browser = snippets(page)
    assert server == "http://localhost:8000" + EMBED + "&format=script"
    assert json.loads(SCRIPT_BLOCK.search(block).group(1)) == embedded_block(page)
    assert block == client.get(EMBED + "&format=script").get_data(as_text=True).rstrip("\n")
    assert browser.startswith("<script>fetch(") and "http://localhost:8000" + EMBED in browser
    assert "<script" not in DETAILS.search(page).group(1)  # shown, never run
    assert page.count("<script") == 1  # the JSON-LD in the head only


def test_pages_of_things_not_published_elsewhere_have_no_snippets(client):
    assert '<details class="embed">' not in client.get("/doc/municipality/se-2460.html").get_data(
        as_text=True)


# -- hostile text and every recommended property -------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The example with an article whose headline and address hold HTML and quotes."""
    project = copy_example(tmp_path_factory.mktemp("embed") / "project")
    (project / "content" / "articles" / "2024-01-01-hostile.md").write_text(HOSTILE_ARTICLE,
                                                                            encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 0, result.stderr
    return lodpub.create_app(project).test_client()


def test_hostile_text_cannot_break_out_of_the_answer_or_the_page(hostile):
    embed = "/embed?url=" + quote(HOSTILE_URL, safe="")
    data = json.loads(hostile.get(embed).get_data())
    assert data["headline"] == HOSTILE_HEADLINE and data["url"] == HOSTILE_URL
    script = hostile.get(embed + "&format=script").get_data(as_text=True)
    assert script.count("<") == 2 and "&" not in script
    page = hostile.get(HOSTILE_PATH + ".html").get_data(as_text=True)
    assert page.count("<script") == 1 and page.count("</script>") == 1
    server, block, browser = snippets(page)
    assert server.endswith(embed + "&format=script")
    assert json.loads(SCRIPT_BLOCK.search(block).group(1)) == data
    assert block.count("</script>") == 1
    assert json.loads(browser.split("fetch(", 1)[1].split(")", 1)[0]).endswith(embed)


def test_all_of_googles_recommended_properties_pass_when_present(hostile):
    data = json.loads(hostile.get("/embed?url=" + quote(HOSTILE_URL, safe="")).get_data())
    assert data["dateModified"] == "2024-01-02T10:00:00+01:00"
    assert data["image"] == "https://kommun.example/bild.jpg"
    assert data["author"]["name"] == "Lillemor Lundgren"
    data["mentions"] = []
    check_google_article(data, "http://localhost:8000" + HOSTILE_PATH)


# -- schema.org and Google, against a real server ------------------------------------------

def test_the_answer_passes_schema_org_and_googles_checks(live_server, vocabulary):
    answer = fetch(live_server.url, EMBED, {"Origin": "https://www.vannas.se"})
    assert answer.status == 200 and answer.header("Access-Control-Allow-Origin") == "*"
    data = json.loads(answer.body)
    assert misfits(vocabulary, data, "/embed") == []
    check_google_article(data, live_server.url + ARTICLE)
    page = fetch(live_server.url, ARTICLE + ".html").text
    assert data == embedded_block(page)
    again = fetch(live_server.url, EMBED, {"If-None-Match": answer.header("ETag")})
    assert again.status == 304
