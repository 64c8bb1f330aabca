"""The endpoint never reaches outside its dataset: SERVICE, LOAD, FROM and graph parameters.

A local TCP listener stands in for the outside world; every test asserts that it
received no connection, so each would fail if the check it covers were missing
(Oxigraph itself does call out for SERVICE: the first test shows it).
"""

from __future__ import annotations

import doctest
import json
import importlib
import socket
import threading
import time
import uuid
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph
import pytest

from lodpub.errors import BadQuery
from lodpub.sparql.lexer import tokens
from lodpub.sparql.limits import Limits, QueryTooLong
from lodpub.sparql.safety import QueryInfo, choose_dataset, graphs_not_held, inspect_query


class Listener:
    """A TCP listener on 127.0.0.1 that counts the requests made to its URL and closes them.

    The URL's path holds a random token, so that a connection from an unrelated
    process that happens to try the same port (a test server waiting for its own
    port, say) is not counted.
    """

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.token = uuid.uuid4().hex
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}/{self.token}/"
        self.connections = 0
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while self._running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    request = connection.recv(65536)
                except OSError:
                    request = b""
            if self.token.encode() in request:
                self.connections += 1

    def settle(self) -> int:
        """Wait a moment for late connections; return how many requests there were."""
        time.sleep(0.3)
        return self.connections

    def close(self):
        self._running = False
        self._thread.join()
        self.socket.close()


@pytest.fixture
def listener():
    listening = Listener()
    yield listening
    listening.close()


def service_queries(url: str) -> dict[str, str]:
    """SERVICE in every disguise the engine's parser accepts."""
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ ?s ?p ?o SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "variable": f"SELECT * WHERE {{ VALUES ?u {{ <{url}> }} SERVICE ?u {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX remote: <{url}> SELECT * WHERE {{ SERVICE remote:x {{ ?s ?p ?o }} }}",
        "glued to a prefix": f"PREFIX : <{url}> SELECT * {{ SERVICE:{{ ?s ?p ?o }} }}",
        "glued after true": f"SELECT * {{ ?s ?p true . ?s ?p trueSERVICE<{url}>{{ ?s ?p ?o }} }}",
        "after an escaped #": (f"PREFIX e: <{url}> SELECT * {{ ?s e:a\\#b ?o . "
                               f"SERVICE <{url}> {{ ?s ?p ?o }} }}"),
        "after MINUS{}": f"SELECT * {{ ?s ?p ?o MINUS{{}}SERVICE<{url}>{{}} }}",
        "escaped keyword": f"SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    }


def disguised_service(url: str) -> str:
    """SERVICE the checks cannot see: they read ``<?o)SERVICE:#>`` as one IRI; Oxigraph reads
    ``<`` as less-than, then ``SERVICE :`` and a comment."""
    return (f"PREFIX : <{url}>\nSELECT * WHERE {{ BIND(1 AS ?s) BIND(2 AS ?o) FILTER(?s<?o)SERVICE:#>\n"
            "{ ?x ?y ?z } }")


def disguised_from(url: str) -> str:
    """Its FROM twin: the checks see no FROM, Oxigraph reads ``FROM :`` (the outside IRI)."""
    return (f"PREFIX : <{url}>\nSELECT (1<2AS?x) ?s FROM:#>\n"
            "WHERE { ?s a <http://schema.org/NewsArticle> }")


def test_the_engine_itself_would_call_out(listener):
    """Why the checks exist: Oxigraph sends SERVICE requests, glued keywords included."""
    store = pyoxigraph.Store()
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://s"), pyoxigraph.NamedNode("http://p"),
                              pyoxigraph.Literal(True), pyoxigraph.NamedNode("http://g")))
    for query in (service_queries(listener.url)["glued after true"], disguised_service(listener.url)):
        with pytest.raises(OSError):
            list(store.query(query, use_default_graph_as_union=True))
    assert listener.settle() == 2


def test_the_disguises_pass_the_checks():
    """Why the decision is the engine's: no reading of the text sees what Oxigraph parses."""
    url = "http://127.0.0.1:1/x"
    assert inspect_query(disguised_service(url), Limits()).form == "SELECT"
    assert inspect_query(disguised_from(url), Limits()).from_graphs == ()


@pytest.mark.parametrize("name", sorted(service_queries("http://x/")))
def test_service_is_refused_in_every_form(name):
    query = service_queries("http://127.0.0.1:9/")[name]
    with pytest.raises(BadQuery, match=r"SERVICE is not allowed \(line 1, column \d+\)"):
        inspect_query(query, Limits())


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> { }",
    "SELECT * WHERE { ?s ?p 'SERVICE <http://127.0.0.1:9/> { }' }",
    'SELECT * WHERE { ?s ?p """a " SERVICE <x> {} """ }',
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s schema:serviceType ?o }",
    "SELECT * WHERE { ?s <http://example.org/SERVICE#x> ?service }",
])
def test_service_in_a_comment_a_string_an_iri_or_a_name_is_harmless(query):
    assert inspect_query(query, Limits()).form == "SELECT"


