"""One failing fixture per constraint: each shape is shown to fire, with its exact result.

Every case starts from the example (which conforms), changes one document's graph,
and expects exactly one new result with the given component, focus node and path.
pyshacl silently ignores a misspelt constraint, so only a failing fixture proves one.
"""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from conftest import EXAMPLE
from lodpub.mapping import map_content
from lodpub.namespaces import LP, ORG, SCHEMA, SKOS
from lodpub.sources.content import read_content
from lodpub.validation import VIOLATION, WARNING, validate_documents

BASE = "http://localhost:8000/"
ARTICLE = "article/2023-06-22-signerat-partnerskap-vannas-slobozhanske"
PARTNERSHIP = "partnership/se-2460--ua-UA63140110000087562"
AGREEMENT = "agreement/se-2460--ua-UA63140110000087562/2023-06-20-letterOfIntent"
SIGNATURE = "signature/se-2460--ua-UA63140110000087562/2023-06-20-letterOfIntent/se-2460"
EVENT = "event/2023-06-19-stockholm-partnership-conference"
MANDATE = "mandate/lundgren-vannas-kf-chair"
PERSON = "person/90ddccd3-ee5f-4b54-b53b-0b91d609d33c"
OBSERVATION = "place/area-ua-UA63140110000087562#population-1"
QUOTE = ARTICLE + "#quote-1"
ACTIVITY = "activity/vannas-slobozhanske-digital-contact"


def iri(path: str) -> URIRef:
    return URIRef(f"{BASE}id/{path}")


