"""Run a checked query on the store and serialise its answer, capped at the row limit.

Engine-specific: it reads Oxigraph's result objects. SELECT results are
written here (Oxigraph's own writers cannot stop at a row cap); booleans and
RDF go through Oxigraph's serialisers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import islice
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..formats import RdfFormat, ResultsFormat
from ..namespaces import PREFIXES
from ..store import DataStore, to_oxigraph
from .formats import GRAPH_FORMATS, SOLUTION_FORMATS, OutputFormat

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PREFIXES = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
#: The graph formats that write prefixes.
_WITH_PREFIXES = (RdfFormat.TURTLE, RdfFormat.RDFXML)


@dataclass(frozen=True)
class Job:
    """A checked query and how to answer it.

    *default_graph* None means the union of the named graphs; *named_graphs*
    None means all of them.
    """

    query: str
    solutions_format: str = "json"
    graph_format: str = "ttl"
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    max_rows: int = 10000
    truncation_note: str = ""


@dataclass
class Answer:
    """The serialised answer, or an error status and message."""

    status: int = 200
    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    count: int = 0
    message: str = ""


def evaluate(store: DataStore, job: Job) -> Answer:
    """Run *job* on *store*; a malformed query gives a 400 answer with the parser's message."""
    options: dict = {"base_iri": job.base_iri} if job.base_iri else {}
    if job.default_graph is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graph]
    if job.named_graphs is not None:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs]
    try:
        results = store.query(job.query, **options)
        if isinstance(results, ox.QueryBoolean):
            return _boolean(bool(results), _format(SOLUTION_FORMATS, job.solutions_format))
        if isinstance(results, ox.QueryTriples):
            return _graph(results, _format(GRAPH_FORMATS, job.graph_format), job)
        return _solutions(results, _format(SOLUTION_FORMATS, job.solutions_format), job)
    except SyntaxError as exc:
        return Answer(400, message=f"malformed SPARQL query: {exc}")
    except ValueError as exc:
        return Answer(400, message=f"the query cannot be evaluated: {exc}")


def _format(offered: tuple[OutputFormat, ...], name: str) -> OutputFormat:
    """The chosen format, or the kind's default when the query's form was guessed wrong."""
    for item in offered:
        if item.short_name == name:
            return item
    return offered[0]


def _boolean(value: bool, fmt: OutputFormat) -> Answer:
    if fmt is ResultsFormat.JSON:
        body = json.dumps({"head": {}, "boolean": value}, separators=(",", ":")).encode()
    elif fmt is ResultsFormat.XML:
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/'
                f'sparql-results#"><head/><boolean>{str(value).lower()}</boolean></sparql>\n').encode()
    else:
        is_csv = fmt is ResultsFormat.CSV
        body = ("_askResult\r\n" if is_csv else "?_askResult\n").encode() + (
            b"true" if value else b"false") + (b"\r\n" if is_csv else b"\n")
    return Answer(media_type=fmt.media_type, body=body, count=1)


def _solutions(solutions, fmt: OutputFormat, job: Job) -> Answer:
    names = [variable.value for variable in solutions.variables]
    rows = list(islice(solutions, job.max_rows + 1))
    truncated = len(rows) > job.max_rows
    rows = rows[:job.max_rows]
    writer = _WRITERS[fmt]
    body = writer(names, rows, job.truncation_note if truncated else "")
    return Answer(media_type=fmt.media_type, body=body, truncated=truncated, count=len(rows))


def _graph(triples, fmt: OutputFormat, job: Job) -> Answer:
    distinct: dict = {}
    for triple in triples:
        distinct[triple] = None
        if len(distinct) > job.max_rows:
            break
    truncated = len(distinct) > job.max_rows
    kept = list(distinct)[:job.max_rows]
    body = ox.serialize(kept, format=fmt.oxigraph,
                        **({"prefixes": _PREFIXES} if fmt in _WITH_PREFIXES else {}))
    if truncated:
        body = _note_in_graph(body, fmt, job.truncation_note)
    return Answer(media_type=fmt.media_type, body=body, truncated=truncated, count=len(kept))


