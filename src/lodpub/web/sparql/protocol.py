"""Read a SPARQL 1.1 Protocol query request: GET, POST form or POST direct, nothing else.

Every malformed request is refused with 400 and a message that names the part
of the request at fault; an update, in any of its forms, is refused as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Request

from ...errors import BadQuery
from ...sparql.limits import Limits, QueryTooLong
from ...sparql.safety import refuse_update

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
UPDATE_PARAMETERS = ("update", "using-graph-uri", "using-named-graph-uri")
#: Bytes of body allowed per character of sparql.max_query_length (percent-encoded UTF-8 takes up to 12).
BYTES_PER_CHARACTER = 12


@dataclass(frozen=True)
class QueryRequest:
    """The parts of a query request; *query* is None for a GET without one (discovery)."""

    query: str | None
    default_graph_uris: list[str]
    named_graph_uris: list[str]
    formats: list[str]


def read_query_request(request: Request, limits: Limits) -> QueryRequest:
    """Return the query request in *request*, or raise BadQuery (QueryTooLong) saying what is wrong."""
    if request.method == "GET":
        return _parts(request.args, in_body=False)
    mimetype = request.mimetype
    if mimetype == UPDATE:
        raise refuse_update()
    if mimetype not in (FORM, DIRECT):
        found = f"Content-Type {mimetype}" if mimetype else "no Content-Type"
        raise BadQuery(f"a SPARQL query sent by POST needs Content-Type {FORM} (with query=…) or "
                       f"{DIRECT} (the query as the body), not {found}")
    _check_body_size(request, limits)
    if mimetype == FORM:
        parameters = request.args.copy()
        for name, values in request.form.lists():
            parameters.setlist(name, parameters.getlist(name) + values)
        return _parts(parameters, in_body=True)
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise BadQuery(f"the query body must be UTF-8, as the SPARQL Protocol requires, not {charset}")
    if "query" in request.args:
        raise BadQuery(f"a POST with Content-Type {DIRECT} carries the query as its body; "
                       "remove the query parameter from the URL")
    try:
        text = request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadQuery(f"the query body is not UTF-8 (byte {exc.start})") from None
    parts = _parts(request.args, in_body=False)
    return QueryRequest(text, parts.default_graph_uris, parts.named_graph_uris, parts.formats)


def _parts(parameters, in_body: bool) -> QueryRequest:
    for name in UPDATE_PARAMETERS:
        if name in parameters:
            raise refuse_update()
    queries = parameters.getlist("query")
    if len(queries) > 1:
        raise BadQuery(f"the query parameter appears {len(queries)} times; send exactly one query")
    if in_body and not queries:
        raise BadQuery("the form has no query parameter; send query=<the SPARQL query>")
    return QueryRequest(queries[0] if queries else None, parameters.getlist("default-graph-uri"),
                        parameters.getlist("named-graph-uri"), parameters.getlist("format"))


def _check_body_size(request: Request, limits: Limits) -> None:
    allowed = max(limits.max_query_length * BYTES_PER_CHARACTER, 64 * 1024)
    if request.content_length is not None and request.content_length > allowed:
        raise QueryTooLong(
            f"the request body has {request.content_length} bytes, too many for a query of at most "
            f"{limits.max_query_length} characters (sparql.max_query_length)",
            hint="shorten the query, or raise the limit in lodpub.toml: [sparql] max_query_length = ...")
    request.max_content_length = allowed
