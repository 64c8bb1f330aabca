"""schema.org JSON-LD of one resource, in the shapes search engines read.

The result is compacted with ``"@context": "https://schema.org"`` (which expands to
``http://schema.org/``, the namespace lodpub writes), holds only schema.org terms,
and names every linked resource with its ``@type``, ``name`` and ``url`` (as Google
asks of an article's author and publisher). Text in several languages gives the
reader's best one. An article's ``datePublished`` and ``dateModified`` always carry
a time zone: a date alone becomes midnight in the zone of the setting
``dataset.timezone``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ...namespaces import SCHEMA
from ..site.labels import LABEL_PREDICATES, Languages
from .describe import Facts

SCHEMA_NS = str(SCHEMA)
#: Dates that search engines want as a date-time with a time zone.
ZONED_DATES = {"datePublished", "dateModified"}
_NUMBERS = {str(XSD.integer): int, str(XSD.decimal): float, str(XSD.double): float}


@dataclass(frozen=True)
class SchemaContext:
    """What the conversion needs besides the facts."""

    languages: Languages
    zone: ZoneInfo
    #: IRI → the absolute URL of its page, or None for IRIs not served here
    page_url: Callable[[str], str | None]
    #: class IRI → the schema.org class it specialises (from the ontology), or None
    schema_class: Callable[[str], str | None]


def schema_org(facts: Facts, subject: URIRef, context: SchemaContext) -> dict:
    """Return the schema.org JSON-LD object of *subject*."""
    node = {"@context": "https://schema.org"}
    node.update(_node(facts, subject, context, nested=False))
    page = context.page_url(str(subject))
    if page:
        node["mainEntityOfPage"] = page
        node.setdefault("url", page)
    return node


def schema_types(types: list[URIRef], schema_class) -> tuple[list[str], list[str]]:
    """Return (schema.org type names, other type IRIs) for a resource's rdf:types."""
    names, others = [], []
    for rdf_type in sorted(types):
        iri = str(rdf_type)
        if iri.startswith(SCHEMA_NS):
            names.append(iri[len(SCHEMA_NS):])
        else:
            others.append(iri)
            parent = schema_class(iri)
            if parent:
                names.append(parent[len(SCHEMA_NS):])
    names = list(dict.fromkeys(names)) or ["Thing"]
    return names, others


def _node(facts: Facts, subject, context: SchemaContext, nested: bool) -> dict:
    names, others = schema_types(facts.types(subject), context.schema_class)
    node: dict = {"@type": names[0] if len(names) == 1 else names}
    if isinstance(subject, URIRef):
        node["@id"] = str(subject)
    if others and not nested:
        node["additionalType"] = others[0] if len(others) == 1 else others
    properties = facts.properties(subject)
    for predicate in sorted(properties):
        name = str(predicate)[len(SCHEMA_NS):] if str(predicate).startswith(SCHEMA_NS) else None
        if not name:
            continue
        values = _values(facts, name, list(properties[predicate]), context)
        if values:
            node[name] = values[0] if len(values) == 1 else values
    return node


def _values(facts: Facts, name: str, objects: list, context: SchemaContext) -> list:
    literals = [item for item in objects if isinstance(item, Literal)]
    tagged = [item for item in literals if item.language]
    result = []
    if tagged:
        result.append(str(context.languages.best(tagged)))
    for literal in sorted(item for item in literals if not item.language):
        result.append(_literal(name, literal, context.zone))
    for item in sorted(item for item in objects if isinstance(item, BNode)):
        result.append(_node(facts, item, context, nested=True))
    for item in sorted(item for item in objects if isinstance(item, URIRef)):
        result.append(_link(facts, item, context))
    return result


def _literal(name: str, literal: Literal, zone: ZoneInfo):
    datatype = str(literal.datatype) if literal.datatype else None
    if datatype in _NUMBERS:
        try:
            return _NUMBERS[datatype](str(literal))
        except ValueError:
            return str(literal)
    if name in ZONED_DATES and datatype in (str(XSD.date), str(XSD.dateTime)):
        return zoned(str(literal), zone)
    return str(literal)


def zoned(value: str, zone: ZoneInfo) -> str:
    """Return an ISO date or date-time as a date-time with a time zone.

    >>> zoned("2023-06-22", ZoneInfo("Europe/Stockholm"))
    '2023-06-22T00:00:00+02:00'
    >>> zoned("2023-01-05T08:00:00", ZoneInfo("Europe/Stockholm"))
    '2023-01-05T08:00:00+01:00'
    >>> zoned("2023-01-05T08:00:00Z", ZoneInfo("Europe/Stockholm"))
    '2023-01-05T08:00:00+00:00'
    """
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.isoformat()


def _link(facts: Facts, target: URIRef, context: SchemaContext):
    """A linked resource: named with type, name and url when the description knows it."""
    labels = [literal for predicate in LABEL_PREDICATES
              for literal in facts.literals(target, predicate)]
    page = context.page_url(str(target))
    if not labels and not page:
        return str(target)
    names, _ = schema_types(facts.types(target), context.schema_class)
    node = {"@type": names[0] if len(names) == 1 else names, "@id": str(target)}
    if labels:
        node["name"] = str(context.languages.best(labels))
    urls = [value for value in facts.values(target, SCHEMA.url) if isinstance(value, URIRef)]
    url = str(sorted(urls)[0]) if urls else page
    if url:
        node["url"] = url
    return node
