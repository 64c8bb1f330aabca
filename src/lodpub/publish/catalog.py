"""The DCAT-AP catalog of a build (DCAT-AP 3.0.1, 2.1.1 and the Swedish DCAT-AP-SE profile).

One catalog describes one dataset, the project's whole graph, because every way
to get the data serves all of it: the dumps, the SPARQL endpoint and the event
stream. The dataset has a distribution per dump and one for the event stream;
the SPARQL endpoint is a data service that serves the dataset.

Checksums are SHA-1: DCAT-AP 2.1.1 accepts no other algorithm and 3.0.1 any
(the SHA-256 of each dump is its ETag). Byte sizes are xsd:nonNegativeInteger
as DCAT-AP 3 wants; :func:`as_dcat_ap_2` gives the 2.1.1 variant. Size and
checksum are those of the file a client saves; for a ``.gz`` dump, as in DCAT's
example of a compressed file, ``dcat:mediaType`` is the type of the data inside
and ``dcat:compressFormat`` is ``application/gzip``, the type it is sent as.

Everything the profiles require to be named has an IRI: the catalog, dataset,
distributions, data service and contact point are fragments of ``{base}catalog``
(so they dereference to the catalog document), and the publisher is the
publishing organisation's own IRI in the registry. Only embedded details
(checksums, the time period) are blank nodes.

Each entity comes with its own graph: its triples plus the types of the
vocabulary terms it uses, which the DCAT-AP range shapes check. The union of
the graphs is the catalog; the graphs one by one are the payloads of the
catalog's change feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, VOID, XSD

from ..config import CONFIG_FILE, Config
from ..errors import ConfigError
from ..formats import GZIP, RdfFormat
from ..namespaces import DCATAP, SPDX, VCARD, bind_prefixes
from ..suggest import did_you_mean
from ..texts import pick_text
from .catalog_facts import CatalogFacts
from .vocabularies import (ACCESS_RIGHT, CC0, DATA_THEME, DATA_THEME_SCHEME, FILE_TYPE, FILE_TYPES,
                           LICENCE_TYPE, LICENCE_TYPE_SCHEME, LICENCES, PLANNED_AVAILABILITY,
                           PUBLISHER_TYPE, PUBLISHER_TYPE_SCHEME, PUBLISHER_TYPES, THEMES,
                           language_iri, licence_iri, media_type_iri)


SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
LDES_SPECIFICATION = URIRef("https://w3id.org/ldes/specification")
ONTOLOGY = URIRef("https://w3id.org/lodpub/ns")

#: Entity kinds in the order others refer to them: a feed creates them in this order.
KINDS = ("agent", "contact", "licence", "distribution", "dataset", "service", "catalog")

_DUMP_NAMES = {
    "TURTLE": ("Turtle", "Turtle"),
    "NTRIPLES": ("N-Triples, gzip-komprimerad", "N-Triples, gzip-compressed"),
    "NQUADS": ("N-Quads med namngivna grafer, gzip-komprimerad",
               "N-Quads with the named graphs, gzip-compressed"),
    "JSONLD": ("JSON-LD", "JSON-LD"),
    "TRIG": ("TriG", "TriG"),
    "RDFXML": ("RDF/XML", "RDF/XML"),
}


@dataclass(frozen=True)
class CatalogInputs:
    """Everything a catalog is made from: settings, facts from the data, dumps and dates."""

    base: str
    config: Config
    facts: CatalogFacts
    dumps: list[dict]                  # the build manifest's dumps, each with its "sha1"
    issued: str | None = None          # xsd:dateTime of the first recorded change
    modified: str | None = None        # xsd:dateTime of the last recorded change


@dataclass
class Catalog:
    """The catalog as one graph per entity, and the kind of each entity."""

    entities: dict[str, Graph] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def graph(self) -> Graph:
        union = bind_prefixes(Graph())
        _bind(union)
        for graph in self.entities.values():
            union += graph
        return union

    def rank(self, iri: str) -> int:
        return KINDS.index(self.kinds[iri]) if iri in self.kinds else len(KINDS)


def catalog_iri(base: str, name: str = "catalog") -> URIRef:
    """Return the IRI of a catalog entity.

    >>> str(catalog_iri("https://d.org/", "dataset"))
    'https://d.org/catalog#dataset'
    """
    return URIRef(f"{base}catalog#{name}")


def distribution_name(dump: dict) -> str:
    return "distribution-" + dump["format"].lower()


def check_catalog_settings(config: Config) -> None:
    """Raise ConfigError for a data theme or publisher type that the vocabularies lack."""
    path = config.project_dir / CONFIG_FILE
    for code in config["dataset.themes"]:
        if code not in THEMES:
            raise ConfigError(f"{path}: setting 'dataset.themes' holds {code!r}, not an EU data theme"
                              + did_you_mean(str(code), THEMES),
                              hint="use codes from " + ", ".join(THEMES))
    kind = config["dataset.publisher_type"]
    if kind is not None and kind not in PUBLISHER_TYPES:
        raise ConfigError(f"{path}: setting 'dataset.publisher_type' is {kind!r}, not an ADMS "
                          "publisher type" + did_you_mean(kind, PUBLISHER_TYPES),
                          hint="use one of " + ", ".join(PUBLISHER_TYPES))


def build_catalog(inputs: CatalogInputs) -> Catalog:
    """Describe the catalog, its dataset, distributions, service, publisher and contact."""
    return _Builder(inputs).build()


class _Builder:
    def __init__(self, inputs: CatalogInputs):
        self.inputs = inputs
        self.base = inputs.base
        self.config = inputs.config
        self.languages = [code.lower() for code in self.config["dataset.languages"]]
        self.default_language = self.languages[0] if self.languages else "en"
        self.catalog = Catalog()
        self.licence = URIRef(licence_iri(self.config["dataset.license"]))
        facts = inputs.facts
        self.publisher = URIRef(facts.publisher.iri) if facts.publisher else None
        self.contact = catalog_iri(self.base, "contact")
        self.dataset = catalog_iri(self.base, "dataset")
        self.service = catalog_iri(self.base, "sparql-service")

    def entity(self, iri: URIRef, kind: str) -> Graph:
        graph = self.catalog.entities.setdefault(str(iri), Graph())
        self.catalog.kinds[str(iri)] = kind
        return graph

    def build(self) -> Catalog:
        self.add_publisher()
        self.add_contact()
        for licence in sorted({self.licence, URIRef(CC0)}):
            self.add_licence(licence)
        distributions = [self.add_dump(dump) for dump in self.inputs.dumps]
        distributions.append(self.add_event_stream())
        self.add_dataset(distributions)
        self.add_service()
        self.add_catalog()
        return self.catalog

    # -- the entities -------------------------------------------------------------------------

    def add_publisher(self) -> None:
        publisher = self.inputs.facts.publisher
        if publisher is None:
            return
        graph = self.entity(self.publisher, "agent")
        graph.add((self.publisher, RDF.type, FOAF.Agent))
        graph.add((self.publisher, RDF.type, FOAF.Organization))
        for language, name in sorted(publisher.names.items()):
            graph.add((self.publisher, FOAF.name, Literal(name, lang=language or self.default_language)))
        kind = self.config["dataset.publisher_type"] or ("LocalAuthority" if publisher.municipality else None)
        if kind:
            concept = PUBLISHER_TYPE[kind]
            graph.add((self.publisher, DCTERMS.type, concept))
            graph.add((concept, RDF.type, SKOS.Concept))
            scheme = URIRef(PUBLISHER_TYPE_SCHEME)
            graph.add((concept, SKOS.inScheme, scheme))
            graph.add((scheme, RDF.type, SKOS.ConceptScheme))
            graph.add((scheme, DCTERMS.title, Literal("Publisher type", lang="en")))
            graph.add((concept, SKOS.prefLabel, Literal(PUBLISHER_TYPES[kind], lang="en")))
        if publisher.organisation_number:
            graph.add((self.publisher, DCTERMS.identifier, Literal(publisher.organisation_number)))

    def add_contact(self) -> None:
        graph = self.entity(self.contact, "contact")
        graph.add((self.contact, RDF.type, VCARD.Organization))
        graph.add((self.contact, RDF.type, VCARD.Kind))
        publisher = self.inputs.facts.publisher
        name = pick_text(publisher.names, self.languages) if publisher else None
        name = name or pick_text(self.config["dataset.title"], self.languages)
        if name:
            graph.add((self.contact, VCARD.fn, Literal(name)))
        email = self.config["dataset.contact_email"]
        if email:
            graph.add((self.contact, VCARD.hasEmail, URIRef("mailto:" + email.strip())))

    def add_licence(self, licence: URIRef) -> None:
        graph = self.entity(licence, "licence")
        graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
        known = LICENCES.get(str(licence))
        if known:
            kind, title = known
            graph.add((licence, DCTERMS.type, LICENCE_TYPE[kind]))
            graph.add((licence, DCTERMS.title, Literal(title, lang="en")))
            graph.add((LICENCE_TYPE[kind], RDF.type, SKOS.Concept))
            graph.add((LICENCE_TYPE[kind], SKOS.prefLabel, Literal(kind, lang="en")))
            graph.add((LICENCE_TYPE[kind], SKOS.inScheme, URIRef(LICENCE_TYPE_SCHEME)))
            graph.add((URIRef(LICENCE_TYPE_SCHEME), RDF.type, SKOS.ConceptScheme))
            graph.add((URIRef(LICENCE_TYPE_SCHEME), DCTERMS.title, Literal("Licence type", lang="en")))

    def add_dump(self, dump: dict) -> URIRef:
        fmt = RdfFormat[dump["format"]]
        iri = catalog_iri(self.base, distribution_name(dump))
        graph = self.entity(iri, "distribution")
        url = URIRef(f"{self.base}download/{dump['name']}")
        swedish, english = _DUMP_NAMES.get(fmt.name, (fmt.name, fmt.name))
        graph.add((iri, DCTERMS.title, Literal(f"Hela datamängden: {swedish}", lang="sv")))
        graph.add((iri, DCTERMS.title, Literal(f"The whole dataset: {english}", lang="en")))
        graph.add((iri, DCTERMS.description, Literal(
            f"Alla namngivna grafer i en fil ({swedish}).", lang="sv")))
        graph.add((iri, DCTERMS.description, Literal(
            f"Every named graph in one file ({english}).", lang="en")))
        self.add_access(graph, iri, url, download=True)
        self.add_format(graph, iri, fmt)
        if dump.get("compressed"):
            compression = URIRef(media_type_iri(GZIP))
            graph.add((iri, DCAT.compressFormat, compression))
            graph.add((compression, RDF.type, DCTERMS.MediaType))
        if dump.get("bytes") is not None:
            graph.add((iri, DCAT.byteSize, Literal(dump["bytes"], datatype=XSD.nonNegativeInteger)))
        if dump.get("sha1"):
            checksum = BNode()
            graph.add((iri, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha1))
            graph.add((checksum, SPDX.checksumValue, Literal(dump["sha1"], datatype=XSD.hexBinary)))
            graph.add((SPDX.checksumAlgorithm_sha1, RDF.type, SPDX.ChecksumAlgorithm))
        self.add_terms(graph, iri)
        return iri

    def add_event_stream(self) -> URIRef:
        iri = catalog_iri(self.base, "distribution-ldes")
        graph = self.entity(iri, "distribution")
        graph.add((iri, DCTERMS.title, Literal("Ändringsström (Linked Data Event Stream)", lang="sv")))
        graph.add((iri, DCTERMS.title, Literal("Change stream (Linked Data Event Stream)", lang="en")))
        graph.add((iri, DCTERMS.description, Literal(
            "Varje ändring av en resurs mellan två publiceringar, sida för sida i tidsordning.",
            lang="sv")))
        graph.add((iri, DCTERMS.description, Literal(
            "Every change of a resource between two builds, page by page in order of time.",
            lang="en")))
        self.add_access(graph, iri, URIRef(f"{self.base}ldes"), download=False)
        self.add_format(graph, iri, RdfFormat.TRIG)
        graph.add((iri, DCTERMS.conformsTo, LDES_SPECIFICATION))
        graph.add((LDES_SPECIFICATION, RDF.type, DCTERMS.Standard))
        graph.add((LDES_SPECIFICATION, DCTERMS.title, Literal("Linked Data Event Streams", lang="en")))
        self.add_terms(graph, iri)
        return iri

    def add_dataset(self, distributions: list[URIRef]) -> None:
        iri, facts, graph = self.dataset, self.inputs.facts, self.entity(self.dataset, "dataset")
        graph.add((iri, RDF.type, DCAT.Dataset))
        self.add_texts(graph, iri, "")
        graph.add((iri, DCTERMS.identifier, Literal(str(iri))))
        self.add_party(graph, iri)
        for keyword, language in facts.keywords:
            graph.add((iri, DCAT.keyword, Literal(keyword, lang=language)))
        self.add_themes(graph, iri)
        for place in facts.countries:
            self.add_location(graph, iri, URIRef(place), {})
        for place in facts.places:
            self.add_location(graph, iri, URIRef(place.iri), place.names)
        if facts.period:
            period = BNode()
            graph.add((iri, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((period, DCAT.startDate, Literal(facts.period[0], datatype=XSD.date)))
            graph.add((period, DCAT.endDate, Literal(facts.period[1], datatype=XSD.date)))
        self.add_dates(graph, iri)
        self.add_languages(graph, iri)
        graph.add((iri, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
        graph.add((ACCESS_RIGHT.PUBLIC, RDF.type, DCTERMS.RightsStatement))
        homepage = URIRef(self.base)
        graph.add((iri, DCAT.landingPage, homepage))
        graph.add((homepage, RDF.type, FOAF.Document))
        graph.add((iri, DCTERMS.conformsTo, ONTOLOGY))
        graph.add((ONTOLOGY, RDF.type, DCTERMS.Standard))
        graph.add((ONTOLOGY, DCTERMS.title, Literal("The lodpub ontology", lang="en")))
        graph.add((iri, RDFS.seeAlso, URIRef(f"{self.base}.well-known/void")))
        if facts.triples is not None:  # as VoID counts them: the dataset is VoID's too
            graph.add((iri, VOID.triples, Literal(facts.triples, datatype=XSD.integer)))
        for distribution in distributions:
            graph.add((iri, DCAT.distribution, distribution))

    def add_service(self) -> None:
        iri, graph = self.service, self.entity(self.service, "service")
        graph.add((iri, RDF.type, DCAT.DataService))
        graph.add((iri, DCTERMS.title, Literal("SPARQL-ändpunkt", lang="sv")))
        graph.add((iri, DCTERMS.title, Literal("SPARQL endpoint", lang="en")))
        graph.add((iri, DCTERMS.description, Literal(
            "Frågor i SPARQL 1.1 mot hela datamängden; endast läsning.", lang="sv")))
        graph.add((iri, DCTERMS.description, Literal(
            "SPARQL 1.1 queries over the whole dataset; read-only.", lang="en")))
        endpoint = URIRef(f"{self.base}sparql")
        graph.add((iri, DCAT.endpointURL, endpoint))
        graph.add((iri, DCAT.endpointDescription, endpoint))
        graph.add((endpoint, RDF.type, RDFS.Resource))
        graph.add((iri, DCTERMS.format, FILE_TYPE.SPARQLQRES))
        graph.add((FILE_TYPE.SPARQLQRES, RDF.type, DCTERMS.MediaTypeOrExtent))
        graph.add((iri, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        graph.add((SPARQL_PROTOCOL, RDF.type, DCTERMS.Standard))
        graph.add((SPARQL_PROTOCOL, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en")))
        graph.add((iri, DCAT.servesDataset, self.dataset))
        self.add_party(graph, iri)
        graph.add((iri, DCAT.keyword, Literal("SPARQL", lang="en")))
        graph.add((iri, DCAT.keyword, Literal("SPARQL", lang="sv")))
        self.add_themes(graph, iri)
        graph.add((iri, DCTERMS.accessRights, ACCESS_RIGHT.PUBLIC))
        graph.add((ACCESS_RIGHT.PUBLIC, RDF.type, DCTERMS.RightsStatement))
        graph.add((iri, DCTERMS.license, self.licence))

    def add_catalog(self) -> None:
        iri = catalog_iri(self.base)
        graph = self.entity(iri, "catalog")
        graph.add((iri, RDF.type, DCAT.Catalog))
        self.add_texts(graph, iri, "catalog")
        if self.publisher is not None:
            graph.add((iri, DCTERMS.publisher, self.publisher))
        graph.add((iri, DCTERMS.license, URIRef(CC0)))
        self.add_dates(graph, iri)
        self.add_languages(graph, iri)
        for country in self.inputs.facts.countries:
            self.add_location(graph, iri, URIRef(country), {})
        homepage = URIRef(self.base)
        graph.add((iri, FOAF.homepage, homepage))
        graph.add((homepage, RDF.type, FOAF.Document))
        scheme = URIRef(DATA_THEME_SCHEME)
        graph.add((iri, DCAT.themeTaxonomy, scheme))
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        graph.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))
        graph.add((iri, DCAT.dataset, self.dataset))
        graph.add((iri, DCAT.service, self.service))
        graph.add((iri, RDFS.seeAlso, URIRef(f"{self.base}catalog/feed")))

    # -- shared parts -------------------------------------------------------------------------

    def add_texts(self, graph: Graph, iri: URIRef, role: str) -> None:
        suffix = {"sv": " – datakatalog", "en": " – data catalogue"} if role == "catalog" else {}
        for language, text in sorted(self.config["dataset.title"].items()):
            graph.add((iri, DCTERMS.title, Literal(text + suffix.get(language, ""), lang=language)))
        for language, text in sorted(self.config["dataset.description"].items()):
            graph.add((iri, DCTERMS.description, Literal(text, lang=language)))

    def add_party(self, graph: Graph, iri: URIRef) -> None:
        if self.publisher is not None:
            graph.add((iri, DCTERMS.publisher, self.publisher))
        graph.add((iri, DCAT.contactPoint, self.contact))

    def add_themes(self, graph: Graph, iri: URIRef) -> None:
        for code in self.config["dataset.themes"]:
            theme = DATA_THEME[code]
            graph.add((iri, DCAT.theme, theme))
            graph.add((theme, RDF.type, SKOS.Concept))
            graph.add((theme, SKOS.inScheme, URIRef(DATA_THEME_SCHEME)))
            graph.add((theme, SKOS.prefLabel, Literal(THEMES[code][0], lang="en")))
            graph.add((theme, SKOS.prefLabel, Literal(THEMES[code][1], lang="sv")))

    def add_location(self, graph: Graph, iri: URIRef, place: URIRef, names: dict[str, str]) -> None:
        graph.add((iri, DCTERMS.spatial, place))
        graph.add((place, RDF.type, DCTERMS.Location))
        for language, name in sorted(names.items()):
            graph.add((place, SKOS.prefLabel, Literal(name, lang=language or self.default_language)))

    def add_dates(self, graph: Graph, iri: URIRef) -> None:
        if self.inputs.issued:
            graph.add((iri, DCTERMS.issued, Literal(self.inputs.issued, datatype=XSD.dateTime)))
        if self.inputs.modified:
            graph.add((iri, DCTERMS.modified, Literal(self.inputs.modified, datatype=XSD.dateTime)))

    def add_languages(self, graph: Graph, iri: URIRef) -> None:
        for code in self.languages:
            language = language_iri(code)
            if language:
                graph.add((iri, DCTERMS.language, URIRef(language)))
                graph.add((URIRef(language), RDF.type, DCTERMS.LinguisticSystem))

    def add_access(self, graph: Graph, iri: URIRef, url: URIRef, *, download: bool) -> None:
        graph.add((iri, RDF.type, DCAT.Distribution))
        graph.add((iri, DCAT.accessURL, url))
        if download:
            graph.add((iri, DCAT.downloadURL, url))
        graph.add((url, RDF.type, RDFS.Resource))

    def add_format(self, graph: Graph, iri: URIRef, fmt: RdfFormat) -> None:
        file_type = FILE_TYPE[FILE_TYPES[fmt]]
        graph.add((iri, DCTERMS.format, file_type))
        graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
        media_type = URIRef(media_type_iri(fmt.media_type))
        graph.add((iri, DCAT.mediaType, media_type))
        graph.add((media_type, RDF.type, DCTERMS.MediaType))

    def add_terms(self, graph: Graph, iri: URIRef) -> None:
        """Licence and availability, shared by every distribution."""
        graph.add((iri, DCTERMS.license, self.licence))
        graph.add((iri, DCATAP.availability, PLANNED_AVAILABILITY.STABLE))
        graph.add((PLANNED_AVAILABILITY.STABLE, RDF.type, SKOS.Concept))
        graph.add((PLANNED_AVAILABILITY.STABLE, SKOS.prefLabel, Literal("stable", lang="en")))


def as_dcat_ap_2(ntriples: bytes) -> bytes:
    """Return the catalog (N-Triples) as DCAT-AP 2.1.1 has it: byte sizes typed xsd:decimal.

    DCAT-AP 3 types ``dcat:byteSize`` as xsd:nonNegativeInteger, 2.1.1 as xsd:decimal;
    no literal satisfies both, so the 2.1.1 form is a variant of the document.

    >>> as_dcat_ap_2(b'<d> <http://www.w3.org/ns/dcat#byteSize> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .\\n')
    b'<d> <http://www.w3.org/ns/dcat#byteSize> "5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\\n'
    """
    predicate = f" <{DCAT.byteSize}> ".encode()
    lines = ntriples.splitlines(keepends=True)
    return b"".join(line.replace(f"<{XSD.nonNegativeInteger}>".encode(), f"<{XSD.decimal}>".encode())
                    if predicate in line else line for line in lines)


def _bind(graph: Graph) -> None:
    for prefix, namespace in (("dcatap", DCATAP), ("spdx", SPDX), ("vcard", VCARD), ("foaf", FOAF)):
        graph.bind(prefix, namespace, override=True, replace=True)
