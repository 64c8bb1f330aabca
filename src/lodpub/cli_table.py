"""Query results as a table for a terminal (``lodpub query``)."""

from __future__ import annotations

from typing import TextIO


def print_table(result, out: TextIO) -> None:
    """Write a SELECT result as aligned columns with a row count, an ASK result as yes or no."""
    if result.boolean is not None:
        out.write("yes\n" if result.boolean else "no\n")
        return
    names = result.variables
    rows = [[_cell(row.get(name)) for name in names] for row in result.rows]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    line = "  ".join(name.ljust(width) for name, width in zip(names, widths))
    out.write(line.rstrip() + "\n")
    out.write("  ".join("-" * width for width in widths) + "\n")
    for row in rows:
        out.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def _cell(term) -> str:
    """A term as the table shows it: a literal with its language tag, a blank node as _:id.

    >>> from rdflib import BNode, Literal, URIRef
    >>> _cell(Literal("Vännäs", lang="sv")), _cell(BNode("b1")), _cell(URIRef("http://x/a")), _cell(None)
    ('Vännäs@sv', '_:b1', 'http://x/a', '')
    """
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, Literal) and term.language:
        return f"{term}@{term.language}"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
