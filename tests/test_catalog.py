"""The DCAT-AP catalog, end to end against ``lodpub serve``: official shapes, DCAT-AP-SE, downloads."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SH, SKOS, XSD

from conftest import run_cli, shared_path
from test_web_resources import fetch

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld",
           "application/n-triples": "nt"}


def catalog(server, media_type: str = "application/rdf+xml", query: str = "") -> Graph:
    answer = fetch(server.url, "/catalog" + query, {"Accept": media_type})
    assert answer.status == 200, answer.body[:300]
    assert answer.header("Content-Type").split(";")[0] == media_type
    return Graph().parse(data=answer.body, format=FORMATS[media_type])


def violations(data: Graph, *shape_files) -> list[str]:
    shapes = Graph()
    for path in shape_files:
        shapes.parse(path)
    conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                               allow_warnings=True)
    assert conforms or "Violation" in text
    return [] if conforms else [text]


def official(*parts: str):
    return shared_path("external", "dcat-ap", *parts)


# -- the official DCAT-AP shapes -------------------------------------------------------------

def test_the_catalog_conforms_to_dcat_ap_3_0_1(live_server):
    folder = official("3.0.1", "html-shacl")
    assert violations(catalog(live_server), folder / "shapes.ttl", folder / "shapes_recommended.ttl",
                      folder / "range.ttl") == []


def test_the_catalog_conforms_to_the_generated_dcat_ap_3_0_0_shapes(live_server):
    assert violations(catalog(live_server), official("3.0.0", "shacl", "dcat-ap-SHACL.ttl")) == []


def test_the_catalog_uses_the_controlled_vocabularies(live_server):
    """3.0.1's vocabulary shapes, with the EU themes and file types saved beside the shapes;
    the authority tables not saved there (languages, countries, access rights, availability)
    are stubbed with their schemes, as the shapes only check membership.

    The checksum rule is left out: it wants algorithm IRIs under https://spdx.org/, while
    the SPDX namespace, and DCAT-AP 2.1.1's required SHA-1 IRI, are under http://spdx.org/.
    """
    data = catalog(live_server)
    data.parse(official("vocabularies", "data-theme-skos-ap-act.ttl"))
    data.parse(official("vocabularies", "filetypes-skos.rdf"))
    authority = "http://publications.europa.eu/resource/authority/"
    for scheme in ("language", "country", "access-right", "planned-availability"):
        for term in set(data.objects()):
            if str(term).startswith(f"{authority}{scheme}/"):
                data.add((term, SKOS.inScheme, URIRef(authority + scheme)))
    shapes = Graph().parse(official("3.0.1", "html-shacl", "mdr-vocabularies.shape.ttl"))
    checksum_rule = next(shapes.subjects(SH.targetClass, SPDX.Checksum))
    shapes.remove((checksum_rule, SH.targetClass, SPDX.Checksum))
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, text


def test_the_dcat_ap_2_1_1_profile_conforms_to_dcat_ap_2_1_1(live_server):
    old = catalog(live_server, query="?profile=dcat-ap-2.1.1")
    assert violations(old, official("2.1.1", "dcat-ap_2.1.1_shacl_shapes.ttl"),
                      official("2.1.1", "dcat-ap_2.1.1_shacl_shapes_recommended.ttl"),
                      official("2.1.1", "dcat-ap_2.1.1_shacl_range.ttl")) == []
    sizes = list(old.objects(None, DCAT.byteSize))
    assert sizes and all(size.datatype == XSD.decimal for size in sizes)
    current = catalog(live_server)
    assert all(size.datatype == XSD.nonNegativeInteger for size in current.objects(None, DCAT.byteSize))
    assert {int(size) for size in sizes} == {int(size) for size in current.objects(None, DCAT.byteSize)}


def test_an_unknown_profile_is_a_clear_error(live_server):
    answer = fetch(live_server.url, "/catalog?profile=dcat-ap-1", {"Accept": "application/json"})
    assert answer.status == 400
    assert "'profile'" in answer.text and "dcat-ap-2.1.1" in answer.text


# -- DCAT-AP-SE --------------------------------------------------------------------------------

def test_the_catalog_meets_lodpubs_own_catalog_shapes(live_server):
    from lodpub.validation.catalog import check_catalog

    findings, _ = check_catalog(catalog(live_server))
    assert [item for item in findings if item.severity == "violation"] == []


def test_dcat_ap_se_rules_hold_in_the_harvested_rdf_xml(live_server):
    """dataportal.se harvests one RDF/XML document with absolute IRIs and named entities."""
    answer = fetch(live_server.url, "/catalog.rdf")
    assert answer.status == 200 and answer.header("Content-Type").startswith("application/rdf+xml")
    assert b"xml:base" not in answer.body
    data = Graph().parse(data=answer.body, format="xml")
    named = {DCAT.Catalog, DCAT.Dataset, DCAT.Distribution, DCAT.DataService, FOAF.Agent, VCARD.Kind}
    typed = [(node, kind) for kind in named for node in data.subjects(RDF.type, kind)]
    assert {kind for _, kind in typed} == named
    assert [node for node, _ in typed if isinstance(node, BNode)] == []
    assert all(str(term).startswith(("http://", "https://", "mailto:"))
               for triple in data for term in triple if isinstance(term, URIRef))
    cat = next(data.subjects(RDF.type, DCAT.Catalog))
    assert data.value(cat, DCTERMS.license) == URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
    assert len(list(data.objects(cat, DCAT.dataset))) >= 1
    publisher = data.value(cat, DCTERMS.publisher)
    assert data.value(publisher, DCTERMS.type) == URIRef("http://purl.org/adms/publishertype/LocalAuthority")
    assert all(name.language for name in data.objects(publisher, FOAF.name))
    contact = next(data.objects(None, DCAT.contactPoint))
    assert (contact, RDF.type, VCARD.Organization) in data
    assert data.value(contact, VCARD.hasEmail) == URIRef("mailto:kommunen@vannas.se")
    assert data.value(contact, VCARD.hasEmail) != publisher
    for distribution in data.subjects(RDF.type, DCAT.Distribution):
        assert len(list(data.objects(distribution, DCAT.accessURL))) == 1
        assert len(list(data.objects(distribution, DCTERMS.format))) == 1
    service = next(data.subjects(RDF.type, DCAT.DataService))
    assert len(list(data.objects(service, DCTERMS.format))) == 1
    for predicate in (DCTERMS.title, DCTERMS.description, DCAT.keyword, FOAF.name):
        assert all(value.language for value in data.objects(None, predicate)), predicate
    for date in [*data.objects(None, DCTERMS.issued), *data.objects(None, DCTERMS.modified)]:
        assert date.datatype in (XSD.date, XSD.dateTime, XSD.gYear)


def test_lodpubs_shapes_reject_what_dcat_ap_se_forbids(live_server):
    from lodpub.validation.catalog import check_catalog

    base = live_server.url + "/"
    cases = {
        "contact_email": lambda g: g.remove((None, VCARD.hasEmail, None)),
        "publisher_type": lambda g: g.remove((None, DCTERMS.type, URIRef(
            "http://purl.org/adms/publishertype/LocalAuthority"))),
        "license": lambda g: g.set((URIRef(base + "catalog#distribution-turtle"), DCTERMS.license,
                                    URIRef("https://creativecommons.org/licenses/by/4.0/deed.sv"))),
        None: lambda g: _blank_dataset(g, URIRef(base + "catalog#dataset")),
    }
    for setting, spoil in cases.items():
        data = catalog(live_server)
        spoil(data)
        findings, _ = check_catalog(data)
        failed = [item for item in findings if item.severity == "violation"]
        assert failed, setting
        if setting:
            assert {item.location.field for item in failed} == {setting}
            assert all(item.location.path == "lodpub.toml" for item in failed)


def _blank_dataset(graph: Graph, dataset: URIRef) -> None:
    blank = BNode()
    for predicate, obj in list(graph.predicate_objects(dataset)):
        graph.add((blank, predicate, obj))
    for subject, predicate in list(graph.subject_predicates(dataset)):
        graph.add((subject, predicate, blank))
    graph.remove((dataset, None, None))
    graph.remove((None, None, dataset))


def test_lodpubs_shapes_judge_digg_examples_as_dcat_ap_3_does():
    """DIGG's recommended example writes dct:format as a literal: DCAT-AP 3 rejects that."""
    from lodpub.validation.catalog import check_catalog

    example = Graph().parse(shared_path("external", "dcat-ap-se", "examples", "rekommenderat.ttl"))
    findings, _ = check_catalog(example)
    failed = {item.path for item in findings if item.severity == "violation"}
    assert str(DCTERMS.format) in failed


