"""Run a SPARQL query on a store and print its results for a terminal or a script."""

from __future__ import annotations

from typing import TextIO

import pyoxigraph as ox

from .errors import BadQuery
from .formats import RdfFormat
from .namespaces import PREFIXES
from .store import DataStore

_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "json": ox.QueryResultsFormat.JSON}


def run_query(store: DataStore, sparql: str):
    """Run *sparql*; a malformed query raises BadQuery with the parser's message."""
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise BadQuery(f"malformed SPARQL query: {exc}") from None


def print_results(store: DataStore, sparql: str, output_format: str, out: TextIO) -> None:
    results = run_query(store, sparql)
    if isinstance(results, ox.QueryBoolean):
        if output_format == "table":
            out.write("yes\n" if bool(results) else "no\n")
        else:
            out.write(results.serialize(format=_RESULT_FORMATS[output_format]).decode("utf-8"))
            out.write("\n")
    elif isinstance(results, ox.QueryTriples):
        fmt = RdfFormat.NTRIPLES if output_format == "csv" else (
            RdfFormat.JSONLD if output_format == "json" else RdfFormat.TURTLE)
        prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        out.write(store.serialize_triples(results, fmt, prefixes).decode("utf-8"))
    elif output_format == "table":
        _print_table(results, out)
    else:
        out.write(results.serialize(format=_RESULT_FORMATS[output_format]).decode("utf-8"))
        if output_format == "json":
            out.write("\n")


def _print_table(solutions, out: TextIO) -> None:
    names = [variable.value for variable in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    line = "  ".join(name.ljust(width) for name, width in zip(names, widths))
    out.write(line.rstrip() + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)
