"""JSON-LD: the published context, compaction against it, and escaping for ``<script>``."""

from __future__ import annotations

import json
import re

from ...namespaces import PREFIXES, RDF

CONTEXT_PATH = "/context.jsonld"

_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_RDF_TYPE = str(RDF.type)
_NAMESPACES = sorted(((prefix, str(namespace)) for prefix, namespace in PREFIXES.items()),
                     key=lambda item: -len(item[1]))


def context_document() -> dict:
    """Return the JSON-LD context that lodpub's JSON-LD documents refer to: its prefixes."""
    return {"@context": {prefix: namespace for prefix, namespace in sorted(_NAMESPACES)}}


def compact_iri(iri: str) -> str:
    """Return *iri* as a compact IRI with a prefix of the context when one fits.

    >>> compact_iri("https://w3id.org/lodpub/ns#partner")
    'lp:partner'
    >>> compact_iri("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def compact(expanded: list[dict], context_url: str) -> dict:
    """Compact flat expanded JSON-LD (as the store writes it) against the published context.

    Property names, classes and datatypes become compact IRIs (``schema:name``), ``rdf:type`` becomes
    ``@type``, plain strings lose their ``@value`` wrapping and single values their
    array. Node IRIs stay absolute.

    >>> compact([{"@id": "http://d/x", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
    ...     [{"@id": "http://schema.org/Person"}], "http://schema.org/name": [{"@value": "Ann"}]}],
    ...     "http://d/context.jsonld")
    {'@context': 'http://d/context.jsonld', '@graph': [{'@id': 'http://d/x', '@type': 'schema:Person', 'schema:name': 'Ann'}]}
    """
    return {"@context": context_url, "@graph": [_compact_node(node) for node in expanded]}


def _compact_node(node: dict) -> dict:
    result = {"@id": node["@id"]}
    types = node.get(_RDF_TYPE, [])
    if types and all("@id" in value and not value["@id"].startswith("_:") for value in types):
        result["@type"] = _single([compact_iri(value["@id"]) for value in types])
        node = {key: value for key, value in node.items() if key != _RDF_TYPE}
    for key, values in node.items():
        if key != "@id":
            result[compact_iri(key)] = _single([_compact_value(value) for value in values])
    return result


def _compact_value(value: dict):
    if "@id" in value:
        return value
    if "@type" in value:
        return {"@value": value["@value"], "@type": compact_iri(value["@type"])}
    if "@language" in value:
        return value
    return value["@value"]


def _single(values: list):
    return values[0] if len(values) == 1 else values


def script_json(data) -> str:
    """Serialise *data* as JSON that is safe inside ``<script>`` and in HTML generally.

    ``<``, ``>`` and ``&`` become ``\\u003c`` escapes, so ``</script>`` or ``<!--`` in
    the data cannot end or change the element; the JSON means the same.

    >>> script_json({"headline": "</script><!--"})
    '{\\n  "headline": "\\\\u003c/script\\\\u003e\\\\u003c!--"\\n}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
