"""Check a query before it runs: its form, its length, and that it reaches nothing outside the dataset.

The checks work on tokens (see ``lexer``), never on raw text, so a comment or a
string that mentions SERVICE is harmless and a real SERVICE is always found.
They are deliberately stricter than the grammar: Oxigraph's parser accepts a
keyword glued to the next word (``?s ?p trueSERVICE<http://…>{}`` is a SERVICE
call for it), so any bare word, language tag or prefix name that *contains*
``service`` is refused, which only ever refuses nonsense or a prefix named
after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from ..errors import BadQuery
from .lexer import Token, tokens, unescape_codepoints, where
from .limits import Limits

QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
#: Levels of nested groups a query may have: far more than any real query needs.
MAX_NESTING = 100
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
SERVICE_REFUSED = ("SERVICE is not allowed: this endpoint never sends requests to other services "
                   "on a query's behalf; query the other service yourself, or download its data "
                   "and this dataset's dumps")
_UPDATE_REFUSED = ("this endpoint is read-only: SPARQL Update ({}) is not accepted, "
                   "and there is no update endpoint")


@dataclass(frozen=True)
class QueryInfo:
    """What the checks learnt about a query.

    *form* is None when the query does not start like any query form; the
    engine's parser then reports the syntax error. *from_graphs* and
    *from_named* are the IRIs of its FROM and FROM NAMED clauses.
    """

    form: str | None
    from_graphs: tuple[str, ...] = ()
    from_named: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)

    @property
    def returns_graph(self) -> bool:
        return self.form in GRAPH_FORMS


def refuse_update(words: str = ", ".join(UPDATE_WORDS)) -> BadQuery:
    return BadQuery(_UPDATE_REFUSED.format(words))


def inspect_query(text: str, limits: Limits, base_iri: str = "") -> QueryInfo:
    """Check *text* and return its form and dataset clauses.

    Raises BadQuery (or QueryTooLong) for a query that is too long, that is
    an update, or that uses SERVICE. Relative IRIs in FROM resolve against
    the query's BASE, else against *base_iri*.

    >>> inspect_query("SELECT * FROM <http://g/1> { ?s ?p ?o } # SERVICE", Limits()).from_graphs
    ('http://g/1',)
    >>> inspect_query("ASK { ?s ?p trueSERVICE<http://x/>{} }", Limits())
    Traceback (most recent call last):
    lodpub.errors.BadQuery: SERVICE is not allowed (line 1, column 13): ...
    """
    limits.check_length(text)
    found = list(tokens(text))
    _refuse_deep_nesting(found, text)
    _refuse_service(found, text)
    if "\\u" in text or "\\U" in text:
        unescaped = unescape_codepoints(text)
        _refuse_service(list(tokens(unescaped)), unescaped)
    return _read_structure(found, text, base_iri)


def _refuse_deep_nesting(found: list[Token], text: str) -> None:
    """Refuse groups (``{}``, ``()``, ``[]``) nested deeper than :data:`MAX_NESTING`: the
    engine's parser recurses once per level, and thousands of levels crash it."""
    depth = 0
    for token in found:
        if token.kind != "punct":
            continue
        if token.text in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise BadQuery(
                    f"the query nests groups more than {MAX_NESTING} deep ({where(text, token.start)}); "
                    "this endpoint accepts at most that many levels of { }, ( ) and [ ]",
                    hint="write the query with fewer nested groups")
        elif token.text in "})]":
            depth = max(depth - 1, 0)


def _refuse_service(found: list[Token], text: str) -> None:
    for token in found:
        words = token.prefix if token.kind == "pname" else (
            token.text if token.kind in ("word", "langtag") else "")
        if "service" in words.casefold():
            raise BadQuery(
                f"SERVICE is not allowed ({where(text, token.start)}): this endpoint "
                "never sends requests to other services on a query's behalf; query the other "
                "service yourself, or download its data and this dataset's dumps")


def _read_structure(found: list[Token], text: str, base: str) -> QueryInfo:
    prefixes: dict[str, str] = {}
    index = 0
    while index < len(found) and found[index].kind == "word":
        keyword = found[index].text.upper()
        following = found[index + 1:index + 3]
        if keyword == "BASE" and following and following[0].kind == "iri":
            base = urljoin(base, following[0].text[1:-1])
            index += 2
        elif (keyword == "PREFIX" and len(following) == 2 and following[0].kind == "pname"
              and following[1].kind == "iri"):
            prefixes[following[0].prefix] = urljoin(base, following[1].text[1:-1])
            index += 3
        else:
            break
    first = found[index] if index < len(found) else None
    word = first.text.upper() if first is not None and first.kind == "word" else ""
    for update in UPDATE_WORDS:
        if word.startswith(update):
            raise refuse_update(update)
    form = next((name for name in QUERY_FORMS if word.startswith(name)), None)
    graphs: dict[bool, list[str]] = {False: [], True: []}
    position = index
    while position < len(found):
        token = found[position]
        position += 1
        if token.kind != "word" or token.text.upper() != "FROM":
            continue
        named = position < len(found) and found[position].kind == "word" \
            and found[position].text.upper() == "NAMED"
        position += named
        if position < len(found):
            graphs[named].append(_iri(found[position], text, prefixes, base))
    return QueryInfo(form, tuple(graphs[False]), tuple(graphs[True]))


def _iri(token: Token, text: str, prefixes: dict[str, str], base: str) -> str:
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "pname" and token.prefix in prefixes:
        local = token.text.split(":", 1)[1]
        return prefixes[token.prefix] + _unescape_local(local)
    raise BadQuery(f"FROM ({where(text, token.start)}) must be followed by an IRI "
                   f"or a prefixed name with a declared prefix, not {token.text!r}")


def _unescape_local(local: str) -> str:
    out, index = [], 0
    while index < len(local):
        if local[index] == "\\" and index + 1 < len(local):
            out.append(local[index + 1])
            index += 2
        else:
            out.append(local[index])
            index += 1
    return "".join(out)


def choose_dataset(info: QueryInfo, default_graph_uris: list[str],
                   named_graph_uris: list[str]) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    """Return (default graph, named graphs) for a query, None meaning the whole dataset.

    The protocol's ``default-graph-uri`` and ``named-graph-uri`` win over the
    query's FROM and FROM NAMED, as the SPARQL Protocol says; without either,
    the default graph is the union of all named graphs.

    >>> choose_dataset(QueryInfo("ASK", ("http://g/1",)), [], [])
    (('http://g/1',), ())
    >>> choose_dataset(QueryInfo("ASK", ("http://g/1",)), ["http://g/2"], [])
    (('http://g/2',), ())
    """
    if default_graph_uris or named_graph_uris:
        return tuple(default_graph_uris), tuple(named_graph_uris)
    if info.has_dataset:
        return info.from_graphs, info.from_named
    return None, None


def graphs_not_held(dataset: tuple[tuple[str, ...] | None, tuple[str, ...] | None],
                    graphs: frozenset[str]) -> tuple[str, ...]:
    """Return the graphs *dataset* names that are not among *graphs*, each once.

    The engine reads such a graph as empty: nothing outside the dataset is ever
    fetched, and the endpoint says which graphs it read as empty.

    >>> graphs_not_held((("http://g/1", "http://elsewhere/"), ("http://elsewhere/",)), frozenset({"http://g/1"}))
    ('http://elsewhere/',)
    >>> graphs_not_held((None, None), frozenset())
    ()
    """
    named = [iri for part in dataset for iri in part or ()]
    return tuple(dict.fromkeys(iri for iri in named if iri not in graphs))
