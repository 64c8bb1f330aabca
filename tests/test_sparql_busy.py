"""A busy endpoint says so in a way clients pass on: 503, Retry-After, a short text body and a
status line that names the wait, checked through SPARQLWrapper and rdflib's SPARQLStore.

One server with one worker that evaluates one query at a time (sparql.concurrent_queries = 1):
a runaway query holds that place for sparql.timeout (2 s) while the clients ask.
"""

from __future__ import annotations

import threading
import time
import traceback
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from conftest import LiveServer, copy_example
from test_sparql_limits import RUNAWAY, post

ASK = "ASK { ?s a <http://schema.org/NewsArticle> }"
STATUS_LINE = "503: Busy, try again in 2 s"


@pytest.fixture(scope="module")
def one_at_a_time(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("busy") / "example")
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write("\n[sparql]\ntimeout = 2\nconcurrent_queries = 1\n")
    server = LiveServer(project, "--workers", "1")
    yield server
    server.stop()


def while_busy(server, ask):
    """Run *ask* while a runaway query holds the server's one place; return what it returned."""
    assert post(server, "ASK {}")[0] == 200  # the evaluator is up
    runaway = threading.Thread(target=post, args=(server, RUNAWAY))
    runaway.start()
    time.sleep(0.5)
    try:
        return ask()
    finally:
        runaway.join(timeout=30)


def test_a_busy_endpoint_answers_503_with_retry_after_and_a_short_text(one_at_a_time):
    status, headers, body, _ = while_busy(one_at_a_time, lambda: post(one_at_a_time, ASK))
    assert status == 503
    assert headers["Retry-After"] == "2"
    assert headers["Content-Type"].startswith("text/plain")
    assert len(body) < 400 and "Traceback" not in body
    assert "the server is busy: 1 queries are running (sparql.concurrent_queries)" in body
    assert post(one_at_a_time, ASK)[0] == 200  # and it answers once the place is free


def test_the_status_line_names_the_wait(one_at_a_time):
    def ask():
        try:
            urllib.request.urlopen(one_at_a_time.url + "/sparql?query=" + quote(ASK), timeout=30)
        except urllib.error.HTTPError as error:
            error.close()
            return error
        return None

    error = while_busy(one_at_a_time, ask)
    assert error is not None and str(error) == "HTTP Error " + STATUS_LINE


def test_sparqlwrapper_shows_its_user_the_wait_and_gives_the_text(one_at_a_time):
    client = SPARQLWrapper(one_at_a_time.url + "/sparql")
    client.setQuery(ASK)
    client.setReturnFormat(JSON)

    def ask():
        with pytest.raises(urllib.error.HTTPError) as raised:
            client.query()
        return raised.value

    error = while_busy(one_at_a_time, ask)
    assert str(error) == "HTTP Error " + STATUS_LINE          # what a traceback shows
    assert error.headers["Retry-After"] == "2"
    with error:
        assert "the server is busy" in error.read().decode("utf-8")


def test_rdflib_sparqlstore_shows_its_user_the_wait(one_at_a_time):
    graph = Graph(SPARQLStore(one_at_a_time.url + "/sparql", returnFormat="json"))

    def ask():
        with pytest.raises(Exception) as raised:
            graph.query(ASK)
        return raised.value

    error = while_busy(one_at_a_time, ask)
    # rdflib raises its own ValueError; the HTTP error it caught is in what the user sees
    shown = "".join(traceback.format_exception(error))
    assert "HTTP Error " + STATUS_LINE in shown
    assert isinstance(error.__context__, urllib.error.HTTPError)
    error.__context__.close()  # rdflib leaves the response open
