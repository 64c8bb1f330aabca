"""Safe fetching for imports: schemes, redirects, size, and no private addresses."""

from __future__ import annotations

import http.server
import socket
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from lodpub.cli import main
from lodpub.errors import SourceError
from lodpub.ingest import fetch

DATA = Path(__file__).resolve().parent / "data" / "import"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves tests/data/import, plus /redirect/N, /to?url=…, /big and /stream."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requests.append((self.path, dict(self.headers)))
        parts = urlsplit(self.path)
        if parts.path.startswith("/redirect/"):
            left = int(parts.path.rsplit("/", 1)[1])
            target = f"/redirect/{left - 1}" if left > 1 else "/nyheter-rss.xml"
            return self._redirect(target)
        if parts.path == "/to":
            return self._redirect(parse_qs(parts.query)["url"][0])
        if parts.path == "/big":
            return self._send(b"<rss>" + b" " * (64 * 1024) + b"</rss>", "application/rss+xml")
        if parts.path == "/stream":   # no Content-Length: the limit must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 1024)
            return None
        path = DATA / parts.path.lstrip("/")
        if not path.is_file() or path.parent != DATA:
            self.send_error(404)
            return None
        kind = "application/rss+xml" if path.suffix == ".xml" else "text/html; charset=utf-8"
        return self._send(path.read_bytes(), kind)

    def _redirect(self, target: str):
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class FixtureServer:
    """A real HTTP server in a thread, serving the import fixtures."""

    def __init__(self, host: str = "127.0.0.1"):
        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
            daemon_threads = True

        self.server = Server((host, 0), _Handler)
        self.server.requests = []
        self.port = self.server.server_address[1]
        self.url = f"http://{f'[{host}]' if ':' in host else host}:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list:
        return self.server.requests

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    running = FixtureServer()
    yield running
    running.close()


def article_files(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in (project / "content" / "articles").glob("*.md")}


# --- the address check ------------------------------------------------------------------------

@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.9.9.9", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("172.16.5.4", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("fe80::1%2", "link-local"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("240.0.0.1", "reserved"), ("255.255.255.255", "reserved"),
    ("100.64.0.1", "not publicly routable"), ("192.0.2.10", "private"),
    ("2001:db8::1", "private"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:10.1.2.3", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),            # 6to4 around 127.0.0.1
    ("64:ff9b::a00:1", "private"),            # NAT64 around 10.0.0.1
])
def test_private_addresses_are_refused(address, reason):
    assert reason in fetch.refusal(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "194.17.14.1",
                                     "2a00:1450:4001:82b::200e", "2001:4860:4860::8888",
                                     "::ffff:93.184.215.14"])
def test_public_addresses_are_allowed(address):
    assert fetch.refusal(address) is None


# --- fetching from a real server --------------------------------------------------------------

