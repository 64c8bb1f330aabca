"""A real headless browser (Debian's chromium, driven by selenium) on the served pages.

Skipped, with the reason, where chromium or its driver is not installed (.ci/run installs them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LiveServer
from test_web_resources import ARTICLE, iris_under_base
from test_web_resources_changes import HOSTILE_HEADLINE, HOSTILE_PATH, changed_project

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000"]
READ_JSON_LD = ("return Array.from(document.querySelectorAll('script[type=\"application/ld+json\"]'))"
                ".map(element => JSON.parse(element.textContent));")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        pytest.skip(f"no browser installed ({', '.join(missing)} missing): install Debian's "
                    "chromium and chromium-driver, as .ci/run does")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def visit(browser, url: str) -> list[dict]:
    """Load *url*; return the console messages of level SEVERE it produced."""
    browser.get_log("browser")  # forget what earlier pages logged
    browser.get(url)
    browser.find_element("tag name", "h1")
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def no_dialog(browser) -> bool:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        browser.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


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
