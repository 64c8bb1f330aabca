"""A real headless browser (Debian's chromium, driven by selenium) on the served pages.

Skipped, with the reason, where chromium or its driver is not installed (.ci/run installs them).
"""

from __future__ import annotations


import pytest

from browsing import no_dialog, visit
from conftest import LiveServer
from test_web_resources import ARTICLE, iris_under_base
from test_web_resources_changes import HOSTILE_HEADLINE, HOSTILE_PATH, changed_project

READ_JSON_LD = ("return Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
                ".map(element => JSON.parse(element.textContent));")


def test_home_page(browser, live_server):
    assert visit(browser, live_server.url + "/") == []
    assert browser.find_element("tag name", "html").get_attribute("lang")
    assert browser.find_element("css selector", "figure.picture svg circle")
    link = browser.find_element("css selector", f'a[href="{ARTICLE}"]')
    link.click()
    assert browser.current_url == live_server.url + ARTICLE


def test_article_page_and_its_json_ld(browser, live_server):
    assert visit(browser, live_server.url + ARTICLE) == []
    [data] = browser.execute_script(READ_JSON_LD)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == browser.find_element("tag name", "h1").text
    assert data["datePublished"].endswith("+02:00")
    assert "försvaret mot den ryska invasionen" in browser.find_element("css selector", "section.body").text


def test_a_hash_iri_opens_its_part_of_the_page(browser, live_server):
    visit(browser, live_server.url + ARTICLE.replace("/doc/", "/id/") + "#quote-1")
    assert browser.current_url == live_server.url + ARTICLE + "#quote-1"
    assert browser.find_element("id", "quote-1").is_displayed()


def test_every_resource_page_renders_with_its_json_ld(browser, live_server):
    base, iris = iris_under_base(live_server.project)
    for document in sorted({iri.split("#", 1)[0] for iri in iris}):
        url = live_server.url + "/" + document[len(base):]
        assert visit(browser, url) == [], url
        [data] = browser.execute_script(READ_JSON_LD)
        assert data["@id"] == document


@pytest.fixture(scope="module")
def changed_server(tmp_path_factory):
    server = LiveServer(changed_project(tmp_path_factory.mktemp("changed-browser")))
    yield server
    server.stop()


def test_hostile_text_runs_nothing(browser, changed_server):
    errors = visit(browser, changed_server.url + HOSTILE_PATH)
    assert no_dialog(browser)
    assert browser.find_element("tag name", "h1").text == HOSTILE_HEADLINE.strip()
    assert browser.find_elements("css selector", "main img") == []
    assert "<img src=x onerror=alert(1)>" in browser.find_element("css selector", "section.body").text
    [data] = browser.execute_script(READ_JSON_LD)
    assert data["headline"] == HOSTILE_HEADLINE
    assert errors == []
    visit(browser, changed_server.url + "/")
    assert no_dialog(browser)
