"""A real headless browser (Debian's chromium, driven by selenium) on the served pages.

Skipped, with the reason, where chromium or its driver is not installed (.ci/run installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import no_dialog, visit
from conftest import LiveServer
from test_web_resources import ARTICLE, VANNAS, iris_under_base
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


# -- accessibility and phones -------------------------------------------------------------

AXE = Path(__file__).resolve().parent / "data" / "axe-core" / "axe.min.js"
RUN_AXE = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  results => done(results.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))),
  error => done([{id: 'axe failed', impact: 'critical', nodes: [String(error)]}]));"""
CHECKED_PAGES = ["/", ARTICLE, VANNAS, "/sparql"]


@pytest.mark.parametrize("path", CHECKED_PAGES)
def test_no_serious_accessibility_violation(browser, live_server, path):
    """axe-core, run in the page (injected by the driver, which the page's CSP does not
    govern), finds nothing serious or critical."""
    assert visit(browser, live_server.url + path) == []
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    violations = browser.execute_async_script(RUN_AXE)
    assert [item for item in violations if item["impact"] in ("serious", "critical")] == []


#: The elements that reach past the window's right edge, for the message of a failure.
WIDER = """return Array.from(document.querySelectorAll('main *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth)
  .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));"""


@pytest.fixture
def phone(browser):
    """The browser at a phone's size (390×844 CSS pixels), put back afterwards."""
    browser.set_window_size(390, 844)
    yield browser
    browser.set_window_size(1280, 1000)


@pytest.mark.parametrize("path", ["/", ARTICLE, VANNAS])
def test_pages_fit_a_phone(phone, live_server, path):
    assert visit(phone, live_server.url + path) == []
    width = phone.execute_script("return window.innerWidth")
    assert width <= 420
    overflow = phone.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= width, phone.execute_script(WIDER)  # nothing makes the page scroll sideways
    heading = phone.find_element("tag name", "h1")
    assert heading.is_displayed() and heading.rect["x"] + heading.rect["width"] <= width


def test_an_article_is_readable_on_a_phone(phone, live_server):
    visit(phone, live_server.url + ARTICLE)
    width = phone.execute_script("return window.innerWidth")
    body = phone.find_element("css selector", "section.body")
    assert body.is_displayed()
    assert float(body.value_of_css_property("font-size").rstrip("px")) >= 16
    paragraph = body.find_element("tag name", "p")
    assert paragraph.rect["x"] >= 8 and paragraph.rect["x"] + paragraph.rect["width"] <= width
    quote = phone.find_element("id", "quote-1")
    assert quote.is_displayed() and quote.rect["x"] + quote.rect["width"] <= width
