"""Writing what a worker serves: RDF in any format, schema.org objects, links and URLs."""

from __future__ import annotations

import json
from urllib.parse import quote

from rdflib import URIRef

from ...formats import RdfFormat
from ...namespaces import LP, ONTOLOGY_IRI, PREFIXES, SCHEMA
from ..site.labels import Languages
from .describe import Description
from .documents import location
from .jsonld import CONTEXT_PATH, compact, script_json
from .schemaorg import SchemaContext, schema_org
from .state import ResourceState

PREFIX_MAP = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def absolute(current: ResourceState, path: str) -> str:
    """Return the absolute URL of a path of this site, under the build's base."""
    return current.site.base.rstrip("/") + location(path)


def rdf_bytes(current: ResourceState, triples: list, fmt: RdfFormat,
              extra_prefixes: dict[str, str] | None = None) -> bytes:
    """Serialise *triples*; JSON-LD is compacted against the published context."""
    store = current.site.store
    if fmt is RdfFormat.JSONLD:
        expanded = json.loads(store.serialize_triples(triples, fmt))
        return json.dumps(compact(expanded, absolute(current, CONTEXT_PATH)), ensure_ascii=False,
                          indent=2).encode("utf-8")
    return store.serialize_triples(triples, fmt, used_prefixes(triples, {**PREFIX_MAP,
                                                                         **(extra_prefixes or {})}))


def used_prefixes(triples: list, prefixes: dict[str, str]) -> dict[str, str]:
    """Return the *prefixes* whose namespace some IRI of *triples* is in."""
    text = " ".join(str(term) for triple in triples for term in triple)
    return {prefix: namespace for prefix, namespace in prefixes.items() if "<" + namespace in text}


def term_href(current: ResourceState, iri: str) -> str | None:
    """Return where a link to *iri* goes: its page here, lodpub's ontology docs, schema.org's
    pages, or the IRI itself when it is a web address; None for anything else."""
    page = current.index.page_of(iri)
    if page:
        return location(page)
    if iri == ONTOLOGY_IRI:
        return "/ontology"
    if iri.startswith(str(LP)) and current.vocabulary.is_own_term(iri):
        return "/ontology#" + quote(iri[len(str(LP)):])
    if iri.startswith(str(SCHEMA)):
        return "https://schema.org/" + quote(iri[len(str(SCHEMA)):])
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def schema_object(current: ResourceState, description: Description, languages: Languages) -> dict:
    """Return the schema.org JSON-LD object of a described document."""
    def page_url(iri: str) -> str | None:
        page_path = current.index.page_of(iri)
        return absolute(current, page_path.split("#", 1)[0]) if page_path else None

    context = SchemaContext(languages, current.zone, page_url, current.vocabulary.schema_class)
    return schema_org(description.facts, URIRef(description.document), context)


def schema_json(current: ResourceState, description: Description, languages: Languages) -> str:
    """Return the schema.org object as JSON that is safe inside ``<script>``."""
    return script_json(schema_object(current, description, languages))
