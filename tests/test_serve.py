"""``lodpub serve``: building when needed, the last good build, --get, workers, clean shutdown."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

from conftest import LiveServer, copy_example, run_cli
from test_web_resources import VANNAS

ARTICLE_FILE = "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md"


def break_article(project) -> None:
    path = project / ARTICLE_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("datePublished: 2023-06-22",
                                                             "datePublished: midsummer"),
                    encoding="utf-8")


# -- --get: one request in-process ---------------------------------------------------------

def test_get_builds_first_and_prints_the_response(project):
    result = run_cli("serve", project, "--get", VANNAS, "--accept", "text/turtle")
    assert result.returncode == 0, result.stderr
    assert "building" in result.stderr and "there is no build yet" in result.stderr
    head, body = result.stdout.split("\n\n", 1)
    assert head.splitlines()[0] == "HTTP/1.1 200 OK"
    assert "Content-Type: text/turtle; charset=utf-8" in head and "ETag: " in head
    assert "<http://localhost:8000/id/municipality/se-2460>" in body
    assert 'schema:name "Vännäs Municipality"@en , "Vännäs kommun"@sv' in body


def test_get_an_unknown_path_exits_1_with_the_error(project):
    result = run_cli("serve", project, "--get", "/doc/nothing/here", "--accept", "application/json")
    assert result.returncode == 1
    assert result.stdout.startswith("HTTP/1.1 404 NOT FOUND")
    assert '"status": 404' in result.stdout


def test_an_up_to_date_build_is_served_as_it_is(project):
    assert run_cli("build", project).returncode == 0
    result = run_cli("serve", project, "--get", "/")
    assert result.returncode == 0 and "building" not in result.stderr
    (project / "registry" / "people.yaml").write_text(
        (project / "registry" / "people.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = run_cli("serve", project, "--get", "/")
    assert "the content changed since (registry/people.yaml)" in changed.stderr


def test_no_iri_depends_on_the_serving_address(project):
    assert run_cli("build", project).returncode == 0
    for port in ("8123", "8124"):
        result = run_cli("serve", project, "--port", port, "--get", "/id/municipality/se-2460")
        assert "building" not in result.stderr, result.stderr
        assert "Location: /doc/municipality/se-2460" in result.stdout
        body = run_cli("serve", project, "--port", port, "--get", VANNAS + ".nt").stdout
        assert "<http://localhost:8000/id/municipality/se-2460>" in body
        assert f"localhost:{port}" not in body


def test_a_served_build_under_another_base_is_rebuilt_and_says_why(project):
    assert run_cli("build", project, "--base", "https://old.example.org/").returncode == 0
    result = run_cli("serve", project, "--get", VANNAS + ".nt")
    assert "its IRIs are under https://old.example.org/, the project's base is " \
           "http://localhost:8000/" in result.stderr
    assert "<http://localhost:8000/id/municipality/se-2460>" in result.stdout


def test_a_build_under_another_base_says_the_iris_moved(project):
    assert run_cli("build", project).returncode == 0
    moved = run_cli("build", project, "--base", "https://data.example.org/")
    assert moved.returncode == 0
    assert "the IRIs moved: the previous build's were under http://localhost:8000/" in moved.stderr
    assert "moved" not in run_cli("build", project, "--base", "https://data.example.org/").stderr


def test_a_bad_base_names_where_it_came_from(project):
    result = run_cli("build", project, "--base", "data.example.org")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "the base must be an http(s) IRI ending in '/', not 'data.example.org'" in result.stderr


def test_html_links_stay_on_the_serving_address_while_rdf_keeps_the_iris(tmp_path):
    project = copy_example(tmp_path / "site")
    settings = project / "lodpub.toml"
    settings.write_text('base = "https://data.example.org/"\n' + settings.read_text("utf-8"), "utf-8")
    server = LiveServer(project)
    try:
        page = urllib.request.urlopen(server.url + "/doc/municipality/se-2460.html").read().decode()
        hrefs = re.findall(r'href="([^"]+)"', page)
        assert not [href for href in hrefs if href.startswith("https://data.example.org/")]
        local = [href for href in hrefs if href.startswith("/doc/") or href.startswith("/id/")]
        assert local
        for href in local[:10]:  # each link is a page of this server
            with urllib.request.urlopen(server.url + href) as answer:
                assert answer.status == 200
        request = urllib.request.Request(server.url + "/id/municipality/se-2460",
                                         headers={"Accept": "application/n-triples"})
        body = urllib.request.urlopen(request).read().decode()
        assert "<https://data.example.org/id/municipality/se-2460>" in body
        assert server.url not in body
    finally:
        server.stop()


def test_a_set_base_is_kept(project):
    settings = project / "lodpub.toml"
    settings.write_text('base = "https://data.example.org/"\n' + settings.read_text(encoding="utf-8"),
                        encoding="utf-8")
    result = run_cli("serve", project, "--port", "8123", "--get", VANNAS + ".nt")
    assert "<https://data.example.org/id/municipality/se-2460>" in result.stdout


def test_without_a_project_the_bundled_example_is_served_from_a_cache_copy(tmp_path):
    result = run_cli("serve", "--get", "/", env={"XDG_CACHE_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "Vännäs" in result.stdout
    copy = tmp_path / "lodpub" / "example"
    assert (copy / "lodpub.toml").is_file() and (copy / "_build" / "current").exists()
    again = run_cli("serve", "--get", "/", env={"XDG_CACHE_HOME": str(tmp_path)})
    assert again.returncode == 0 and "building" not in again.stderr


def test_invalid_content_without_an_earlier_build_is_an_error(project):
    break_article(project)
    result = run_cli("serve", project, "--get", "/")
    assert result.returncode == 1
    assert "cannot be built, and there is no earlier build" in result.stderr
    assert "datePublished" in result.stderr and "Traceback" not in result.stderr


def test_bad_options_are_misuse(project):
    for args, message in [(["--accept", "text/turtle"], "--accept goes with --get"),
                          (["--workers", "0"], "--workers must be 1 or more"),
                          (["--port", "70000"], "--port must be between"),
                          (["--get", "doc/x"], "starting with '/'")]:
        result = run_cli("serve", project, *args)
        assert result.returncode == 2, args
        assert message in result.stderr


# -- the real server ---------------------------------------------------------------------------

def test_invalid_content_keeps_the_last_good_build_and_says_why(project):
    assert run_cli("build", project).returncode == 0
    break_article(project)
    server = LiveServer(project)
    try:
        with urllib.request.urlopen(server.url + VANNAS + ".ttl") as response:
            assert response.status == 200
            assert b"<http://localhost:8000/id/municipality/se-2460>" in response.read()
    finally:
        log = server.stop()
    assert "the content is invalid, so the last good build" in log
    assert "datePublished" in log and "midsummer" in log


def evaluators_of(project) -> list[str]:
    """The SPARQL evaluator processes running on *project*'s store."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"lodpub.sparql.evaluator" in words and any(str(project).encode() in w for w in words):
            found.append(cmdline.parent.name)
    return found