def test_fetch_sends_an_honest_user_agent(server):
    fetched = fetch.fetch(server.url + "/nyheter-rss.xml", allow_private=True)
    assert fetched.content == (DATA / "nyheter-rss.xml").read_bytes()
    assert fetched.content_type == "application/rss+xml"
    _path, headers = server.requests[-1]
    assert headers["User-Agent"] == "lodpub/0.1.0 (+https://w3id.org/lodpub)"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_refused_without_allow_private(project, server, capsys, host):
    before = article_files(project)
    url = f"http://{host}:{server.port}/nyheter-rss.xml"
    assert main(["import", "feed", url, str(project)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {url}: refused to connect to {host}")
    assert "loopback" in error and "--allow-private" in error
    assert article_files(project) == before
    assert server.requests == []        # refused before connecting


def test_ipv6_loopback_is_refused(project, capsys):
    if not socket.has_ipv6:
        pytest.skip("this machine has no IPv6")
    try:
        running = FixtureServer("::1")
    except OSError:
        pytest.skip("this machine cannot listen on [::1]")
    try:
        url = f"{running.url}/nyheter-rss.xml"
        assert main(["import", "feed", url, str(project)]) == 1
        assert "refused to connect to ::1: a loopback address" in capsys.readouterr().err
        assert running.requests == []
        assert main(["import", "feed", url, str(project), "--allow-private"]) == 0
    finally:
        running.close()


def test_at_most_five_redirects(server):
    assert fetch.fetch(server.url + "/redirect/5", allow_private=True).url.endswith("/nyheter-rss.xml")
    with pytest.raises(SourceError, match="more than 5 redirects"):
        fetch.fetch(server.url + "/redirect/6", allow_private=True)


def test_a_long_redirect_chain_is_refused_by_the_cli(project, server, capsys):
    before = article_files(project)
    assert main(["import", "feed", server.url + "/redirect/9", str(project), "--allow-private"]) == 1
    assert "more than 5 redirects" in capsys.readouterr().err
    assert article_files(project) == before


@pytest.fixture
def public_name(monkeypatch):
    """'nyheter.example' resolves to 127.0.0.1, which here counts as public: a stand-in for a
    public news site, so that what it redirects to can be checked for real."""
    real_refusal = fetch.refusal
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        if host == "nyheter.example":
            return ["127.0.0.1"]
        raise OSError(f"unknown host {host}")

    monkeypatch.setattr(fetch, "_resolve", resolve)
    monkeypatch.setattr(fetch, "refusal",
                        lambda address: None if address == "127.0.0.1" else real_refusal(address))
    return lookups


@pytest.mark.parametrize("target, reason", [
    ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
    ("http://10.0.0.5/intern", "a private address"),
    ("http://[::ffff:192.168.0.1]/", "a private address"),
])
def test_a_redirect_to_a_private_address_is_refused(server, public_name, target, reason):
    start = f"http://nyheter.example:{server.port}/to?url={target}"
    with pytest.raises(SourceError) as caught:
        fetch.fetch(start)
    message = str(caught.value)
    assert f"redirected to {target}" in message and reason in message
    assert "--allow-private" in message
    assert len(server.requests) == 1     # the public hop only


def test_the_checked_address_is_the_one_connected_to(server, monkeypatch):
    """One DNS lookup per hop: a second answer (DNS rebinding) is never asked for."""
    answers = [["127.0.0.1"], ["10.0.0.1"]]
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        return answers[min(len(lookups) - 1, 1)]

    real_refusal = fetch.refusal
    monkeypatch.setattr(fetch, "_resolve", resolve)
    monkeypatch.setattr(fetch, "refusal",
                        lambda address: None if address == "127.0.0.1" else real_refusal(address))
    fetched = fetch.fetch(f"http://nyheter.example:{server.port}/nyheter-rss.xml")
    assert fetched.content.startswith(b"<?xml")
    assert lookups == ["nyheter.example"]
    _path, headers = server.requests[-1]
    assert headers["Host"] == f"nyheter.example:{server.port}"


def test_every_resolved_address_is_checked(monkeypatch):
    monkeypatch.setattr(fetch, "_resolve", lambda host, port: ["93.184.215.14", "10.0.0.1"])
    with pytest.raises(SourceError, match=r"refused to connect to nyheter.example \(10.0.0.1\): "
                                          "a private address"):
        fetch.fetch("https://nyheter.example/rss")


def test_a_body_over_the_size_limit_is_refused(server):
    with pytest.raises(SourceError, match="larger than 1000 bytes"):
        fetch.fetch(server.url + "/big", allow_private=True, max_bytes=1000)
    with pytest.raises(SourceError, match="larger than 1000 bytes"):
        fetch.fetch(server.url + "/stream", allow_private=True, max_bytes=1000)
    assert len(fetch.fetch(server.url + "/stream", allow_private=True).content) == 64 * 1024


def test_the_default_limits():
    assert fetch.MAX_BYTES == 10 * 1024 * 1024
    assert fetch.TIMEOUT == 20
    assert fetch.MAX_REDIRECTS == 5


@pytest.mark.parametrize("url", ["ftp://www.vannas.se/rss.xml", "file:///etc/passwd"])
def test_only_http_and_https(project, capsys, url):
    assert main(["import", "feed", url, str(project), "--allow-private"]) == 1
    assert f"error: {url}: only http and https URLs can be fetched" in capsys.readouterr().err


def test_a_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(SourceError, match="only http and https"):
        fetch.fetch(server.url + "/to?url=file:///etc/passwd", allow_private=True)


def test_an_unreachable_url(project, capsys):
    with socket.socket() as sock:        # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/rss"
    before = article_files(project)
    assert main(["import", "feed", url, str(project), "--allow-private"]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"error: {url}: cannot fetch") and "refused" in error.lower()
    assert article_files(project) == before


def test_an_http_error_status(server):
    with pytest.raises(SourceError, match="HTTP 404"):
        fetch.fetch(server.url + "/saknas.xml", allow_private=True)