def date(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def remove(subject, predicate):
    return lambda graph: graph.remove((iri(subject), predicate, None))


def add(subject, predicate, obj):
    return lambda graph: graph.add((iri(subject), predicate, obj))


def replace(subject, predicate, obj):
    def change(graph):
        graph.remove((iri(subject), predicate, None))
        graph.add((iri(subject), predicate, obj))
    return change


def change_identifier(predicate, obj=None):
    def change(graph):
        node = sorted(graph.objects(iri("municipality/se-2460"), SCHEMA.identifier))[0]
        graph.remove((node, predicate, None))
        if obj is not None:
            graph.add((node, predicate, obj))
    return change


CASES = [
    # articles
    ("headline-missing", remove(ARTICLE, SCHEMA.headline), "MinCount", ARTICLE, SCHEMA.headline),
    ("headline-twice-in-a-language", add(ARTICLE, SCHEMA.headline, Literal("Annan rubrik", lang="sv")),
     "UniqueLang", ARTICLE, SCHEMA.headline),
    ("headline-without-language", add(ARTICLE, SCHEMA.headline, Literal("No language")),
     "Datatype", ARTICLE, SCHEMA.headline),
    ("date-published-missing", remove(ARTICLE, SCHEMA.datePublished), "MinCount", ARTICLE,
     SCHEMA.datePublished),
    ("date-published-twice", add(ARTICLE, SCHEMA.datePublished, date("2023-06-23")), "MaxCount",
     ARTICLE, SCHEMA.datePublished),
    ("date-published-text", replace(ARTICLE, SCHEMA.datePublished, Literal("22 June")), "Or", ARTICLE,
     SCHEMA.datePublished),
    ("date-modified-text", add(ARTICLE, SCHEMA.dateModified, Literal("later")), "Or", ARTICLE,
     SCHEMA.dateModified),
    ("language-missing", remove(ARTICLE, SCHEMA.inLanguage), "MinCount", ARTICLE, SCHEMA.inLanguage),
    ("language-malformed", replace(ARTICLE, SCHEMA.inLanguage, Literal("swedish!")), "Pattern",
     ARTICLE, SCHEMA.inLanguage),
    ("publisher-missing", remove(ARTICLE, SCHEMA.publisher), "MinCount", ARTICLE, SCHEMA.publisher),
    ("publisher-not-organisation", replace(ARTICLE, SCHEMA.publisher, iri("place/sweden")), "Class",
     ARTICLE, SCHEMA.publisher),
    ("author-place", add(ARTICLE, SCHEMA.author, iri("place/sweden")), "Or", ARTICLE, SCHEMA.author),
    ("about-literal", add(ARTICLE, SCHEMA.about, Literal("partnership")), "NodeKind", ARTICLE,
     SCHEMA.about),
    ("mentions-literal", add(ARTICLE, SCHEMA.mentions, Literal("SKR")), "NodeKind", ARTICLE,
     SCHEMA.mentions),
    # names
    ("person-without-name", remove(PERSON, SCHEMA.name), "MinCount", PERSON, SCHEMA.name),
    ("place-two-names-one-language", add("place/sweden", SCHEMA.name, Literal("Konungariket", lang="sv")),
     "UniqueLang", "place/sweden", SCHEMA.name),
    # municipalities and organisations
    ("jurisdiction-missing", remove("municipality/se-2460", LP.jurisdiction), "MinCount",
     "municipality/se-2460", LP.jurisdiction),
    ("jurisdiction-not-area", replace("municipality/se-2460", LP.jurisdiction, iri("organisation/skr")),
     "Class", "municipality/se-2460", LP.jurisdiction),
    ("parent-not-organisation", replace("organisation/salar-international", SCHEMA.parentOrganization,
                                        iri("place/sweden")),
     "Class", "organisation/salar-international", SCHEMA.parentOrganization),
    ("unit-of-not-organisation", replace("organisation/vannas-kommunfullmaktige", ORG.unitOf,
                                         iri("place/sweden")),
     "Class", "organisation/vannas-kommunfullmaktige", ORG.unitOf),
    ("founding-date-text", replace("municipality/ua-UA63140110000087562", SCHEMA.foundingDate,
                                   Literal("2020")),
     "Datatype", "municipality/ua-UA63140110000087562", SCHEMA.foundingDate),
    # places and observations
    ("place-in-two-places", add("place/stockholm", SCHEMA.containedInPlace, iri("place/ukraine")),
     "MaxCount", "place/stockholm", SCHEMA.containedInPlace),
    ("place-in-organisation", replace("place/stockholm", SCHEMA.containedInPlace, iri("organisation/skr")),
     "Class", "place/stockholm", SCHEMA.containedInPlace),
    ("population-negative", replace(OBSERVATION, SCHEMA.value, Literal(-5)), "MinInclusive",
     OBSERVATION, SCHEMA.value),
    ("population-not-integer", replace(OBSERVATION, SCHEMA.value, Literal(Decimal("12.5"))), "Datatype",
     OBSERVATION, SCHEMA.value),
    ("population-undated", remove(OBSERVATION, SCHEMA.observationDate), "MinCount", OBSERVATION,
     SCHEMA.observationDate),
    ("observation-about-nothing", remove(OBSERVATION, SCHEMA.observationAbout), "MinCount",
     OBSERVATION, SCHEMA.observationAbout),
    # people and mandates
    # an e-mail address is both private and not in lodpub's vocabulary: two results
    ("person-with-email", add(PERSON, SCHEMA.email, Literal("a@b.se")), "MaxCount", PERSON, SCHEMA.email,
     [("Closed", PERSON, SCHEMA.email)]),
    ("mandate-without-person", remove(MANDATE, ORG.member), "MinCount", MANDATE, ORG.member),
    ("mandate-in-a-place", replace(MANDATE, ORG.organization, iri("place/sweden")), "Class", MANDATE,
     ORG.organization),
    ("mandate-without-role", remove(MANDATE, ORG.role), "MinCount", MANDATE, ORG.role),
    ("mandate-role-from-other-scheme", replace(MANDATE, ORG.role, LP.reconstruction), "In", MANDATE,
     ORG.role),
    ("mandate-two-parties", add(MANDATE, LP.onBehalfOf, iri("organisation/skr")), "MaxCount", MANDATE,
     LP.onBehalfOf),
    ("mandate-start-text", add(MANDATE, SCHEMA.startDate, Literal("spring")), "Datatype", MANDATE,
     SCHEMA.startDate),
    ("mandate-ends-before-start", lambda g: (g.add((iri(MANDATE), SCHEMA.startDate, date("2022-01-01"))),
                                             g.add((iri(MANDATE), SCHEMA.endDate, date("2021-01-01")))),
     "LessThanOrEquals", MANDATE, SCHEMA.startDate),
    # events
    ("event-without-start", remove(EVENT, SCHEMA.startDate), "MinCount", EVENT, SCHEMA.startDate),
    ("event-two-ends", add(EVENT, SCHEMA.endDate, date("2023-06-21")), "MaxCount", EVENT, SCHEMA.endDate),
    ("event-ends-before-start", replace(EVENT, SCHEMA.endDate, date("2023-06-18")), "LessThanOrEquals",
     EVENT, SCHEMA.startDate),
    ("event-mixed-date-kinds", replace(EVENT, SCHEMA.endDate,
                                       Literal("2023-06-20T17:00:00+02:00", datatype=XSD.dateTime)),
     "Or", EVENT, None),
    ("event-in-an-organisation", replace(EVENT, SCHEMA.location, iri("organisation/skr")), "Class",
     EVENT, SCHEMA.location),
    ("event-organised-by-a-place", add(EVENT, SCHEMA.organizer, iri("place/sweden")), "Or", EVENT,
     SCHEMA.organizer),
    # partnerships and activities
    ("partnership-one-partner", lambda g: g.remove((iri(PARTNERSHIP), LP.partner,
                                                    iri("municipality/ua-UA63140110000087562"))),
     "MinCount", PARTNERSHIP, LP.partner,
     # the agreement's party is then no partner: the rule across documents fires too
     [("SPARQL", AGREEMENT, None)]),
    ("partner-not-organisation", add(PARTNERSHIP, LP.partner, iri("place/sweden")), "Class", PARTNERSHIP,
     LP.partner),
    ("partnership-without-type", remove(PARTNERSHIP, LP.partnershipType), "MinCount", PARTNERSHIP,
     LP.partnershipType),
    ("partnership-type-from-other-scheme", replace(PARTNERSHIP, LP.partnershipType, LP.letterOfIntent),
     "In", PARTNERSHIP, LP.partnershipType),
    ("status-not-a-concept", replace(PARTNERSHIP, LP.status, iri("place/sweden")), "Class", PARTNERSHIP,
     LP.status),
    ("status-from-other-scheme", replace(PARTNERSHIP, LP.status, LP.twinning), "In", PARTNERSHIP,
     LP.status),
    ("area-from-other-scheme", add(PARTNERSHIP, LP.cooperationArea, LP.active), "In", PARTNERSHIP,
     LP.cooperationArea),
    ("area-not-a-concept", add(PARTNERSHIP, LP.cooperationArea, iri("place/sweden")), "Class",
     PARTNERSHIP, LP.cooperationArea),
    ("facilitator-not-organisation", add(PARTNERSHIP, LP.facilitatedBy, iri("place/sweden")), "Class",
     PARTNERSHIP, LP.facilitatedBy),
    ("activity-not-activity", add(PARTNERSHIP, LP.activity, iri("place/sweden")), "Class", PARTNERSHIP,
     LP.activity),
    ("status-date-text", replace(PARTNERSHIP, DCTERMS.modified, Literal("June")), "Datatype",
     PARTNERSHIP, DCTERMS.modified),
    ("activity-without-status", remove(ACTIVITY, SCHEMA.actionStatus), "MinCount", ACTIVITY,
     SCHEMA.actionStatus),
    ("activity-unknown-status", replace(ACTIVITY, SCHEMA.actionStatus, SCHEMA.Thing), "In", ACTIVITY,
     SCHEMA.actionStatus),
    ("activity-occasion-place", add(ACTIVITY, LP.occasion, iri("place/sweden")), "Class", ACTIVITY,
     LP.occasion),
    # agreements and signatures
    ("agreement-without-type", remove(AGREEMENT, LP.agreementType), "MinCount", AGREEMENT,
     LP.agreementType),
    ("agreement-type-from-other-scheme", replace(AGREEMENT, LP.agreementType, LP.twinning), "In",
     AGREEMENT, LP.agreementType),
    ("agreement-formalises-nothing", remove(AGREEMENT, LP.formalises), "MinCount", AGREEMENT,
     LP.formalises),
    ("agreement-one-party", lambda g: g.remove((iri(AGREEMENT), LP.party,
                                                iri("municipality/ua-UA63140110000087562"))),
     "MinCount", AGREEMENT, LP.party,
     [("SPARQL", SIGNATURE[:-len("se-2460")] + "ua-UA63140110000087562", None)]),
    ("agreement-date-text", replace(AGREEMENT, SCHEMA.dateCreated, Literal("June")), "Datatype",
     AGREEMENT, SCHEMA.dateCreated),
    ("agreement-occasion-place", replace(AGREEMENT, LP.occasion, iri("place/sweden")), "Class",
     AGREEMENT, LP.occasion),
    ("agreement-party-not-partner", add(AGREEMENT, LP.party, iri("organisation/skr")), "SPARQL",
     AGREEMENT, None),
    ("signature-of-nothing", remove(SIGNATURE, LP.signatureOf), "MinCount", SIGNATURE, LP.signatureOf),
    ("signature-for-nobody", remove(SIGNATURE, LP.onBehalfOf), "MinCount", SIGNATURE, LP.onBehalfOf),
    ("signed-by-organisation", add(SIGNATURE, SCHEMA.agent, iri("organisation/skr")), "Class", SIGNATURE,
     SCHEMA.agent),
    ("signed-in-capacity-of-person", add(SIGNATURE, LP.inCapacity, iri(PERSON)), "Class", SIGNATURE,
     LP.inCapacity),
    ("signature-date-text", replace(SIGNATURE, DCTERMS.date, Literal("June")), "Datatype", SIGNATURE,
     DCTERMS.date),
    ("signer-not-a-party", replace(SIGNATURE, LP.onBehalfOf, iri("organisation/skr")), "SPARQL",
     SIGNATURE, None),
    # quotations
    ("quote-by-nobody", remove(QUOTE, SCHEMA.spokenByCharacter), "MinCount", QUOTE,
     SCHEMA.spokenByCharacter),
    ("quote-without-text", remove(QUOTE, SCHEMA.text), "MinCount", QUOTE, SCHEMA.text),
    # only known terms
    ("misspelt-property", add(ARTICLE, SCHEMA.headlin, Literal("x", lang="sv")), "Closed", ARTICLE,
     SCHEMA.headlin),
    ("unknown-class", add(ARTICLE, RDF.type, SCHEMA.NewsArtikel), "In", ARTICLE, RDF.type),
]

IDENTIFIER_CASES = [
    ("identifier-without-scheme", change_identifier(SCHEMA.propertyID), "MinCount", SCHEMA.propertyID),
    ("identifier-without-value", change_identifier(SCHEMA.value), "MinCount", SCHEMA.value),
    ("identifier-of-wrong-class", change_identifier(RDF.type, SCHEMA.Thing), "Class", None),
    ("identifier-of-unknown-class", change_identifier(RDF.type, SCHEMA.Thing), "In", RDF.type),
]

WARNING_CASES = [
    ("headline-too-long", replace(ARTICLE, SCHEMA.headline, Literal("x" * 120, lang="sv")), "MaxLength",
     ARTICLE, SCHEMA.headline),
    ("article-without-summary", remove(ARTICLE, SCHEMA.abstract), "MinCount", ARTICLE, SCHEMA.abstract),
    ("article-about-nothing", remove(ARTICLE, SCHEMA.about), "MinCount", ARTICLE, SCHEMA.about),
    ("municipality-without-code", remove("municipality/se-2460", SCHEMA.identifier), "MinCount",
     "municipality/se-2460", SCHEMA.identifier),
    ("partnership-without-areas", remove(PARTNERSHIP, LP.cooperationArea), "MinCount", PARTNERSHIP,
     LP.cooperationArea),
]


@pytest.fixture(scope="module")
def mapped():
    return map_content(read_content(EXAMPLE))


@pytest.fixture(scope="module")
def baseline(mapped):
    return {_key(finding) for finding in validate_documents(mapped).findings}


def _key(finding):
    return (finding.severity, finding.component.rsplit("#", 1)[-1], finding.focus, finding.path)


def _validate_changed(mapped, change, owner: str):
    """Apply *change* to the graph of the document that describes *owner*, then validate."""
    changed = copy.deepcopy(mapped)
    subject = iri(owner.split("#")[0]) if "#" not in owner else iri(owner)
    item = next(item for item in changed if (subject, None, None) in item.graph)
    snapshot = set(item.graph)
    change(item.graph)
    assert set(item.graph) != snapshot, "the change matched no triple of the example"
    return validate_documents(changed)


def test_the_example_conforms(mapped):
    report = validate_documents(mapped)
    assert report.conforms, report.to_text()


def _expected(component, focus, path):
    return (VIOLATION, f"{component}ConstraintComponent", str(iri(focus)),
            str(path) if path is not None else None)


@pytest.mark.parametrize("name, change, component, focus, path, also",
                         [pytest.param(*case, *([[]] if len(case) == 5 else []), id=case[0])
                          for case in CASES])
def test_violation(mapped, baseline, name, change, component, focus, path, also):
    report = _validate_changed(mapped, change, focus)
    new = {_key(finding) for finding in report.findings} - baseline
    assert new == {_expected(component, focus, path)} | {_expected(*extra) for extra in also}
    assert not report.conforms


@pytest.mark.parametrize("name, change, component, path",
                         [pytest.param(*case, id=case[0]) for case in IDENTIFIER_CASES])
def test_identifier_violation(mapped, baseline, name, change, component, path):
    report = _validate_changed(mapped, change, "municipality/se-2460")
    new = {_key(finding)[:2] + _key(finding)[3:] for finding in report.findings} - {
        key[:2] + key[3:] for key in baseline}
    assert (VIOLATION, f"{component}ConstraintComponent", str(path) if path else None) in new
    assert not report.conforms


@pytest.mark.parametrize("name, change, component, focus, path",
                         [pytest.param(*case, id=case[0]) for case in WARNING_CASES])
def test_warning_does_not_block(mapped, baseline, name, change, component, focus, path):
    report = _validate_changed(mapped, change, focus)
    new = {_key(finding) for finding in report.findings} - baseline
    assert new == {(WARNING, f"{component}ConstraintComponent", str(iri(focus)), str(path))}
    assert report.conforms


def test_messages_come_in_english_and_swedish(mapped):
    report = _validate_changed(mapped, remove(PARTNERSHIP, LP.status), PARTNERSHIP)
    finding = next(item for item in report.findings if item.severity == VIOLATION)
    assert finding.message("en").startswith("A partnership has exactly one status")
    assert finding.message("sv").startswith("Ett partnerskap har exakt en status")
    assert finding.location.path == "registry/partnerships.yaml"
    assert finding.location.field == "status"
    assert finding.location.key == "se-2460--ua-UA63140110000087562"


def test_every_role_concept_is_in_its_scheme(mapped):
    """The SKOS schemes the shapes check against are complete for the example's values."""
    from lodpub.mapping.concepts import ontology_graph

    graph = ontology_graph()
    for concept in (LP.municipalCouncilChair, LP.headOfHromada):
        assert (concept, SKOS.inScheme, LP.Role) in graph