# -- the same catalog in every format, and every IRI in it answers -----------------------------

def test_every_format_says_the_same(live_server):
    graphs = [catalog(live_server, media_type) for media_type in FORMATS]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])
    for extension, media_type in (("ttl", "text/turtle"), ("rdf", "application/rdf+xml"),
                                  ("jsonld", "application/ld+json"), ("nt", "application/n-triples")):
        answer = fetch(live_server.url, f"/catalog.{extension}")
        assert answer.header("Content-Type").split(";")[0] == media_type
        assert isomorphic(Graph().parse(data=answer.body, format=FORMATS[media_type]), graphs[0])
    refused = fetch(live_server.url, "/catalog", {"Accept": "image/png"})
    assert refused.status == 406 and "text/turtle" in refused.text


def test_every_download_and_access_url_answers_with_its_declared_media_type(live_server):
    data = catalog(live_server)
    distributions = list(data.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 5
    for distribution in distributions:
        declared = str(data.value(distribution, DCAT.mediaType))
        assert declared.startswith(IANA)
        urls = {*data.objects(distribution, DCAT.downloadURL), *data.objects(distribution, DCAT.accessURL)}
        for url in urls:
            answer = fetch(live_server.url, urlsplit(str(url)).path, {"Accept-Encoding": "gzip"})
            assert answer.status == 200, url
            # a compressed file is sent as what it is; its dcat:mediaType is the data inside
            compression = data.value(distribution, DCAT.compressFormat)
            sent = declared if compression is None else str(compression)
            assert answer.header("Content-Type").split(";")[0] == sent[len(IANA):], url
            if compression is not None:
                assert answer.header("Content-Encoding") is None, url
        size = data.value(distribution, DCAT.byteSize)
        if size is not None:
            body = fetch(live_server.url, urlsplit(str(data.value(distribution, DCAT.downloadURL))).path,
                         {"Accept-Encoding": "gzip"}).body
            assert len(body) == int(size)
            checksum = data.value(distribution, SPDX.checksum)
            assert data.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha1
            assert str(data.value(checksum, SPDX.checksumValue)) == hashlib.sha1(body).hexdigest()


def test_every_iri_the_catalog_mints_dereferences(live_server):
    base = live_server.url + "/"
    data = catalog(live_server)
    minted = {str(term).split("#", 1)[0] for triple in data for term in triple
              if isinstance(term, URIRef) and str(term).startswith(base)}
    assert {base + "catalog", base + "sparql", base + "ldes", base + ".well-known/void"} <= minted
    for iri in sorted(minted):
        answer = fetch(live_server.url, urlsplit(iri).path)
        if answer.status == 303:
            answer = fetch(live_server.url, answer.header("Location"))
        assert answer.status == 200, iri


# -- what the catalog says about the data -----------------------------------------------------

def test_the_dataset_is_described_from_the_data(live_server):
    data = catalog(live_server)
    dataset = URIRef(live_server.url + "/catalog#dataset")
    spatial = set(map(str, data.objects(dataset, DCTERMS.spatial)))
    authority = "http://publications.europa.eu/resource/authority/"
    assert {authority + "country/SWE", authority + "country/UKR"} <= spatial
    assert "https://sws.geonames.org/2665089/" in spatial          # Vännäs, by its GeoNames IRI
    assert live_server.url + "/id/place/area-ua-UA63140110000087562" in spatial
    period = data.value(dataset, DCTERMS.temporal)
    assert (str(data.value(period, DCAT.startDate)), str(data.value(period, DCAT.endDate))) == \
        ("2023-06-19", "2023-06-22")
    assert URIRef(authority + "data-theme/GOVE") in set(data.objects(dataset, DCAT.theme))
    assert Literal("partnerskap", lang="sv") in set(data.objects(dataset, DCAT.keyword))
    assert data.value(dataset, DCTERMS.issued) is not None
    service = URIRef(live_server.url + "/catalog#sparql-service")
    assert data.value(service, DCAT.endpointURL) == URIRef(live_server.url + "/sparql")
    assert data.value(service, DCAT.servesDataset) == dataset


# -- lodpub validate and the settings -----------------------------------------------------------

def test_validate_checks_the_catalog_and_names_the_setting(project):
    assert run_cli("validate", project).returncode == 0
    settings = project / "lodpub.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text("\n".join(line for line in text.splitlines()
                                  if not line.startswith("contact_email")), encoding="utf-8")
    result = run_cli("validate", project)
    assert result.returncode == 1
    assert "lodpub.toml" in result.stdout and "field 'contact_email'" in result.stdout
    assert "mailto:" in result.stdout


def test_an_unknown_theme_is_refused_with_the_setting_named(project):
    settings = project / "lodpub.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[dataset]", '[dataset]\nthemes = ["GOVE", "REGIONS"]'), encoding="utf-8")
    result = run_cli("build", project)
    assert result.returncode == 1
    assert "dataset.themes" in result.stderr and "'REGIONS'" in result.stderr and "REGI" in result.stderr
    assert "Traceback" not in result.stderr