def _note_in_graph(body: bytes, fmt: OutputFormat, note: str) -> bytes:
    if fmt in (RdfFormat.TURTLE, RdfFormat.NTRIPLES):
        return f"# {note}\n".encode() + body
    if fmt is RdfFormat.RDFXML:
        declaration, _, rest = body.partition(b"\n")
        return declaration + f"\n<!-- {escape(note)} -->\n".encode() + rest
    data = json.loads(body)
    wrapped = {"@graph": data} if isinstance(data, list) else data
    wrapped.update({"truncated": True, "note": note})
    return json.dumps(wrapped, ensure_ascii=False).encode()


def _json_term(term) -> dict:
    kind = type(term)
    if kind is ox.NamedNode:
        return {"type": "uri", "value": term.value}
    if kind is ox.Literal:
        encoded = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            encoded["datatype"] = term.datatype.value
        return encoded
    if kind is ox.BlankNode:
        return {"type": "bnode", "value": term.value}
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _memo(encode):
    """Return *encode* remembering its answers: results repeat the same terms a lot."""
    known: dict = {}

    def remembered(term):
        encoded = known.get(term)
        if encoded is None:
            encoded = known[term] = encode(term)
        return encoded

    return remembered


def _json(names: list[str], rows: list, note: str) -> bytes:
    encode = _memo(_json_term)
    bindings = [{name: encode(term) for name, term in zip(names, row) if term is not None}
                for row in rows]
    document: dict = {"head": {"vars": names}, "results": {"bindings": bindings}}
    if note:
        document.update({"truncated": True, "note": note})
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term) -> str:
    kind = type(term)
    if kind is ox.NamedNode:
        return f"<uri>{escape(term.value)}</uri>"
    if kind is ox.Literal:
        if term.language:
            attribute = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attribute = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attribute = ""
        return f"<literal{attribute}>{escape(term.value)}</literal>"
    if kind is ox.BlankNode:
        return f"<bnode>{escape(term.value)}</bnode>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>"
            f"{_xml_term(term.predicate)}</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(names: list[str], rows: list, note: str) -> bytes:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if note:
        out.append(f"<!-- {escape(note)} -->")
    out.append("<head>" + "".join(f"<variable name={quoteattr(name)}/>" for name in names) + "</head>")
    out.append("<results>")
    encode = _memo(_xml_term)
    for row in rows:
        out.append("<result>" + "".join(
            f"<binding name={quoteattr(name)}>{encode(term)}</binding>"
            for name, term in zip(names, row) if term is not None) + "</result>")
    out.append("</results></sparql>\n")
    return "\n".join(out).encode()


def _csv_term(term) -> str:
    if term is None:
        return ""
    if type(term) is ox.BlankNode:
        return f"_:{term.value}"
    if type(term) in (ox.NamedNode, ox.Literal):
        return term.value
    return str(term)


def _csv(names: list[str], rows: list, note: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([_csv_term(term) for term in row] for row in rows)
    return buffer.getvalue().encode()


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _tsv_term(term) -> str:
    if term is None:
        return ""
    kind = type(term)
    if kind is ox.Literal:
        text = f'"{term.value.translate(_TSV_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype.value
        return text if datatype == XSD_STRING else f"{text}^^<{datatype}>"
    return str(term)


def _tsv(names: list[str], rows: list, note: str) -> bytes:
    lines = ["\t".join(f"?{name}" for name in names)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()



_WRITERS = {ResultsFormat.JSON: _json, ResultsFormat.XML: _xml, ResultsFormat.CSV: _csv,
            ResultsFormat.TSV: _tsv}

def serialize_graph(graph, fmt: OutputFormat, prefixes: dict[str, str]) -> bytes:
    """Serialise a small rdflib *graph* (a service description) in *fmt* with Oxigraph."""
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
               for s, p, o in sorted(graph, key=lambda triple: tuple(map(str, triple)))]
    return ox.serialize(triples, format=fmt.oxigraph,
                        **({"prefixes": {**_PREFIXES, **prefixes}} if fmt in _WITH_PREFIXES else {}))
