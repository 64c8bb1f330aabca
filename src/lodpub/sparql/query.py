"""Run one SPARQL query on a release, as the endpoint would, and return its results as values.

The query goes through the endpoint's checks and limits (SERVICE and updates
refused, sparql.timeout, sparql.max_rows, sparql.max_query_length) and runs in an
evaluator process, as on the server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from ..config import Config
from ..errors import BadQuery, LodpubError
from ..formats import ResultsFormat
from ..release import Release
from .description import graph_sizes
from .engine import Job
from .formats import GRAPH_FORMATS
from .limits import Limits
from .runner import pool_for
from .safety import choose_dataset, graphs_not_held, inspect_query


@dataclass(frozen=True)
class QueryResult:
    """What a query answered: the body in the format asked for, and its values.

    ``rows``, ``variables`` and ``boolean`` read SPARQL JSON results, ``graph`` reads
    N-Triples or Turtle; ``body`` is there whatever the format. ``graphs_not_held``
    are the graphs the query named (FROM, FROM NAMED) that the dataset lacks: they
    were read as empty.
    """

    body: bytes
    media_type: str
    truncated: bool = False
    graphs_not_held: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @cached_property
    def _json(self) -> dict:
        if self.media_type != ResultsFormat.JSON.media_type:
            raise ValueError(f"results in {self.media_type} have no rows; ask for the json format")
        return json.loads(self.body)

    @property
    def boolean(self) -> bool | None:
        """The answer of an ASK query, None for other queries."""
        return self._json.get("boolean")

    @property
    def variables(self) -> list[str]:
        return self._json.get("head", {}).get("vars", [])

    @property
    def rows(self) -> list[dict]:
        """The solutions of a SELECT query, each a dict of variable → rdflib term."""
        return [{name: _term(value) for name, value in binding.items()}
                for binding in self._json.get("results", {}).get("bindings", [])]

    @property
    def graph(self):
        """The triples of a CONSTRUCT or DESCRIBE query as an rdflib Graph."""
        from rdflib import Graph

        media_type = self.media_type.split(";", 1)[0]
        fmt = next((item for item in GRAPH_FORMATS if item.media_type == media_type), None)
        if fmt is None:
            raise ValueError(f"results in {self.media_type} are not a graph")
        return Graph().parse(data=self.body, format=fmt.rdflib_name)


def run_query(release: Release, config: Config, sparql: str, *, solutions_format: str = "json",
              graph_format: str = "nt") -> QueryResult:
    """Run *sparql* on *release*; SELECT and ASK answer in *solutions_format*, CONSTRUCT and
    DESCRIBE in *graph_format* (names of the endpoint's formats: json, csv, tsv, xml; ttl,
    nt, jsonld, rdf). Raise BadQuery for a query the endpoint refuses."""
    limits = Limits.from_config(config)
    info = inspect_query(sparql, limits)
    default_graph, named_graphs = choose_dataset(info, [], [])
    not_held = graphs_not_held((default_graph, named_graphs), frozenset(graph_sizes(release.manifest)))
    job = Job(sparql, solutions_format=solutions_format, graph_format=graph_format,
              default_graph=default_graph, named_graphs=named_graphs,
              base_iri=release.base + "sparql", max_rows=limits.max_rows,
              truncation_note=limits.truncation_note("triples" if info.returns_graph else "rows"))
    pool = pool_for(release.store_path)
    try:
        result = pool.run(job, limits)
        body = b"".join(result.chunks)
    finally:
        pool.close()
    if result.status == 400:
        raise BadQuery(body.decode("utf-8"))
    if result.status != 200:
        raise LodpubError(body.decode("utf-8"))
    return QueryResult(body, result.media_type, result.truncated, not_held)


def _term(value: dict):
    from rdflib import BNode, Literal, URIRef

    if value["type"] == "uri":
        return URIRef(value["value"])
    if value["type"] == "bnode":
        return BNode(value["value"])
    return Literal(value["value"], lang=value.get("xml:lang"), datatype=value.get("datatype"))
