"""``/ldes`` and ``/catalog/feed``: the event log as Linked Data Event Streams (LDES 1.0 with TREE).

Two streams, one form. ``/ldes`` holds every create, update and delete of a
resource of the dataset; ``/catalog/feed`` holds those of the catalog's entities
and follows the DCAT-AP Feeds profile. Each member is an activity
(``as:Create``, ``as:Update`` or ``as:Delete``) whose ``as:object`` is the
resource and ``as:published`` the time of the build that made the change; the
resource's description as of that change is in the named graph that has the
member's IRI as its name (a delete has none).

The stream's IRI is ``{root}#stream`` and its view is the root page, which holds
the first events and one pair of relations (``as:published`` at least the page's
first time, at most its last) to every later page. A page that has a successor
never changes: it says ``ldes:immutable true`` and is sent with
``Cache-Control: immutable``; the root and the newest page are cached for the
polling interval only. Retention: every event is kept for good; the retention
policy says so with the time of the first event (``ldes:startingFrom``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, redirect

from ...errors import NotFound
from ...formats import RdfFormat
from ...publish.catalog import catalog_iri
from ...publish.changelog import CATALOG, CREATE, DATA, DELETE, UPDATE, Event, Page
from ...publish.members import rename_blanks
from ...store import convert
from ..site.current import current_site
from ..site.negotiation import negotiate
from .state import harvest_state

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
AS = "https://www.w3.org/ns/activitystreams#"
LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
ACTIVITY_SHAPE = "https://semiceu.github.io/LDES-DCAT-AP-feeds/shape.ttl#ActivityShape"
ACTIVITIES = {CREATE: AS + "Create", UPDATE: AS + "Update", DELETE: AS + "Delete"}
IMMUTABLE = "public, max-age=604800, immutable"
FORMATS = (RdfFormat.TRIG, RdfFormat.JSONLD, RdfFormat.NQUADS)
PREFIXES = {"ldes": LDES, "tree": TREE, "as": AS, "sh": SH, "dcat": DCAT}


@dataclass(frozen=True)
class Stream:
    """One event stream: which log it shows, where, and the shape its members meet."""

    log: str
    path: str
    titles: dict[str, str]
    shape: str | None = None       # None: lodpub describes its own member shape

    def url(self, base: str, rest: str = "") -> str:
        return f"{base}{self.path}{rest}"


STREAMS = {
    DATA: Stream(DATA, "ldes", {"en": "Changes of the dataset's resources",
                                "sv": "Ändringar av datamängdens resurser"}),
    CATALOG: Stream(CATALOG, "catalog/feed", {"en": "Changes of the DCAT-AP catalog",
                                              "sv": "Ändringar av DCAT-AP-katalogen"}, ACTIVITY_SHAPE),
}


def root(stream: Stream) -> Response:
    """The stream, its view and the events of its first page."""
    base, state = current_site().base, harvest_state()
    pages = state.log.pages(stream.log)
    quads = _Quads()
    _describe_stream(quads, stream, base, pages)
    for event in state.log.page_events(stream.log, 0):
        _member(quads, stream, base, event)
    return _respond(quads, f"public, max-age={_polling()}")


def page(stream: Stream, number: int) -> Response:
    """A later page of the stream: its events; immutable once a later page exists."""
    base, state = current_site().base, harvest_state()
    if number == 0:
        return redirect(stream.url(base), 301)
    pages = {item.number: item for item in state.log.pages(stream.log)}
    if number not in pages:
        raise NotFound(f"the stream {stream.url(base)} has no page {number}",
                       hint=f"start at {stream.url(base)}, which links every page")
    immutable = number < max(pages)
    node, quads = stream.url(base, f"/page/{number}"), _Quads()
    quads.add(_iri(node), RDF + "type", _iri(TREE + "Node"))
    quads.add(_iri(node), DCT + "isPartOf", _iri(stream.url(base, "#stream")))
    if immutable:
        quads.add(_iri(node), LDES + "immutable", _literal("true", XSD + "boolean"))
    for event in state.log.page_events(stream.log, number):
        _member(quads, stream, base, event)
    return _respond(quads, IMMUTABLE if immutable else f"public, max-age={_polling()}")


def member(stream: Stream, seq: int) -> Response:
    """One member on its own: the activity and its named graph."""
    base = current_site().base
    event = harvest_state().log.event(stream.log, seq)
    if event is None:
        raise NotFound(f"the stream {stream.url(base)} has no event {seq}",
                       hint=f"start at {stream.url(base)}")
    quads = _Quads()
    _member(quads, stream, base, event)
    return _respond(quads, IMMUTABLE)


def _polling() -> int:
    return current_site().config["ldes.polling_interval"]


def _describe_stream(quads: "_Quads", stream: Stream, base: str, pages: list[Page]) -> None:
    es, view = _iri(stream.url(base, "#stream")), _iri(stream.url(base))
    add = quads.add
    add(es, RDF + "type", _iri(LDES + "EventStream"))
    for language, title in sorted(stream.titles.items()):
        add(es, DCT + "title", _literal(title, language=language))
    shape = stream.shape or stream.url(base, "#member-shape")
    add(es, TREE + "shape", _iri(shape))
    add(es, LDES + "timestampPath", _iri(AS + "published"))
    add(es, LDES + "versionOfPath", _iri(AS + "object"))
    for kind, activity in ACTIVITIES.items():
        add(es, f"{LDES}version{kind.capitalize()}Object", _iri(activity))
    add(es, LDES + "pollingInterval", _literal(str(_polling()), XSD + "integer"))
    add(es, TREE + "view", view)
    add(view, RDF + "type", _iri(TREE + "Node"))
    description = _iri(stream.url(base, "#view"))
    add(view, TREE + "viewDescription", description)
    add(description, RDF + "type", _iri(TREE + "ViewDescription"))
    add(description, RDF + "type", _iri(LDES + "EventSource"))
    add(description, DCAT + "endpointURL", view)
    served = catalog_iri(base, "dataset" if stream.log == DATA else "catalog")
    add(description, DCAT + "servesDataset", _iri(str(served)))
    retention = _iri(stream.url(base, "#retention"))
    add(view, LDES + "retentionPolicy", retention)
    add(retention, RDF + "type", _iri(LDES + "RetentionPolicy"))
    add(retention, RDFS + "comment", _literal(
        "Every event is kept for good: the full history since the stream began.", language="en"))
    if pages:
        add(retention, LDES + "startingFrom", _literal(pages[0].first_time, XSD + "dateTime"))
    if stream.shape is None:
        _member_shape(quads, _iri(shape))
    last = pages[-1].number if pages else 0
    for item in pages[1:]:
        node = _iri(stream.url(base, f"/page/{item.number}"))
        bounds = [("GreaterThanOrEqualToRelation", item.first_time)]
        if item.number < last:
            bounds.append(("LessThanOrEqualToRelation", item.last_time))
        for kind, value in bounds:
            relation = f"_:page{item.number}{kind}"
            add(view, TREE + "relation", relation)
            add(relation, RDF + "type", _iri(TREE + kind))
            add(relation, TREE + "node", node)
            add(relation, TREE + "path", _iri(AS + "published"))
            add(relation, TREE + "value", _literal(value, XSD + "dateTime"))
            add(relation, TREE + "remainingItems", _literal(str(item.count), XSD + "integer"))


def _member_shape(quads: "_Quads", shape: str) -> None:
    """Members are activities with one object (an IRI) and one publication time."""
    add = quads.add
    add(shape, RDF + "type", _iri(SH + "NodeShape"))
    add(shape, SH + "nodeKind", _iri(SH + "IRI"))
    for name, path, constraints in (
            ("object", AS + "object", [(SH + "nodeKind", _iri(SH + "IRI"))]),
            ("published", AS + "published", [(SH + "datatype", _iri(XSD + "dateTime"))])):
        node = f"_:shape{name}"
        add(shape, SH + "property", node)
        add(node, SH + "path", _iri(path))
        add(node, SH + "minCount", _literal("1", XSD + "integer"))
        add(node, SH + "maxCount", _literal("1", XSD + "integer"))
        for predicate, value in constraints:
            add(node, predicate, value)
    kinds = "_:shapetype"
    add(shape, SH + "property", kinds)
    add(kinds, SH + "path", _iri(RDF + "type"))
    add(kinds, SH + "minCount", _literal("1", XSD + "integer"))
    activities = list(ACTIVITIES.values())
    add(kinds, SH + "in", "_:shapein0")
    for index, activity in enumerate(activities):
        cell = f"_:shapein{index}"
        add(cell, RDF + "first", _iri(activity))
        add(cell, RDF + "rest", f"_:shapein{index + 1}" if index + 1 < len(activities) else _iri(RDF + "nil"))


def _member(quads: "_Quads", stream: Stream, base: str, event: Event) -> None:
    iri = _iri(stream.url(base, f"/event/{event.seq}"))
    quads.add(_iri(stream.url(base, "#stream")), TREE + "member", iri)
    quads.add(iri, RDF + "type", _iri(ACTIVITIES[event.kind]))
    quads.add(iri, AS + "object", _iri(event.resource))
    quads.add(iri, AS + "published", _literal(event.time, XSD + "dateTime"))
    for subject, predicate, obj in rename_blanks(event.triples, f"e{event.seq}"):
        quads.lines.append(f"{subject} {predicate} {obj} {iri} .\n")


def _respond(quads: "_Quads", cache: str) -> Response:
    chosen = RdfFormat.from_media_type(negotiate([fmt.media_type for fmt in FORMATS]))
    data = quads.data()
    if chosen is not RdfFormat.NQUADS:
        data = convert(data, RdfFormat.NQUADS, chosen, {**harvest_state().prefixes, **PREFIXES})
    response = Response(data, mimetype=chosen.media_type)
    response.vary.add("Accept")
    response.headers["Cache-Control"] = cache
    return response


class _Quads:
    """N-Quads written line by line; terms are in N-Triples syntax, predicates bare IRIs."""

    def __init__(self):
        self.lines: list[str] = []

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} <{predicate}> {obj} .\n")

    def data(self) -> bytes:
        return "".join(self.lines).encode("utf-8")


def _iri(value: str) -> str:
    return f"<{value}>"


def _literal(text: str, datatype: str | None = None, language: str | None = None) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r"))
    if language:
        return f'"{escaped}"@{language}'
    return f'"{escaped}"^^<{datatype}>' if datatype else f'"{escaped}"'
