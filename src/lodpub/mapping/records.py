"""One record → RDF triples, remembering which field each triple comes from."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..errors import Location, SourceError
from ..iri import thing_iri
from ..namespaces import LP, ORG, SCHEMA
from ..sources import fields as k
from ..sources.records import Record
from ..suggest import did_you_mean
from .concepts import concepts_by_scheme
from .terms import ACTION_STATUS, classes_of, expand

APPROXIMATE = (("approximate figure as given by the source", "en"),
               ("ungefärlig siffra enligt källan", "sv"))

#: (subject, predicate) → where in the content the value was written
Origins = dict[tuple[URIRef, URIRef], Location]


def stable_bnode(*parts) -> BNode:
    """A blank node named from *parts*, so the same content always gives the same dumps."""
    return BNode("b" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:24])


#: Names the UUIDs of people whose record has no uuid of its own (UUID version 5 of the key).
PERSON_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://w3id.org/lodpub/ns#Person")


def person_id(record: Record) -> str:
    """The opaque identifier in a person's IRI: their uuid, or one made from their key.

    Keys in content are readable (``lillemor-lundgren``); IRIs never carry a name.
    """
    return str(uuid.UUID(record.values["uuid"])) if "uuid" in record.values else \
        str(uuid.uuid5(PERSON_NAMESPACE, record.key))


class RecordMapper:
    """Maps the records of one document into one graph."""

    def __init__(self, base: str, records: dict[str, Record], graph: Graph, origins: Origins):
        self.base = base
        self.records = records
        self.graph = graph
        self.origins = origins
        self.errors: list[SourceError] = []

    def iri(self, record: Record) -> URIRef:
        key = person_id(record) if record.kind.name == "person" else record.key
        return URIRef(thing_iri(self.base, record.kind.name, key))

    def ref(self, key: str) -> URIRef:
        return self.iri(self.records[key])

    def add(self, subject, predicate, obj, record: Record, field_name: str | None = None):
        self.graph.add((subject, predicate, obj))
        self.origins.setdefault((subject, predicate), record.location(field_name))

    def map(self, record: Record, subject: URIRef | None = None, language: str | None = None):
        subject = subject or self.iri(record)
        values = record.values
        if record.kind.name == "article":
            language = values.get("inLanguage")
        for rdf_class in classes_of(record.kind.name, values):
            self.add(subject, RDF.type, rdf_class, record)
        for spec in record.kind.fields:
            if spec.name not in values:
                continue
            if spec.kind == k.NESTED:
                self._map_children(record, subject, spec, values[spec.name], language)
            elif spec.kind == k.IDENTIFIERS:
                self._map_identifiers(record, subject, values[spec.name])
            elif spec.term is not None:
                items = values[spec.name] if spec.many else [values[spec.name]]
                for item in items:
                    for obj in self._objects(record, spec, item, language):
                        self.add(subject, expand(spec.term), obj, record, spec.name)
        self._map_special(record, subject, language)
        return subject

    def _objects(self, record: Record, spec: k.Field, value, language: str | None):
        if spec.kind == k.LANGTEXT:
            return [Literal(text, lang=tag or language) for tag, text in value.items()]
        if spec.kind in (k.DATE, k.DATETIME):
            datatype = XSD.dateTime if isinstance(value, dt.datetime) else XSD.date
            return [Literal(value.isoformat(), datatype=datatype)]
        if spec.kind == k.IRI:
            return [URIRef(value)]
        if spec.kind == k.REF:
            return [self.ref(value)]
        if spec.kind == k.CONCEPT:
            known = concepts_by_scheme().get(spec.scheme, frozenset())
            if value not in known:
                self.errors.append(SourceError(
                    record.location(spec.name),
                    f"'{value}' is not a concept of {spec.scheme}" + did_you_mean(value, known)
                    + f"; known: {', '.join(sorted(known))}"))
            return [LP[value]]
        if spec.kind == k.INTEGER:
            return [Literal(value, datatype=XSD.integer)]
        if spec.kind == k.NUMBER:
            return [Literal(value, datatype=XSD.decimal)]
        return [Literal(value)]

    def _map_children(self, record, subject, spec, children, language):
        for index, child in enumerate(children, start=1):
            name = child.kind.name
            if name == "observation":
                child_subject = URIRef(f"{subject}#population-{index}")
                self.map(child, child_subject, language)
                self.add(child_subject, SCHEMA.observationAbout, subject, child)
                self.add(child_subject, SCHEMA.variableMeasured, Literal("population"), child)
            elif name == "quotation":
                child_subject = URIRef(f"{subject}#quote-{index}")
                self.map(child, child_subject, language)
                self.add(child_subject, SCHEMA.isBasedOn, subject, child)
            else:
                child_subject = self.map(child, None, language)
                link = {"mandate": (child_subject, ORG.member, subject),
                        "activity": (subject, LP.activity, child_subject),
                        "signature": (child_subject, LP.signatureOf, subject)}[name]
                self.add(*link, child, None)

    def _map_identifiers(self, record, subject, identifiers: dict[str, str]):
        for scheme, code in identifiers.items():
            node = stable_bnode(subject, "identifier", scheme)
            self.add(subject, SCHEMA.identifier, node, record, "identifiers")
            self.graph.add((node, RDF.type, SCHEMA.PropertyValue))
            self.graph.add((node, SCHEMA.propertyID, Literal(scheme)))
            self.graph.add((node, SCHEMA.value, Literal(code)))

    def _map_special(self, record: Record, subject: URIRef, language: str | None):
        values = record.values
        kind = record.kind.name
        if kind == "activity":
            self.add(subject, SCHEMA.actionStatus, ACTION_STATUS[values["status"]], record, "status")
        elif kind == "article" and record.body:
            self.add(subject, SCHEMA.articleBody, Literal(record.body, lang=language), record)
        elif kind == "observation" and values.get("approximate") == "true":
            for text, tag in APPROXIMATE:
                self.add(subject, SCHEMA.measurementMethod, Literal(text, lang=tag), record, "approximate")
