"""Hostile input: forged Host headers, content files that point elsewhere, YAML bombs,
bidirectional-text spoofing, and queries crafted to cost more than their answer."""

from __future__ import annotations

import http.client
import os
import time

import pytest

from conftest import run_cli

MERGED = "/id//municipality/se-2460"


# -- the Host header is never echoed -----------------------------------------------

@pytest.mark.parametrize("path", [MERGED, "/doc//municipality/se-2460"])
def test_path_normalising_redirects_are_relative_and_not_stored(client, path):
    response = client.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 308
    location = response.headers["Location"]
    assert location == path.replace("//", "/")
    assert "evil.example" not in location
    assert response.headers["Cache-Control"] == "no-store"


def test_a_forged_host_never_reaches_a_response_of_the_live_server(live_server):
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=10)
    try:
        connection.request("GET", MERGED, headers={"Host": "evil.example"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    assert response.status == 308
    assert response.getheader("Location") == "/id/municipality/se-2460"
    assert response.getheader("Cache-Control") == "no-store"
    assert b"evil.example" not in body
    assert all("evil.example" not in value for _, value in response.getheaders())


# -- content is read only from regular files inside the project -------------------

ARTICLES = "content/articles"


def _article(project):
    return sorted((project / ARTICLES).glob("*.md"))[0]


def test_a_link_to_a_file_outside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes(_article(project).read_bytes())
    (project / ARTICLES / "x.md").symlink_to(outside)
    result = run_cli("validate", project, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert ("content/articles/x.md: a symbolic link to a file outside the project; "
            "content is read only from files inside it") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_link_to_a_device_is_refused_unread(project):
    (project / "registry" / "zero.yaml").symlink_to("/dev/zero")
    started = time.monotonic()
    result = run_cli("validate", project, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "registry/zero.yaml: a symbolic link to a file outside the project" in result.stderr
    assert time.monotonic() - started < 30


def test_a_link_inside_the_project_to_a_device_is_refused(project):
    os.mkfifo(project / "pipe")
    (project / "registry" / "pipe.yaml").symlink_to(project / "pipe")
    result = run_cli("validate", project, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "registry/pipe.yaml: not a regular file" in result.stderr


def test_a_file_larger_than_the_limit_is_refused_naming_file_size_and_setting(project):
    article = _article(project)
    size = article.stat().st_size
    with (project / "lodpub.toml").open("a", encoding="utf-8") as settings:
        settings.write(f"\n[content]\nmax_file_bytes = {size - 1}\n")
    result = run_cli("build", project, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    relative = article.relative_to(project).as_posix()
    assert f"{relative}: {size:,} bytes, more than the {size - 1:,} that content.max_file_bytes" \
        in result.stderr


# -- YAML aliases cannot amplify a file ---------------------------------------------

def test_a_billion_laughs_file_is_refused_quickly(project):
    lines = ["lol: &a [" + ", ".join(["lol"] * 9) + "]"]
    for level in range(1, 9):
        lines.append(f"lol{level}: &{'abcdefghi'[level]} [" + ", ".join([f"*{'abcdefghi'[level - 1]}"] * 9) + "]")
    (project / "registry" / "laughs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = run_cli("validate", project, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "registry/laughs.yaml:1: aliases would expand this file" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


# -- bidirectional controls are isolated on pages and warned about -----------------

ARTICLE_FILE = "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"
SPOOFED = "Bilaga gnp\u202e.exe"


def test_bidi_controls_are_isolated_on_the_page_and_validation_warns(project):
    path = project / ARTICLE_FILE
    text = path.read_text(encoding="utf-8")
    old = "headline: Signerat partnerskap mellan Vännäs och Slobozhanske"
    assert old in text
    path.write_text(text.replace(old, f'headline: "{SPOOFED}"', 1), encoding="utf-8")
    result = run_cli("validate", project, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout + result.stderr
    assert ARTICLE_FILE in report and "headline" in report
    assert "bidirectional control character" in report
    assert "(value: Bilaga gnp<U+202E>.exe)" in report  # the report itself cannot be spoofed
    assert "\u202e" not in report
    swedish = run_cli("validate", project, "--lang", "sv", timeout=300)
    assert "styrtecken för textriktning" in swedish.stdout + swedish.stderr

    assert run_cli("build", project, timeout=300).returncode == 0
    import lodpub

    client = lodpub.create_app(project).test_client()
    page = client.get("/doc/article/2023-06-22-signerat-partnerskap-vannas-slobozhanske.html")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'<h1 dir="auto" lang="sv">{SPOOFED}</h1>' in html
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert f'dir="auto" lang="sv">{SPOOFED}</a>' in home


# -- the query check takes time in proportion to the query ---------------------------

LONGEST = 19990  # within sparql.max_query_length (20000)
CRAFTED = {
    "dashed-run": ("ASK { " + "a-" * 9990)[:LONGEST] + "\u0041",
    "dotted-run-before-colon": ("ASK { " + "a." * 9990)[:LONGEST] + ":",
    "digit-run-before-colon": ("ASK { " + "1-" * 9990)[:LONGEST] + ":",
    "unclosed-iris": ("ASK { " + "<a" * 9990)[:LONGEST],
    "unclosed-long-string": ("ASK { '''" + "a" * LONGEST)[:LONGEST],
    "escaped-locals": ("ASK { ?s ?p a:" + "\\." * 9990)[:LONGEST],
    "codepoint-escapes": ("ASK { " + "\\u0041-" * 2900)[:LONGEST],
    "language-tag-run": ("ASK { ?s ?p 'x'@" + "a-" * 9990)[:LONGEST],
}


@pytest.mark.parametrize("query", CRAFTED.values(), ids=CRAFTED.keys())
def test_the_query_check_is_linear_in_the_query(query):
    from lodpub.errors import BadQuery
    from lodpub.sparql.limits import Limits
    from lodpub.sparql.safety import inspect_query

    started = time.process_time()
    try:
        inspect_query(query, Limits())
    except BadQuery:
        pass
    # A generous bound: it guards against time in the square of the length (seconds).
    assert time.process_time() - started < 0.5


def test_a_crafted_query_of_the_maximum_length_is_answered_400_quickly(client):
    started = time.monotonic()
    response = client.post("/sparql", data={"query": CRAFTED["dashed-run"]},
                           headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert time.monotonic() - started < 5


# -- deep nesting and malformed bodies are the client's errors ------------------------

def test_thousands_of_nested_groups_are_400_before_evaluation(client):
    query = "ASK " + "{" * 5000 + "}" * 5000
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "nests groups more than 100 deep" in response.get_json()["error"]["message"]


def test_a_malformed_chunk_extension_is_400(live_server):
    import socket

    body = b"query=ASK%7B%7D"
    request = (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               + f"{len(body):x}".encode() + b";=\r\n" + body + b"\r\n0\r\n\r\n")
    with socket.create_connection(("127.0.0.1", live_server.port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400"), answer[:300]
    assert b"the request could not be read" in answer


# -- slow clients cannot occupy the server --------------------------------------------

SLOW_CLIENTS = 50


class Slowloris:
    """Connections that each send a request's header one line a second and never finish it."""

    def __init__(self, port: int, count: int):
        import socket
        import threading

        self.sockets = [socket.create_connection(("127.0.0.1", port), timeout=10)
                        for _ in range(count)]
        for connection in self.sockets:
            connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self._stop = threading.Event()
        self.lines_sent = 0
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()

    def _trickle(self) -> None:
        while not self._stop.wait(1.0):
            for connection in self.sockets:
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                    self.lines_sent += 1
                except OSError:
                    pass

    def answered(self) -> int:
        """How many of the connections got any answer (a request that never ends gets none)."""
        import select

        readable, _, _ = select.select(self.sockets, [], [], 0)
        return len(readable)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for connection in self.sockets:
            connection.close()


def test_fifty_slow_clients_do_not_stop_a_normal_client(live_server):
    import json
    import urllib.parse
    import urllib.request

    query = "/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    asked = [("/", "text/html"), ("/doc/municipality/se-2460", "text/turtle"),
             (query, "application/sparql-results+json")] * 3
    slow = Slowloris(live_server.port, SLOW_CLIENTS)
    try:
        time.sleep(2.5)  # every slow connection is in the middle of its header
        timings = []
        for path, accept in asked:
            started = time.monotonic()
            request = urllib.request.Request(live_server.url + path, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                assert response.status == 200
            timings.append(time.monotonic() - started)
            if path == query:
                assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
        assert max(timings) < 5, timings
        assert slow.lines_sent >= SLOW_CLIENTS  # they kept trickling meanwhile
        assert slow.answered() == 0  # and were still being read, not dropped
    finally:
        slow.close()


# -- a damaged store is detected and an intact release served ---------------------

def test_a_damaged_store_is_detected_and_the_intact_release_served(project):
    import email.utils
    import json
    import random
    import urllib.parse
    import urllib.request

    from conftest import BUILD_EPOCH, LiveServer

    settings = project / "lodpub.toml"
    settings.write_text('base = "https://data.example/"\n' + settings.read_text(encoding="utf-8"),
                        encoding="utf-8")
    assert run_cli("build", project).returncode == 0
    later = {"SOURCE_DATE_EPOCH": str(int(BUILD_EPOCH) + 3600)}
    # --full: a new release of the same content, with a store of its own (not hard-linked)
    assert run_cli("build", project, "--full", env=later).returncode == 0
    releases = sorted((project / "_build" / "releases").iterdir())
    intact, damaged = releases[-2], releases[-1]
    assert (project / "_build" / "current").resolve() == damaged
    store_file = max((damaged / "store").glob("*.sst"), key=lambda path: path.stat().st_size)
    data = bytearray(store_file.read_bytes())
    noise = random.Random(12)
    offset = len(data) // 2
    data[offset:offset + 64] = bytes(noise.randrange(256) for _ in range(64))
    store_file.write_bytes(bytes(data))

    server = LiveServer(project)
    try:
        with urllib.request.urlopen(server.url + "/doc/municipality/se-2460") as response:
            assert response.status == 200
            served = email.utils.parsedate_to_datetime(response.headers["Last-Modified"])
        query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        request = urllib.request.Request(f"{server.url}/sparql?{query}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request) as response:
            count = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
    finally:
        log = server.stop()
    assert int(served.timestamp()) == int(BUILD_EPOCH)  # the first build's, not the damaged one's
    assert count == json.loads((intact / "manifest.json").read_text())["storeTriples"]
    assert (f"release {damaged.name} is damaged: store file {store_file.name} does not match "
            f"the checksum its build recorded; serving the intact release {intact.name}") in log


# -- a representation is rendered once per build -------------------------------------

def _renders(app) -> int:
    from lodpub.web.resources.state import state

    with app.app_context():
        return state().rendered.renders


def test_a_second_request_is_answered_without_rendering_again(built_example):
    import lodpub

    app = lodpub.create_app(built_example)  # its own, so that no other test rendered for it
    client = app.test_client()
    path = "/doc/municipality/se-2460"
    headers = {"Accept": "text/html", "Accept-Language": "uk, en;q=0.5"}
    first = client.get(path, headers=headers)
    rendered = _renders(app)
    assert rendered == 1
    second = client.get(path, headers=headers)
    assert first.status_code == second.status_code == 200
    assert second.get_data() == first.get_data()
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Language"] == first.headers["Content-Language"]
    assert second.headers["Vary"] == first.headers["Vary"]
    assert _renders(app) == rendered  # the second came from the cache
    # another language or format is another representation
    client.get(path, headers={**headers, "Accept-Language": "sv"})
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    assert _renders(app) == rendered + 2
    assert client.get(path, headers={"Accept": "text/turtle"}).get_data() == turtle.get_data()
    assert _renders(app) == rendered + 2


# -- a full disk is a clear error, not a traceback --------------------------------------

def _build_with_file_size_limit(project, limit: int, epoch: str):
    """``lodpub build`` where no file may grow past *limit* bytes: writes fail as on a full disk."""
    import resource
    import signal
    import subprocess
    import sys

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "lodpub.cli", "build", str(project)],
                          capture_output=True, text=True, preexec_fn=limited, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": epoch})


def test_a_store_that_cannot_be_written_is_a_clear_error(project):
    result = _build_with_file_size_limit(project, 20_000, "1700000000")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "error: cannot write " in result.stderr
    assert "/store/" in result.stderr and ": the file size limit was reached" in result.stderr
    assert not (project / "_build" / "current").exists()
    assert not [path for path in (project / "_build" / "releases").iterdir()]  # nothing half-written


def test_an_event_log_that_cannot_be_written_is_a_clear_error_and_the_next_build_records(project):
    import datetime as dt
    import sqlite3

    assert run_cli("build", project).returncode == 0
    article, epoch = _article(project), 1700000000
    release = (project / "_build" / "current").resolve()
    # A limit that every file of a release stays under (the engine's own LOG is not written
    # through lodpub) and that the event log reaches as it records the change: earlier
    # changes fill it first, so that it is just under the limit.
    floor = 4096 + max(path.stat().st_size for path in release.rglob("*")
                       if path.is_file() and path.name != "LOG")
    log_file = next((project / "_build" / "ldes").glob("*.sqlite"))
    while True:
        article.write_text(article.read_text(encoding="utf-8").replace("headline: ", "headline: Nytt om ", 1),
                           encoding="utf-8")
        epoch += 3600
        if log_file.stat().st_size + 8192 > floor:
            break
        assert run_cli("build", project, env={"SOURCE_DATE_EPOCH": str(epoch)}).returncode == 0
    limit = max(floor, log_file.stat().st_size + 1)
    result = _build_with_file_size_limit(project, limit, str(epoch))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "cannot rollback" not in result.stderr
    assert (f"cannot record the changes of release "
            f"{(project / '_build' / 'current').resolve().name} in the event log ") in result.stderr
    assert f"{log_file.name}: disk I/O error" in result.stderr
    assert "the release is published" in result.stderr
    assert run_cli("build", project, env={"SOURCE_DATE_EPOCH": str(epoch + 3600)}).returncode == 0
    with sqlite3.connect(log_file) as db:
        times = [time for (time,) in db.execute("SELECT time FROM releases ORDER BY time")]
    hours = range(1700000000, epoch + 3601, 3600)
    assert times == [dt.datetime.fromtimestamp(moment, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                     for moment in hours]