def test_one_log_line_per_request_workers_and_a_clean_shutdown(project):
    server = LiveServer(project, "--workers", "1")
    paths = [VANNAS + ".ttl", "/", "/doc/municipality/nothing"]
    for path in paths:
        try:
            urllib.request.urlopen(server.url + path).close()
        except urllib.error.HTTPError as error:
            error.close()
    assert len(evaluators_of(project)) == 1  # started with the worker: no query waits for it
    log = server.stop()
    assert evaluators_of(project) == []
    assert server.process.returncode == 0
    assert "with 1 worker(s)" in log and log.count("Booting worker") == 1
    assert re.search(r"worker ready: \d+ resources indexed in \d+ ms", log)
    for path, status in zip(paths, ["200", "200", "404"]):
        lines = re.findall(rf'"GET {re.escape(path)} HTTP/1.1" {status} \d+ \d+ms', log)
        assert len(lines) == 1, (path, log)
    assert "Shutting down: Master" in log and "SIGSEGV" not in log


def test_get_writes_a_compressed_dump_as_bytes(project):
    import gzip
    import subprocess
    import sys

    assert run_cli("build", project).returncode == 0
    result = subprocess.run([sys.executable, "-m", "lodpub.cli", "serve", str(project), "--get",
                             "/download/dataset.nt.gz"], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    head, body = result.stdout.split(b"\n\n", 1)
    assert b"Content-Type: application/gzip" in head and b"Content-Encoding" not in head
    assert b"<http://localhost:8000/id/municipality/se-2460>" in gzip.decompress(body)
