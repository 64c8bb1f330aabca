"""``lodpub export static``: the files and nginx configuration answer as ``lodpub serve`` does.

The conformance test runs real nginx (installed by .ci/run; skipped, saying so, where
it is absent) over an export and asks it and ``lodpub serve`` the same requests.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests
from rdflib import ConjunctiveGraph, Graph
from rdflib.compare import isomorphic

from conftest import LiveServer, copy_example, free_port, run_cli

RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld",
             "application/n-triples": "nt", "application/rdf+xml": "xml", "application/trig": "trig"}
ACCEPTS = [None, "*/*", "text/turtle", "application/ld+json", "application/n-triples", "text/plain",
           "application/rdf+xml", "text/html", "text/html,application/xhtml+xml,*/*;q=0.8",
           "application/rdf+xml, text/n3, text/turtle;q=0.9, */*;q=0.1"]
LANGUAGES = [None, "en", "uk", "sv", "en-GB,en;q=0.9"]
#: Headers that are part of the contract; Date, Server, ETag values and lengths are not.
COMPARED = ("Content-Location", "Link", "Content-Language", "Access-Control-Allow-Origin",
            "Access-Control-Expose-Headers", "X-Content-Type-Options", "Location")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(lodpub serve, nginx over an export of the same build) as two base URLs."""
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (.ci/run installs it with apt-get)")
    work = tmp_path_factory.mktemp("export")
    project = copy_example(work / "site")
    server = LiveServer(project)
    port = free_port()
    exported = run_cli("export", "static", work / "public", project, "--listen", f"127.0.0.1:{port}",
                       "--sparql", server.url)
    assert exported.returncode == 0, exported.stderr
    nginx = _start_nginx(work, work / "public" / "nginx-site.conf", port)
    try:
        yield server.url, f"http://127.0.0.1:{port}", work / "public", project
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        server.stop()


