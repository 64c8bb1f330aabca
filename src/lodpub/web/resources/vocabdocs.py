"""Documentation pages generated from the ontology and the shapes, in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from flask import Response, g
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ...errors import NotFound
from ...namespaces import LP, ONTOLOGY_IRI, SCHEMA, SH
from ..site.html import page
from ..site.labels import Languages, TermLabels, curie
from ..site.representations import HTML, JSONLD, REPRESENTATIONS, TURTLE, choose, link_header
from ..site.ui import strings, ui_language
from .output import rdf_bytes
from .state import ResourceState
from .vocabulary import CLASS_KINDS, PROPERTY_KINDS, SHAPES_IRI, SHAPES_NS, own_terms

#: HTML first: a vocabulary's address answers people unless they ask for RDF.
VOCABULARY_FORMATS = (HTML, TURTLE, JSONLD) + tuple(
    item for item in REPRESENTATIONS if item not in (HTML, TURTLE, JSONLD))


@dataclass
class TermLink:
    text: str
    href: str | None
    title: str


@dataclass
class TermDoc:
    anchor: str
    iri: str
    label: Literal
    definition: Literal | None
    notes: list[Literal]
    facts: list[tuple[str, list[TermLink]]] = field(default_factory=list)
    members: list["TermDoc"] = field(default_factory=list)


@dataclass
class VocabularyDoc:
    title: Literal | None
    description: Literal | None
    iri: str
    version: str | None
    groups: list[tuple[str, list[TermDoc]]]


class _Docs:
    def __init__(self, graph: Graph, labels: TermLabels, languages: Languages, words: dict):
        self.graph = graph
        self.labels = labels
        self.languages = languages
        self.words = words

    def best(self, subject, predicate) -> Literal | None:
        return self.languages.best(value for value in self.graph.objects(subject, predicate)
                                   if isinstance(value, Literal))

    def link(self, term) -> TermLink:
        if isinstance(term, BNode):
            return TermLink(self.node_text(term), None, "")
        if isinstance(term, Literal):
            return TermLink(str(term), None, "")
        iri = str(term)
        text = str(self.labels.label(term, self.languages)) if self.labels.knows(iri) else curie(iri)
        if iri.startswith(str(LP)):
            href = "/ontology#" + quote(iri[len(str(LP)):])
        elif iri.startswith(SHAPES_NS):
            href = "#" + quote(iri[len(SHAPES_NS):])
        elif iri.startswith(str(SCHEMA)):
            href = "https://schema.org/" + quote(iri[len(str(SCHEMA)):])
        elif iri.startswith(("http://", "https://")):
            href = iri
        else:
            href = None
        return TermLink(text, href, curie(iri))

    def node_text(self, node) -> str:
        """Write a blank node (a list, a path, a nested shape) compactly."""
        if (node, RDF.first, None) in self.graph:
            return "(" + " ".join(self.node_text(item) for item in Collection(self.graph, node)) + ")"
        inverse = self.graph.value(node, SH.inversePath)
        if inverse is not None:
            return "^" + self.node_text(inverse)
        if isinstance(node, BNode):
            parts = [f"{curie(str(predicate))} {self.node_text(obj)}"
                     for predicate, obj in sorted(self.graph.predicate_objects(node))]
            return "[" + " ; ".join(parts) + "]"
        return curie(str(node)) if isinstance(node, URIRef) else str(node)

    def links(self, subject, predicate) -> list[TermLink]:
        return [self.link(value) for value in sorted(self.graph.objects(subject, predicate))]

    def term(self, term: URIRef, facts: list[tuple[str, URIRef]]) -> TermDoc:
        iri = str(term)
        local = iri[len(str(LP)):] if iri.startswith(str(LP)) else iri.rsplit("#", 1)[-1]
        notes = self.languages.sort(value for value in self.graph.objects(term, SKOS.scopeNote)
                                    if isinstance(value, Literal))
        best_notes = [note for note in notes if note.language == notes[0].language] if notes else []
        doc = TermDoc(local, iri, self.labels.label(term, self.languages),
                      self.best(term, SKOS.definition) or self.best(term, RDFS.comment), best_notes)
        for word, predicate in facts:
            values = self.links(term, predicate)
            if values:
                doc.facts.append((self.words[word], values))
        return doc


def ontology_doc(graph: Graph, ontology_iri: str, labels: TermLabels, languages: Languages,
                 words: dict) -> VocabularyDoc:
    """Return the documentation of the ontology: classes, properties and concept schemes."""
    docs = _Docs(graph, labels, languages, words)
    ontology = URIRef(ontology_iri)
    class_facts = [("subclass_of", RDFS.subClassOf)]
    property_facts = [("subproperty_of", RDFS.subPropertyOf), ("domain", SCHEMA.domainIncludes),
                      ("range", SCHEMA.rangeIncludes)]
    classes = [docs.term(term, class_facts) for term in own_terms(graph, CLASS_KINDS)]
    properties = [docs.term(term, property_facts) for term in own_terms(graph, PROPERTY_KINDS)]
    schemes = []
    for scheme in own_terms(graph, (SKOS.ConceptScheme,)):
        doc = docs.term(scheme, [])
        concepts = sorted(concept for concept in graph.subjects(SKOS.inScheme, scheme)
                          if isinstance(concept, URIRef))
        doc.members = [docs.term(concept, []) for concept in concepts]
        schemes.append(doc)
    version = graph.value(ontology, OWL.versionInfo)
    return VocabularyDoc(docs.best(ontology, DCTERMS.title), docs.best(ontology, DCTERMS.description),
                         ontology_iri, str(version) if version else None,
                         [(words["classes"], classes), (words["properties"], properties),
                          (words["concept_schemes"], schemes)])


def shapes_doc(graph: Graph, shapes_iri: str, labels: TermLabels, languages: Languages,
               words: dict) -> VocabularyDoc:
    """Return the documentation of the shapes: each node shape with its property constraints."""
    docs = _Docs(graph, labels, languages, words)
    shapes = []
    for shape in sorted(term for term in graph.subjects(RDF.type, SH.NodeShape)
                        if isinstance(term, URIRef)):
        doc = docs.term(shape, [])
        doc.label = Literal(str(shape).rsplit("#", 1)[-1])
        doc.definition = docs.best(shape, SH.message)
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            if (shape, predicate, None) in graph:
                doc.facts.append((words["targets"], docs.links(shape, predicate)))
        doc.members = [_property_doc(docs, prop) for prop in
                       sorted(graph.objects(shape, SH.property), key=lambda node: docs.node_text(
                           graph.value(node, SH.path)))]
        shapes.append(doc)
    title = docs.best(URIRef(SHAPES_NS), RDFS.label)
    return VocabularyDoc(title, None, shapes_iri, None, [(words["shapes"], shapes)])


_SHAPE_ANNOTATIONS = {SH.path, SH.message, SH.name, SH.description}


def _property_doc(docs: _Docs, prop) -> TermDoc:
    graph = docs.graph
    path = graph.value(prop, SH.path)
    anchor = str(prop)[len(SHAPES_NS):] if str(prop).startswith(SHAPES_NS) else ""
    doc = TermDoc(anchor, str(prop) if isinstance(prop, URIRef) else "",
                  Literal(docs.node_text(path) if path is not None else "?"),
                  docs.best(prop, SH.message), [])
    constraints = [TermLink(f"{curie(str(predicate)).split(':', 1)[-1]} {docs.link(value).text}",
                            docs.link(value).href, curie(str(predicate)))
                   for predicate, value in sorted(graph.predicate_objects(prop))
                   if predicate not in _SHAPE_ANNOTATIONS]
    if constraints:
        doc.facts.append((docs.words["constraints"], constraints))
    return doc


def vocabulary_response(current: ResourceState, name: str, extension: str | None,
                        languages: Languages) -> Response:
    """Answer for ``/ontology`` or ``/shapes`` (*name*), by *extension* or by Accept."""
    graph = current.vocabulary.ontology if name == "ontology" else current.vocabulary.shapes
    explicit = None
    if extension is not None:
        explicit = next((item for item in VOCABULARY_FORMATS if item.extension == extension), None)
        if explicit is None:
            raise NotFound(f"no /{name}.{extension}; available: "
                           + ", ".join(f"/{name}.{item.extension}" for item in VOCABULARY_FORMATS))
    g.representation = explicit
    representation = choose(explicit, VOCABULARY_FORMATS)
    if representation is HTML:
        words = strings(ui_language(languages))
        make = ontology_doc if name == "ontology" else shapes_doc
        doc = make(graph, ONTOLOGY_IRI if name == "ontology" else SHAPES_IRI,
                   current.term_labels, languages, words)
        formats = [{"href": f"/{name}.{item.extension}", "media_type": item.media_type,
                    "label": item.label} for item in VOCABULARY_FORMATS if item is not HTML]
        response = page("vocabulary.html", doc.title.language if doc.title is not None else None,
                        languages=languages, doc=doc, formats=formats,
                        title=str(doc.title) if doc.title is not None else words[name])
    else:
        key = (name, representation.extension)
        if key not in current.cache:
            current.cache[key] = rdf_bytes(current, current.vocabulary.triples(graph),
                                           representation, {"lps": SHAPES_NS})
        response = Response(current.cache[key], mimetype=representation.media_type)
    response.headers["Link"] = link_header(f"/{name}", VOCABULARY_FORMATS)
    if explicit is None:
        response.vary.add("Accept")
    return response