def test_tokens_keep_strings_iris_and_comments_whole():
    found = [(token.kind, token.text) for token in tokens(
        "ASK { <http://x/#a> ?p 'it''s' } # SERVICE\n")]
    assert found == [("word", "ASK"), ("punct", "{"), ("iri", "<http://x/#a>"), ("var", "?p"),
                     ("string", "'it'"), ("string", "'s'"), ("punct", "}")]


@pytest.mark.parametrize("update, word", [
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
    ("PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("CLEAR ALL", "CLEAR"),
    ("DROP GRAPH <http://e/g>", "DROP"),
])
def test_updates_are_refused_as_such(update, word):
    with pytest.raises(BadQuery, match=rf"read-only: SPARQL Update \({word}\) is not accepted"):
        inspect_query(update, Limits())


def test_from_clauses_are_read_with_prefixes_and_base():
    info = inspect_query("BASE <http://d.org/> PREFIX g: <http://d.org/graph/> "
                         "SELECT * FROM g:a FROM NAMED <graph/b> WHERE { ?s ?p ?o }", Limits())
    assert info == QueryInfo("SELECT", ("http://d.org/graph/a",), ("http://d.org/graph/b",))


def test_graphs_outside_the_dataset_are_named_as_not_held():
    graphs = frozenset({"http://d.org/graph/a"})
    for info, default, named in [
            (QueryInfo("SELECT", ("http://elsewhere/",)), [], []),
            (QueryInfo("SELECT", (), ("http://elsewhere/",)), [], []),
            (QueryInfo("SELECT"), ["http://elsewhere/", "http://d.org/graph/a"], []),
            (QueryInfo("SELECT"), [], ["http://elsewhere/"])]:
        assert graphs_not_held(choose_dataset(info, default, named), graphs) == ("http://elsewhere/",)
    assert graphs_not_held(choose_dataset(QueryInfo("SELECT", ("http://elsewhere/",)),
                                          ["http://d.org/graph/a"], []), graphs) == ()


def test_protocol_dataset_wins_over_from():
    info = QueryInfo("ASK", ("http://g/1",))
    assert choose_dataset(info, [], ["http://g/2"]) == ((), ("http://g/2",))
    assert choose_dataset(info, [], []) == (("http://g/1",), ())
    assert choose_dataset(QueryInfo("ASK"), [], []) == (None, None)


def test_too_long_a_query_names_the_setting():
    with pytest.raises(QueryTooLong, match=r"100 characters, more than sparql.max_query_length \(99\)"):
        inspect_query("#" * 100, Limits(max_query_length=99))


@pytest.mark.parametrize("module", ["lodpub.sparql.lexer", "lodpub.sparql.safety",
                                    "lodpub.sparql.limits", "lodpub.sparql.formats"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --- the same rules over HTTP, against the running server -------------------------------------

def http(server, query: str | None = None, **parameters) -> tuple[int, str]:
    status, body, _ = http_with_headers(server, query, **parameters)
    return status, body


def http_with_headers(server, query: str | None = None, **parameters):
    fields = {"query": query, **parameters} if query is not None else parameters
    request = urllib.request.Request(server.url + "/sparql",
                                     data=urllib.parse.urlencode(fields, doseq=True).encode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8"), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8"), error.headers


@pytest.mark.parametrize("name", sorted(service_queries("http://x/")))
def test_service_over_http_is_refused_without_a_connection(live_server, listener, name):
    status, body = http(live_server, service_queries(listener.url)[name])
    assert status == 400 and "SERVICE is not allowed" in body
    assert listener.settle() == 0


def test_load_over_http_is_refused_without_a_connection(live_server, listener):
    status, body = http(live_server, f"LOAD <{listener.url}data.ttl>")
    assert status == 400 and "read-only" in body
    status, body = http(live_server, update=f"LOAD <{listener.url}data.ttl>")
    assert status == 400 and "read-only" in body
    assert listener.settle() == 0


def test_an_outside_graph_is_read_as_empty_without_a_connection(live_server, listener):
    """A graph the dataset lacks is empty (as the Protocol's tests expect), never fetched,
    and the answer says which graphs it read as empty."""
    not_held = f"<{listener.url}>"
    for query, parameters in (
            (f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}", {}),
            (f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", {}),
            ("SELECT * WHERE { ?s ?p ?o }", {"default-graph-uri": listener.url}),
            ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", {"named-graph-uri": listener.url})):
        status, body, headers = http_with_headers(live_server, query, **parameters)
        assert status == 200 and json.loads(body)["results"]["bindings"] == [], query
        assert headers["Lodpub-Graphs-Not-Held"] == not_held
        assert "Lodpub-Graphs-Not-Held" in headers["Access-Control-Expose-Headers"]
    status, body, headers = http_with_headers(live_server, "ASK {}", **{"default-graph-uri": listener.url})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert listener.settle() == 0


def test_graphs_of_the_dataset_are_not_named_as_not_held(live_server):
    graph = live_server.url + "/graph/registry/places"
    status, body, headers = http_with_headers(live_server, "ASK { ?s ?p ?o }", **{"default-graph-uri": graph})
    assert status == 200 and json.loads(body)["boolean"] is True
    assert "Lodpub-Graphs-Not-Held" not in headers


def test_from_a_graph_of_the_dataset_reads_only_that_graph(live_server):
    graph = live_server.url + "/graph/registry/places"
    status, body = http(live_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                        **{"named-graph-uri": graph})
    assert status == 200 and graph in body and "registry/people" not in body
    status, body = http(live_server, f"ASK FROM <{graph}> {{ ?s a <http://schema.org/Person> }}")
    assert status == 200 and json.loads(body)["boolean"] is False


def _walls_available(walls: str) -> bool:
    import subprocess
    import sys

    check = {"namespace": "leave_network", "seccomp": "deny_network"}[walls]
    return subprocess.run([sys.executable, "-c", f"import sys; from lodpub.sparql.sandbox import "
                           f"{check}; sys.exit(0 if {check}() else 1)"]).returncode == 0


@pytest.mark.parametrize("walls", ["namespace", "seccomp"])
def test_each_wall_alone_keeps_every_spelling_off_the_network(built_example, listener, walls,
                                                               monkeypatch):
    """Queries given to the evaluator unchecked, with one wall up: none reaches the listener,
    and the engine's attempt is answered 400, as the checks answer what they see."""
    from lodpub.release import current_release
    from lodpub.sparql.engine import Job
    from lodpub.sparql.runner import EvaluatorPool

    if not _walls_available(walls):
        pytest.skip(f"this system does not allow the {walls} wall")
    monkeypatch.setenv("LODPUB_EVALUATOR_WALLS", walls)
    pool = EvaluatorPool(current_release(built_example).store_path)
    try:
        statuses = {}
        for name, query in [*service_queries(listener.url).items(),
                            ("disguised", disguised_service(listener.url))]:
            result = pool.run(Job(query), Limits(timeout=10))
            message = b"".join(result.chunks).decode()
            statuses[name] = (result.status, message.split(":")[0])
            # 200: the engine never needed the service (SILENT, or nothing to join it with);
            # 400: it tried (or the spelling is not SERVICE to it: a syntax error)
            assert result.status in (200, 400), (name, message)
        refused = (400, "SERVICE is not allowed")
        assert statuses["disguised"] == statuses["plain"] == statuses["variable"] == refused
        answered = pool.run(Job("ASK { ?s a <http://schema.org/NewsArticle> }"), Limits())
        assert answered.status == 200 and b"true" in b"".join(answered.chunks)
    finally:
        pool.close()
    assert listener.settle() == 0


@pytest.fixture(scope="module")
def server_without_seccomp(tmp_path_factory):
    """``lodpub serve`` whose evaluators have only the network namespace, no seccomp filter."""
    from conftest import LiveServer, copy_example

    if not _walls_available("namespace"):
        pytest.skip("this system does not allow network namespaces")
    target = copy_example(tmp_path_factory.mktemp("served-without-seccomp") / "example")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LODPUB_EVALUATOR_WALLS", "namespace")
        server = LiveServer(target)
    yield server
    server.stop()


def test_disguised_service_is_400_without_a_connection_even_without_seccomp(
        server_without_seccomp, listener):
    status, body = http(server_without_seccomp, disguised_service(listener.url))
    assert status == 400 and "SERVICE is not allowed" in body
    for name, query in service_queries(listener.url).items():
        status, body = http(server_without_seccomp, query)
        assert status == 400 and "SERVICE is not allowed" in body, name
    assert listener.settle() == 0


def test_a_disguised_from_reads_only_the_dataset_even_without_seccomp(server_without_seccomp,
                                                                      listener):
    status, body = http(server_without_seccomp, disguised_from(listener.url))
    assert status == 200
    articles = json.loads(body)["results"]["bindings"]
    assert articles and all(row["s"]["value"].startswith(server_without_seccomp.url)
                            for row in articles)  # the union of the dataset, not the FROM
    assert listener.settle() == 0
