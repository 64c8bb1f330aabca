"""The embedded store (Oxigraph): load, query and serialise. The only module that knows it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from .formats import RdfFormat


def to_oxigraph(term):
    """Convert an rdflib term to its pyoxigraph twin."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term):
    """Convert a pyoxigraph term to its rdflib twin (the inverse of to_oxigraph)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"cannot convert {term!r}")


def graph_quads(graph: Graph, graph_name: str) -> Iterable[ox.Quad]:
    name = ox.NamedNode(graph_name)
    for subject, predicate, obj in graph:
        yield ox.Quad(to_oxigraph(subject), to_oxigraph(predicate), to_oxigraph(obj), name)


def nquads(graph: Graph) -> bytes:
    """The named *graph* as N-Quads, one line per quad, lines sorted (the same graph gives
    the same bytes)."""
    lines = ox.serialize(graph_quads(graph, str(graph.identifier)), format=ox.RdfFormat.N_QUADS)
    return b"".join(sorted(lines.splitlines(keepends=True)))


def parse_nquads(data: bytes) -> list[ox.Quad]:
    return list(ox.parse(data, ox.RdfFormat.N_QUADS))


def serialize_quads(quads: Iterable[ox.Quad], fmt: RdfFormat, prefixes: dict[str, str] | None = None,
                    triples: bool = False) -> bytes:
    """Write *quads* in *fmt*; with *triples*, their triples (the graph left out)."""
    items = (quad.triple for quad in quads) if triples else quads
    return ox.serialize(items, format=fmt.oxigraph, **_prefix_option(fmt, prefixes))


class DataStore:
    """A dataset of named graphs in Oxigraph; the default graph is their union."""

    def __init__(self, store: ox.Store):
        self._store = store

    @classmethod
    def create(cls, path: Path | None = None) -> "DataStore":
        """Open a new writable store on disk at *path*, or in memory when None."""
        return cls(ox.Store(str(path)) if path is not None else ox.Store())

    @classmethod
    def open_read_only(cls, path: Path) -> "DataStore":
        return cls(ox.Store.read_only(str(path)))

    @classmethod
    def copy_of(cls, source: Path, target: Path) -> "DataStore":
        """Open a writable copy at *target* of the store at *source*, left as it is.

        The copy is a checkpoint: on one file system it shares the immutable data files
        by hard links, so its cost does not grow with the data.
        """
        ox.Store.read_only(str(source)).backup(str(target))
        return cls(ox.Store(str(target)))

    def load_nquads(self, data: bytes) -> None:
        """Add the quads of an N-Quads document, in one bulk load."""
        if data:
            self._store.bulk_load(data, ox.RdfFormat.N_QUADS)

    def graph_nquads(self, graph_name: str) -> bytes:
        """The named graph *graph_name* as N-Quads, lines sorted."""
        quads = self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_name))
        lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        return b"".join(sorted(lines.splitlines(keepends=True)))

    def remove_graph(self, graph_name: str) -> None:
        self._store.remove_graph(ox.NamedNode(graph_name))

    def triples_about(self, subject) -> list[tuple[str, tuple]]:
        """Every (graph, triple) with the rdflib term *subject* as subject, as rdflib terms."""
        return [(quad.graph_name.value, (subject, to_rdflib(quad.predicate), to_rdflib(quad.object)))
                for quad in self._store.quads_for_pattern(to_oxigraph(subject), None, None, None)
                if isinstance(quad.graph_name, ox.NamedNode)]

    def add_graph(self, graph: Graph, graph_name: str) -> None:
        self._store.bulk_extend(graph_quads(graph, graph_name))

    def add_graphs(self, named: Iterable[tuple[Graph, str]]) -> None:
        """Load many graphs in one bulk load: one call, not one per graph, keeps the
        database's files few and the load fast."""
        self._store.bulk_extend(quad for graph, name in named for quad in graph_quads(graph, name))

    def flush(self) -> None:
        self._store.flush()

    def optimize(self) -> None:
        self._store.optimize()

    def __len__(self) -> int:
        return len(self._store)

    def default_graph_size(self) -> int:
        """How many triples the default graph (the union of the named graphs) holds."""
        row = next(iter(self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
        return int(row["n"].value)

    def query(self, sparql: str, **options):
        """Run *sparql* with the union of the named graphs as default graph."""
        if "default_graph" not in options:
            options["use_default_graph_as_union"] = True
        return self._store.query(sparql, **options)

    def select_quads(self, sparql: str) -> list:
        """Run a SELECT that binds ?s ?p ?o (and ?g, the graph) and return its distinct rows as quads.

        A row whose ?g is unbound belongs to the default graph.
        """
        rows = {}
        for row in self.query(sparql):
            graph = row["g"]
            rows[ox.Quad(row["s"], row["p"], row["o"],
                         graph if graph is not None else ox.DefaultGraph())] = None
        return list(rows)

    def dump(self, output, fmt: RdfFormat, prefixes: dict[str, str] | None = None) -> None:
        """Write every named graph to *output* (a path or binary file), in the engine.

        Formats without named graphs get the union of the graphs as triples.
        """
        if fmt.has_graphs:
            self._store.dump(output, fmt.oxigraph, **_prefix_option(fmt, prefixes))
            return
        union = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        if fmt is RdfFormat.NTRIPLES:
            union.serialize(output, fmt.oxigraph)  # no prefixes to write: all in the engine
        else:
            ox.serialize(union, output, fmt.oxigraph, **_prefix_option(fmt, prefixes))

    def serialize_triples(self, triples: Iterable, fmt: RdfFormat,
                          prefixes: dict[str, str] | None = None) -> bytes:
        options = {"prefixes": prefixes} if prefixes and fmt in (
            RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDFXML, RdfFormat.JSONLD) else {}
        return ox.serialize(triples, format=fmt.oxigraph, **options)


def _prefix_option(fmt: RdfFormat, prefixes: dict[str, str] | None) -> dict:
    if prefixes and fmt not in (RdfFormat.NTRIPLES, RdfFormat.NQUADS):
        return {"prefixes": prefixes}
    return {}


def convert(data: bytes, source: RdfFormat, target: RdfFormat,
            prefixes: dict[str, str] | None = None) -> bytes:
    """Parse *data* written in *source* and write it in *target*, blank node labels kept.

    Named graphs need a *target* that has them (TriG, N-Quads, JSON-LD).

    >>> convert(b'<http://x/a> <http://x/p> "1" .', RdfFormat.NTRIPLES, RdfFormat.TURTLE, {"x": "http://x/"})
    b'@prefix x: <http://x/> .\\nx:a x:p "1" .\\n'
    """
    quads = ox.parse(data, source.oxigraph)
    items = quads if target.has_graphs else (quad.triple for quad in quads)
    options = {"prefixes": prefixes} if prefixes and target in (
        RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.RDFXML) else {}
    return ox.serialize(items, format=target.oxigraph, **options)
