"""The query page in a real headless browser: every example query runs and shows its rows.

Skipped, with the reason, where chromium or its driver is not installed.
"""

from __future__ import annotations

import urllib.parse

import pytest

from lodpub.sparql.examples import example_queries
from sparql_expected import EXPECTED, VANNAS
from browsing import no_dialog, visit

EXAMPLES = {example.name: example for example in example_queries()}


def wait_for_results(browser):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 30).until(
        lambda driver: driver.find_element("id", "status").get_attribute("data-done") == "true")


def table(browser) -> list[dict[str, object]]:
    """Return the result table's rows: variable → the cell element."""
    names = [cell.text.lstrip("?") for cell in
             browser.find_elements("css selector", "#output table.results thead th")]
    return [dict(zip(names, row.find_elements("tag name", "td")))
            for row in browser.find_elements("css selector", "#output table.results tbody tr")]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_runs_on_the_query_page(browser, live_server, name):  # noqa: F811
    errors = visit(browser, live_server.url + "/sparql")
    browser.find_element("css selector", f'button.example[data-name="{name}"]').click()
    assert browser.find_element("id", "query").get_property("value") == EXAMPLES[name].text
    browser.find_element("id", "run").click()
    wait_for_results(browser)
    rows = table(browser)
    assert len(rows) == len(EXPECTED[name])
    for row, wanted in zip(rows, EXPECTED[name]):
        for variable, value in wanted.items():
            text = row[variable].text
            assert text == live_server.url + "/" + value or text.startswith(value), (variable, text)
    csv = browser.find_element("css selector", '#downloads a[data-format="csv"]')
    assert csv.is_displayed()
    assert urllib.parse.parse_qs(urllib.parse.urlparse(csv.get_attribute("href")).query) == {
        "query": [EXAMPLES[name].text], "format": ["csv"]}
    assert errors == [] and no_dialog(browser)


def test_iris_under_the_base_link_to_their_pages(browser, live_server):  # noqa: F811
    visit(browser, live_server.url + "/sparql")
    browser.find_element("css selector",
                         'button.example[data-name="02-articles-mentioning-a-municipality"]').click()
    browser.find_element("id", "run").click()
    wait_for_results(browser)
    link = table(browser)[1]["municipality"].find_element("tag name", "a")
    assert link.get_attribute("href") == live_server.url + "/doc/" + VANNAS.removeprefix("id/")
    link.click()
    assert browser.current_url == live_server.url + "/doc/" + VANNAS.removeprefix("id/")


def test_a_permalink_runs_its_query(browser, live_server):  # noqa: F811
    query = EXAMPLES["05-cooperation-areas"].text
    visit(browser, live_server.url + "/sparql?" + urllib.parse.urlencode({"query": query}))
    wait_for_results(browser)
    assert len(table(browser)) == len(EXPECTED["05-cooperation-areas"])
    permalink = browser.find_element("id", "permalink").get_attribute("href")
    assert urllib.parse.parse_qs(urllib.parse.urlparse(permalink).query) == {"query": [query]}


def test_errors_show_the_parsers_message_and_run_nothing(browser, live_server):  # noqa: F811
    visit(browser, live_server.url + "/sparql")
    editor = browser.find_element("id", "query")
    editor.clear()
    editor.send_keys('SELECT * WHERE { ?s ?p "<img src=x onerror=alert(1)>" ')
    browser.find_element("id", "run").click()
    wait_for_results(browser)
    status = browser.find_element("id", "status")
    assert "400" in status.text and "malformed SPARQL query: error at 1:" in status.text
    assert browser.find_elements("css selector", "#sparql img") == [] and no_dialog(browser)


def test_a_resource_page_opens_a_query_about_its_resource(browser, live_server):  # noqa: F811
    visit(browser, live_server.url + "/doc/municipality/se-2460")
    browser.find_element("css selector", 'a[href^="/sparql?query=DESCRIBE"]').click()
    wait_for_results(browser)
    described = browser.find_element("css selector", "#output pre").text
    assert f"<{live_server.url}/id/municipality/se-2460>" in described
    assert '"Vännäs kommun"@sv' in described
