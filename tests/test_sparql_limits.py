"""The endpoint's limits, each a setting whose error names it: time, rows, query length, memory.

One server with small limits (sparql.timeout = 2, max_rows = 3, max_query_length = 2000)
and two workers, so that a runaway query and a cheap one can run side by side.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import LiveServer, copy_example

TIMEOUT = 2
MAX_ROWS = 3
MAX_LENGTH = 2000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MEDIUM = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
MANY_ROWS = "SELECT ?thing WHERE { ?thing a ?type } ORDER BY ?thing"


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("limited") / "example")
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[sparql]\ntimeout = {TIMEOUT}\nmax_rows = {MAX_ROWS}\n"
                       f"max_query_length = {MAX_LENGTH}\n")
    server = LiveServer(project, "--workers", "2")
    yield server
    server.stop()


def post(server, query: str, accept: str = "application/sparql-results+json", **parameters):
    """POST *query* as a form; return (status, headers, body text, seconds taken)."""
    request = urllib.request.Request(
        server.url + "/sparql", data=urllib.parse.urlencode({"query": query, **parameters}).encode(),
        headers={"Accept": accept})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read().decode(), time.monotonic() - started


def descendants(pid: int) -> list[int]:
    """Return the processes below *pid* (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, waiting = [], [pid]
    while waiting:
        children = parents.get(waiting.pop(), [])
        found += children
        waiting += children
    return found


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def test_a_runaway_query_is_stopped_at_the_limit_while_a_cheap_one_answers_at_once(limited):
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to watch the server's processes")
    warm = [threading.Thread(target=post, args=(limited, MEDIUM)) for _ in range(2)]
    for thread in warm:
        thread.start()
    for thread in warm:
        thread.join()
    runaway = {}
    thread = threading.Thread(target=lambda: runaway.update(result=post(limited, RUNAWAY)))
    thread.start()
    time.sleep(0.3)
    status, _, body, seconds = post(limited, "ASK { ?s a <http://schema.org/NewsArticle> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert seconds < 1.0 and thread.is_alive(), "the cheap query waited for the runaway one"
    thread.join(timeout=30)
    status, headers, body, seconds = runaway["result"]
    assert status == 503
    assert "the query ran longer than sparql.timeout (2 s) and was stopped" in body
    assert "[sparql] timeout" in body
    assert TIMEOUT <= seconds < TIMEOUT + 1
    processes = descendants(limited.process.pid)
    before = cpu_seconds(processes)
    time.sleep(1.0)
    assert cpu_seconds(processes) - before < 0.3, "the stopped query still uses the CPU"


def test_the_endpoint_answers_after_a_time_out(limited):
    assert post(limited, RUNAWAY)[0] == 503
    status, _, body, _ = post(limited, "ASK {}")
    assert status == 200 and json.loads(body)["boolean"] is True


@pytest.mark.parametrize("accept, note", [
    ("application/sparql-results+json", '"truncated":true'),
    ("application/sparql-results+xml", "<!-- results truncated to the first 3 rows by sparql.max_rows"),
])
def test_a_cut_is_signalled_in_the_header_and_in_the_result(limited, accept, note):
    status, headers, body, _ = post(limited, MANY_ROWS, accept)
    assert status == 200
    assert headers["Lodpub-Result-Truncated"] == "true"
    assert headers["Lodpub-Result-Count"] == str(MAX_ROWS)
    assert note in body
    if accept.endswith("json"):
        data = json.loads(body)
        assert len(data["results"]["bindings"]) == MAX_ROWS
        assert "sparql.max_rows" in data["note"]
    else:
        assert body.count("<result>") == MAX_ROWS


def test_csv_and_tsv_signal_a_cut_in_the_header_only(limited):
    for accept in ("text/csv", "text/tab-separated-values"):
        status, headers, body, _ = post(limited, MANY_ROWS, accept)
        assert status == 200 and headers["Lodpub-Result-Truncated"] == "true"
        assert len(body.strip().splitlines()) == 1 + MAX_ROWS


@pytest.mark.parametrize("accept, check", [
    ("text/turtle", lambda body: body.startswith("# results truncated to the first 3 triples")),
    ("application/n-triples", lambda body: body.count(" .\n") == MAX_ROWS),
    ("application/ld+json", lambda body: json.loads(body)["truncated"] is True
     and len(json.loads(body)["@graph"]) <= MAX_ROWS),
    ("application/rdf+xml", lambda body: "<!-- results truncated" in body),
])
def test_graph_results_are_cut_with_a_note(limited, accept, check):
    status, headers, body, _ = post(limited, "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", accept)
    assert status == 200 and headers["Lodpub-Result-Truncated"] == "true"
    assert check(body)


def test_a_result_that_fits_is_not_marked(limited):
    status, headers, body, _ = post(limited, "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }")
    assert status == 200 and "Lodpub-Result-Truncated" not in headers
    assert "truncated" not in body and len(json.loads(body)["results"]["bindings"]) == 3


def test_too_long_a_query_is_refused_naming_the_setting(limited):
    query = "ASK {}" + " " * (MAX_LENGTH - 5)  # spaces keep the GET request line short
    assert len(query) == MAX_LENGTH + 1
    expected = f"{MAX_LENGTH + 1} characters, more than sparql.max_query_length ({MAX_LENGTH})"
    status, _, body, _ = post(limited, query)
    assert status == 413 and expected in body and "[sparql] max_query_length" in body
    url = limited.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=30)
    with refused.value:
        assert refused.value.code == 413 and expected in refused.value.read().decode()
    direct = urllib.request.Request(limited.url + "/sparql", data=query.encode(),
                                    headers={"Content-Type": "application/sparql-query"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(direct, timeout=30)
    with refused.value:
        assert refused.value.code == 413
    assert post(limited, query[:MAX_LENGTH])[0] == 200


def test_a_get_query_of_six_kilobytes_is_answered(live_server):
    import urllib.parse
    import urllib.request

    padding = "# " + "x" * 6000 + "\n"
    query = urllib.parse.quote(padding + "ASK { ?s ?p ?o }")
    request = urllib.request.Request(f"{live_server.url}/sparql?query={query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200 and b'"boolean":true' in response.read()


HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?i"
MEMORY_LIMIT = 64


@pytest.fixture(scope="module")
def small_memory(tmp_path_factory):
    project = copy_example(tmp_path_factory.mktemp("small-memory") / "example")
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[sparql]\ntimeout = 30\nmemory_limit = {MEMORY_LIMIT}\n")
    server = LiveServer(project, "--workers", "2")
    yield server
    server.stop()


def test_a_query_that_needs_too_much_memory_is_stopped_naming_the_setting(small_memory):
    hungry = {}
    thread = threading.Thread(target=lambda: hungry.update(result=post(small_memory, HUNGRY)))
    thread.start()
    status, _, body, _ = post(small_memory, "ASK { ?s a <http://schema.org/NewsArticle> }")
    assert status == 200 and json.loads(body)["boolean"] is True
    with urllib.request.urlopen(small_memory.url + "/", timeout=30) as page:
        assert page.status == 200
    thread.join(timeout=60)
    status, _, body, seconds = hungry["result"]
    assert status == 503, body
    assert f"the query needed more memory than sparql.memory_limit ({MEMORY_LIMIT} MiB)" in body
    assert "[sparql] memory_limit" in body
    assert seconds < 30, "stopped by the time limit, not the memory ceiling"
    # The worker and the endpoint carry on.
    assert small_memory.process.poll() is None
    for _ in range(4):
        status, _, body, _ = post(small_memory, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 300
