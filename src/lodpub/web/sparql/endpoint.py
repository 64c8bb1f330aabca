"""``/sparql``: the SPARQL 1.1 Protocol (read-only), the service description and the query page.

A query is checked here (length, SERVICE, updates), then evaluated in one of
this worker's evaluator processes, which is killed at the time limit (see
``lodpub.sparql.runner``). A graph named in the query's dataset that the build
lacks is read as empty, never fetched, and named in ``Lodpub-Graphs-Not-Held``.
With no query, RDF clients get the service description and browsers the query page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, Response, request

from ...errors import BadQuery
from ...formats import PageFormat
from ...sparql.description import FORMATS, SD, graph_sizes, service_description
from ...sparql.engine import Job, serialize_graph
from ...sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, by_media_type, by_name, formats_for
from ...sparql.limits import Limits
from ...sparql.runner import EvaluatorFailed, pool_for
from ...sparql.safety import choose_dataset, graphs_not_held, inspect_query
from ..site.current import Site, current_site
from ..site.negotiation import negotiate
from .page import query_page
from .protocol import read_query_request

blueprint = Blueprint("sparql", __name__)

PATH = "/sparql"
#: Answers up to this size are sent whole (with ETag and gzip); larger ones stream.
STREAM_ABOVE = 256 * 1024
TRUNCATED_HEADER = "Lodpub-Result-Truncated"
#: Names the graphs a query's dataset named that this dataset lacks: they were read as empty.
NOT_HELD_HEADER = "Lodpub-Graphs-Not-Held"
EXPOSED_HEADERS = f"{TRUNCATED_HEADER}, Lodpub-Result-Count, {NOT_HELD_HEADER}"
HTML = PageFormat.HTML.media_type


@blueprint.after_request
def _headers(response: Response) -> Response:
    response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    if request.endpoint == "sparql.endpoint":
        response.vary.add("Accept")
    return response


@blueprint.route(PATH, methods=["GET", "POST"])
def endpoint() -> Response:
    site = current_site()
    limits = Limits.from_config(site.config)
    asked = read_query_request(request, limits)
    if asked.query is None:
        return _discovery(site, limits)
    if request.method == "GET" and not asked.formats and _wants_page():
        return query_page(site, limits, endpoint_iri(site), asked.query)
    info = inspect_query(asked.query, limits, base_iri=endpoint_iri(site))
    if asked.formats:
        chosen = by_name(asked.formats, info.returns_graph)
    else:
        offered = formats_for(info.returns_graph)
        media_types = [media_type for item in offered for media_type in item.media_types]
        chosen = by_media_type(negotiate(media_types, default=offered[0].media_type,
                                         listed=[item.media_type for item in offered]),
                               info.returns_graph)
    default_graph, named_graphs = choose_dataset(info, asked.default_graph_uris, asked.named_graph_uris)
    not_held = graphs_not_held((default_graph, named_graphs), dataset_graphs(site))
    job = Job(asked.query,
              solutions_format=chosen.short_name if not info.returns_graph else "json",
              graph_format=chosen.short_name if info.returns_graph else "ttl",
              default_graph=default_graph, named_graphs=named_graphs,
              base_iri=endpoint_iri(site), max_rows=limits.max_rows,
              truncation_note=limits.truncation_note("triples" if info.returns_graph else "rows"))
    response = _answer(pool_for(site.build.store_path).run(job, limits))
    if not_held:
        response.headers[NOT_HELD_HEADER] = ", ".join(f"<{iri}>" for iri in not_held)
    return response


def _wants_page() -> bool:
    """True when the client prefers HTML to every answer format: a browser following a permalink."""
    accept = request.accept_mimetypes
    if not accept or [value for value, _ in accept] == ["*/*"]:
        return False
    answers = [media_type for item in SOLUTION_FORMATS + GRAPH_FORMATS for media_type in item.media_types]
    return accept.best_match(answers + [HTML]) == HTML


def _answer(result) -> Response:
    if result.status != 200:
        message = b"".join(result.chunks).decode("utf-8")
        if result.status == 400:
            raise BadQuery(message)
        raise EvaluatorFailed(message)
    if result.length <= STREAM_ABOVE:
        response = Response(b"".join(result.chunks), mimetype=result.media_type)
    else:
        response = Response(result.chunks, mimetype=result.media_type)
        response.headers["Content-Length"] = str(result.length)
    if result.media_type.startswith("text/"):
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Lodpub-Result-Count"] = str(result.count)
    if result.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return response


def _discovery(site: Site, limits: Limits) -> Response:
    media_types = [HTML] + [media_type for item in GRAPH_FORMATS for media_type in item.media_types]
    media_type = negotiate(media_types, default=GRAPH_FORMATS[0].media_type,
                           listed=[HTML] + [item.media_type for item in GRAPH_FORMATS])
    if media_type == HTML:
        return query_page(site, limits, endpoint_iri(site), "")
    chosen = by_media_type(media_type, returns_graph=True)
    return Response(_description(site, limits, chosen.short_name), mimetype=chosen.media_type)


@dataclass
class _BuildFacts:
    """What this worker keeps about a build: its graphs and its service descriptions."""

    graphs: frozenset[str]
    descriptions: dict[str, bytes] = field(default_factory=dict)
    default_graph_triples: int | None = None


_facts: dict[Path, _BuildFacts] = {}


def _facts_of(site: Site) -> _BuildFacts:
    facts = _facts.get(site.build.path)
    if facts is None:
        facts = _facts[site.build.path] = _BuildFacts(frozenset(graph_sizes(site.build.manifest)))
    return facts


def dataset_graphs(site: Site) -> frozenset[str]:
    """Return the IRIs of the build's named graphs, the only graphs a query can read."""
    return _facts_of(site).graphs


def _description(site: Site, limits: Limits, format_name: str) -> bytes:
    facts = _facts_of(site)
    if format_name not in facts.descriptions:
        if facts.default_graph_triples is None:  # counted by the build; older builds: now
            facts.default_graph_triples = site.build.manifest.get("defaultGraphTriples") \
                or site.store.default_graph_size()
        description = service_description(
            endpoint_iri(site), site.build.manifest, facts.default_graph_triples, limits,
            site.config["dataset.title"])
        facts.descriptions[format_name] = serialize_graph(
            description, by_name([format_name], returns_graph=True),
            {"sd": str(SD), "formats": str(FORMATS)})
    return facts.descriptions[format_name]


def endpoint_iri(site: Site) -> str:
    """Return the endpoint's IRI: ``sparql`` under the base the build minted its IRIs under."""
    return site.base + PATH.lstrip("/")
