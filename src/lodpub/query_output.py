"""Run a SPARQL query on a build and print its results for a terminal or a script.

The query goes through the endpoint's checks and limits (SERVICE and updates
refused, sparql.timeout, sparql.max_rows, sparql.max_query_length) and runs in
an evaluator process, as on the server.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from .release import Release
from .config import Config
from .errors import BadQuery, LodpubError
from .sparql.description import graph_sizes
from .sparql.engine import Job
from .sparql.limits import Limits
from .sparql.runner import pool_for
from .sparql.safety import choose_dataset, inspect_query

#: Output format → (format for SELECT and ASK, format for CONSTRUCT and DESCRIBE).
FORMATS = {"table": ("json", "ttl"), "csv": ("csv", "nt"), "json": ("json", "jsonld")}


def print_results(build: Release, config: Config, sparql: str, output_format: str, out: TextIO) -> None:
    """Run *sparql* on *build* and write its results to *out* as a table, CSV or JSON."""
    limits = Limits.from_config(config)
    info = inspect_query(sparql, limits)
    default_graph, named_graphs = choose_dataset(info, [], [], frozenset(graph_sizes(build.manifest)))
    solutions_format, graph_format = FORMATS[output_format]
    job = Job(sparql, solutions_format=solutions_format, graph_format=graph_format,
              default_graph=default_graph, named_graphs=named_graphs, base_iri=build.base + "sparql",
              max_rows=limits.max_rows,
              truncation_note=limits.truncation_note("triples" if info.returns_graph else "rows"))
    pool = pool_for(build.store_path)
    try:
        result = pool.run(job, limits)
        body = b"".join(result.chunks)
    finally:
        pool.close()
    if result.status == 400:
        raise BadQuery(body.decode("utf-8"))
    if result.status != 200:
        raise LodpubError(body.decode("utf-8"))
    if output_format == "table" and result.media_type == "application/sparql-results+json":
        _print_table(json.loads(body), out)
    else:
        text = body.decode("utf-8")
        out.write(text if text.endswith("\n") else text + "\n")
    if result.truncated:
        print(f"note: {limits.truncation_note()}", file=sys.stderr)


def _print_table(data: dict, out: TextIO) -> None:
    if "boolean" in data:
        out.write("yes\n" if data["boolean"] else "no\n")
        return
    names = data["head"]["vars"]
    rows = [[_cell(binding.get(name)) for name in names] for binding in data["results"]["bindings"]]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    line = "  ".join(name.ljust(width) for name, width in zip(names, widths))
    out.write(line.rstrip() + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(term: dict | None) -> str:
    if term is None:
        return ""
    if term["type"] == "literal" and "xml:lang" in term:
        return f"{term['value']}@{term['xml:lang']}"
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    return term["value"]