def _start_nginx(work: Path, site: Path, port: int) -> subprocess.Popen:
    prefix = work / "nginx"
    prefix.mkdir()
    temp = " ".join(f"{kind}_temp_path {prefix / kind};" for kind in
                    ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # as root, nginx's workers would run as nobody, who cannot read pytest's private folders
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"daemon off; {user} pid {prefix / 'nginx.pid'}; error_log {prefix / 'error.log'};\n"
        f"events {{}}\nhttp {{ access_log off; {temp} include {site}; }}\n", encoding="utf-8")
    process = subprocess.Popen(["nginx", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return process
        except requests.ConnectionError:
            assert process.poll() is None, (prefix / "error.log").read_text(encoding="utf-8")
            time.sleep(0.1)
    raise AssertionError("nginx did not answer")


def _answers(both, path: str, headers: dict) -> tuple:
    served, static = both[0], both[1]
    return tuple(requests.get(base + path, headers=headers, allow_redirects=False, timeout=30)
                 for base in (served, static))


def _same(path: str, headers: dict, lodpub, nginx) -> None:
    where = f"{path} {headers}"
    assert nginx.status_code == lodpub.status_code, where
    if lodpub.status_code >= 400:
        return
    lodpub_type, nginx_type = (answer.headers.get("Content-Type", "").split(";")[0]
                               for answer in (lodpub, nginx))
    assert nginx_type == lodpub_type, where
    for name in COMPARED:
        assert nginx.headers.get(name) == lodpub.headers.get(name), (where, name)
    if lodpub.status_code != 200:
        return
    assert _vary(nginx) == _vary(lodpub), where
    if lodpub_type in RDF_TYPES:
        kind = RDF_TYPES[lodpub_type]
        graphs = []
        for answer in (lodpub, nginx):
            graph = ConjunctiveGraph() if kind == "trig" else Graph()
            graph.parse(data=answer.content, format=kind, publicID=path)
            graphs.append(graph)
        assert isomorphic(*graphs), where
    else:
        assert nginx.content == lodpub.content, where


def _vary(answer) -> set[str]:
    return {token.strip().lower() for token in answer.headers.get("Vary", "").split(",")
            if token.strip()}


def _documents(static: Path) -> list[str]:
    return sorted("/" + path.relative_to(static).as_posix()[:-len(".ttl")]
                  for path in (static / "doc").rglob("*.ttl"))


def test_every_document_answers_alike_in_every_format_and_language(both):
    documents = _documents(both[2])
    assert len(documents) > 20
    for path in documents:
        for accept in ACCEPTS:
            headers = {"Accept": accept} if accept else {}
            _same(path, headers, *_answers(both, path, headers))
        for extension in ("ttl", "jsonld", "nt", "rdf"):
            _same(f"{path}.{extension}", {}, *_answers(both, f"{path}.{extension}", {}))
        for language in LANGUAGES:
            headers = {"Accept-Language": language} if language else {}
            _same(path + ".html", headers, *_answers(both, path + ".html", headers))


def test_things_and_graphs_answer_303_to_their_documents(both):
    redirects = (both[2] / "nginx-redirects.map").read_text(encoding="utf-8").splitlines()
    assert len(redirects) > 20
    for line in redirects:
        path = line.split('"')[1]
        _same(path, {}, *_answers(both, path, {}))
    _same("/id/municipality/no-such-place", {}, *_answers(both, "/id/municipality/no-such-place", {}))


def test_the_site_documents_feeds_and_dumps_answer_alike(both):
    paths = ["/", "/robots.txt", "/context.jsonld", "/feed.atom", "/sitemap.xml", "/ldes",
             "/catalog/feed", "/ldes/event/1", "/catalog/feed/event/1"]
    for site_path in ("/ontology", "/shapes", "/catalog", "/.well-known/void"):
        paths += [site_path] + [f"{site_path}.{extension}" for extension in ("ttl", "jsonld", "nt", "rdf")]
    for path in paths:
        for accept in (None, "text/turtle", "application/ld+json", "text/html"):
            for language in (None, "en"):
                headers = {**({"Accept": accept} if accept else {}),
                           **({"Accept-Language": language} if language else {})}
                _same(path, headers, *_answers(both, path, headers))
    dumps = [path.name for path in (both[2] / "download").iterdir()]
    assert any(name.endswith(".gz") for name in dumps)
    for name in dumps:
        lodpub, nginx = _answers(both, "/download/" + name, {})
        assert nginx.status_code == 200 and nginx.content == lodpub.content
        assert nginx.headers["Content-Type"] == lodpub.headers["Content-Type"]
        assert nginx.headers["Content-Disposition"] == lodpub.headers["Content-Disposition"]
        assert "Content-Encoding" not in nginx.headers  # a .gz is saved as the bytes it is


def test_text_is_sent_precompressed(both):
    path = _documents(both[2])[0] + ".html"
    answer = requests.get(both[1] + path, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    raw = answer.raw.read(decode_content=False)
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(raw) == requests.get(both[0] + path, timeout=30).content


def test_sparql_is_proxied_to_the_running_server(both):
    answer = requests.get(both[1] + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_exporting_again_rewrites_only_what_changed(tmp_path):
    project = copy_example(tmp_path / "site")
    assert run_cli("build", project).returncode == 0
    first = run_cli("export", "static", tmp_path / "public", project)
    assert first.returncode == 0, first.stderr
    stale = tmp_path / "public" / "doc" / "municipality" / "se-9999.ttl"
    stale.write_text("withdrawn long ago", encoding="utf-8")
    again = run_cli("export", "static", tmp_path / "public", project)
    assert again.returncode == 0, again.stderr
    written = int(again.stdout.split("exported")[1].split(":")[1].split()[0])
    assert written < 20, again.stdout  # only what renders differently each time (blank nodes)
    assert " 1 removed" in again.stdout and not stale.exists()


def test_export_refuses_a_folder_that_holds_something_else(tmp_path, project):
    assert run_cli("build", project).returncode == 0
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep", encoding="utf-8")
    result = run_cli("export", "static", tmp_path / "mine", project)
    assert result.returncode == 1 and "not empty and holds no earlier export" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep"
    unbuilt = copy_example(tmp_path / "unbuilt")
    result = run_cli("export", "static", tmp_path / "out", unbuilt)
    assert result.returncode == 1 and "Traceback" not in result.stderr and "build" in result.stderr
