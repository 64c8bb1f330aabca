"""Every fact of the founding article has a home in the example's graph.

Each fact is asked of the built example through ``lodpub query``, as a researcher would.
"""

from __future__ import annotations

import json

import pytest

from conftest import run_cli

PREFIXES = """
PREFIX schema: <http://schema.org/>
PREFIX lp: <https://w3id.org/lodpub/ns#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX person: <http://www.w3.org/ns/person#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

FACTS = {
    "article published 22 June 2023 by Vännäs, in Swedish": """
        ?article a schema:NewsArticle ;
            schema:headline "Signerat partnerskap mellan Vännäs och Slobozhanske"@sv ;
            schema:datePublished "2023-06-22"^^xsd:date ; schema:inLanguage "sv" ;
            schema:publisher ?vannas .
        ?vannas schema:name "Vännäs kommun"@sv .""",
    "the article is about the partnership and the letter of intent": """
        ?article a schema:NewsArticle ; schema:about ?partnership, ?agreement .
        ?partnership a lp:MunicipalPartnership . ?agreement a lp:Agreement .""",
    "the article mentions the people, SKR and the conference": """
        ?article a schema:NewsArticle ; schema:mentions ?event, ?skr, ?lundgren, ?dikhtiar .
        ?event a schema:ConferenceEvent . ?skr schema:alternateName "SKR"@sv .
        ?lundgren schema:name "Lillemor Lundgren" . ?dikhtiar schema:name "Dmytro Dikhtiar"@en .""",
    "conference 19–20 June 2023 in Stockholm": """
        ?event a schema:ConferenceEvent ; schema:startDate "2023-06-19"^^xsd:date ;
            schema:endDate "2023-06-20"^^xsd:date ; schema:location ?stockholm .
        ?stockholm a schema:City ; schema:name "Stockholm"@sv .""",
    "11 Ukrainian and 11 Swedish municipalities took part (an incomplete list)": """
        ?event a schema:ConferenceEvent ; schema:attendee ?vannas, ?slobozhanske ;
            schema:description ?text .
        ?vannas a lp:Municipality . ?slobozhanske a lp:Municipality . FILTER(?vannas != ?slobozhanske)
        FILTER(CONTAINS(STR(?text), "11 ukrainska och 11 svenska"))""",
    "organised by Cities 4 Cities and SALAR International, part of SKR": """
        ?event a schema:ConferenceEvent ; schema:organizer ?c4c, ?salar .
        ?c4c schema:name "Cities4Cities"@en . ?salar schema:name "SALAR International"@en ;
            schema:parentOrganization ?skr . ?skr schema:alternateName "SKR"@sv .""",
    "Vännäs kommun, kommunkod 2460, org. no. 212000-2841, in Västerbotten, Sweden": """
        ?vannas a lp:Municipality ; schema:name "Vännäs kommun"@sv ;
            schema:identifier [ schema:propertyID "SE-kommunkod" ; schema:value "2460" ] ,
                              [ schema:propertyID "SE-organisationsnummer" ; schema:value "212000-2841" ] ;
            lp:jurisdiction ?area .
        ?area schema:sameAs <https://sws.geonames.org/2665089/> ;
            schema:containedInPlace ?county . ?county schema:containedInPlace ?sweden .
        ?sweden a schema:Country ; schema:sameAs <http://publications.europa.eu/resource/authority/country/SWE> .""",
    "Slobozhanske hromada, KATOTTH UA63140110000087562, Kharkiv region, Ukraine": """
        ?hromada a lp:Municipality ; schema:name "Слобожанська селищна громада"@uk,
                "Slobozhanske settlement hromada"@en ;
            schema:identifier [ schema:propertyID "UA-KATOTTH" ; schema:value "UA63140110000087562" ] ;
            lp:jurisdiction/schema:containedInPlace+ ?oblast .
        ?oblast schema:name "Kharkiv Oblast"@en ; schema:containedInPlace ?ukraine .
        ?ukraine a schema:Country ; schema:name "Ukraine"@en .""",
    "about 30,000 inhabitants: a dated, sourced, approximate figure": """
        ?figure a schema:Observation ; schema:value 30000 ; schema:observationDate "2023-06-22"^^xsd:date ;
            schema:measurementMethod ?method ; dct:source ?source ; schema:observationAbout ?area .
        ?hromada lp:jurisdiction ?area ; schema:name "Slobozhanske settlement hromada"@en .""",
    "a letter of intent formalises the partnership; the inferred date carries a note": """
        ?agreement a lp:Agreement ; lp:agreementType lp:letterOfIntent ; lp:formalises ?partnership ;
            lp:party ?vannas, ?hromada ; schema:dateCreated "2023-06-20"^^xsd:date ;
            skos:editorialNote ?note ; lp:occasion ?event .
        FILTER(?vannas != ?hromada) FILTER(CONTAINS(STR(?note), "inferred"))
        ?partnership lp:partner ?vannas, ?hromada . ?event a schema:ConferenceEvent .""",
    "each municipality signed at the end of the conference": """
        ?agreement a lp:Agreement .
        ?first a lp:Signature ; lp:signatureOf ?agreement ; lp:onBehalfOf ?vannas ;
            dct:date "2023-06-20"^^xsd:date ; lp:occasion ?event .
        ?second a lp:Signature ; lp:signatureOf ?agreement ; lp:onBehalfOf ?hromada ; lp:occasion ?event .
        FILTER(?vannas != ?hromada)""",
    "the partnership: two partners, a solidarity partnership, intent declared, facilitated": """
        ?partnership a lp:MunicipalPartnership ; lp:partner ?vannas, ?hromada ;
            lp:partnershipType lp:solidarityPartnership ; lp:status lp:intentDeclared ;
            lp:facilitatedBy ?c4c, ?salar .
        FILTER(?vannas != ?hromada) FILTER(?c4c != ?salar)""",
    "purpose: resistance, reconstruction, democracy and decentralisation": """
        ?partnership a lp:MunicipalPartnership ;
            lp:cooperationArea lp:supportForResistance, lp:reconstruction, lp:localDemocracyDecentralisation ;
            org:purpose "Stötta Ukrainas motstånd mot den ryska invasionen"@sv,
                        "Bidra till Ukrainas återuppbyggnad"@sv,
                        "Fortsatt utveckling av demokrati och decentralisering"@sv .""",
    "Lillemor Lundgren (S), chair of the municipal council of Vännäs": """
        ?mandate a lp:Mandate ; org:member ?person ; org:organization ?council ;
            org:role lp:municipalCouncilChair ; schema:roleName "kommunfullmäktiges ordförande"@sv ;
            lp:onBehalfOf ?party .
        ?person a schema:Person ; schema:name "Lillemor Lundgren" .
        ?council a org:OrganizationalUnit ; org:unitOf ?vannas . ?vannas schema:name "Vännäs kommun"@sv .
        ?party a schema:PoliticalParty ; schema:alternateName "S"@sv .""",
    "Henrik Åström, deputy municipal director of Vännäs": """
        ?mandate a lp:Mandate ; org:member ?person ; org:organization ?vannas ;
            org:role lp:deputyMunicipalDirector ; schema:roleName "biträdande kommunchef"@sv .
        ?person schema:name "Henrik Åström" . ?vannas schema:name "Vännäs kommun"@sv .""",
    "Dmytro Dikhtiar (Миколайович), head of Slobozhanske": """
        ?mandate a lp:Mandate ; org:member ?person ; org:organization ?hromada ;
            org:role lp:headOfHromada ; schema:roleName "borgmästare"@sv .
        ?person schema:name "Дмитро Діхтяр"@uk, "Dmytro Dikhtiar"@en ;
            person:patronymicName "Миколайович"@uk .
        ?hromada a lp:Municipality ; schema:name "Slobozhanske settlement hromada"@en .""",
    "Viktoria Popova, head of economic development and investment": """
        ?mandate a lp:Mandate ; org:member ?person ; org:organization ?unit ;
            org:role lp:headOfEconomicDevelopment ;
            schema:roleName "Chef för ekonomisk utveckling och investeringar"@sv .
        ?person schema:name "Viktoria Popova" . ?unit org:unitOf ?hromada .
        ?hromada schema:name "Slobozhanske settlement hromada"@en .""",
    "contact continues over digital channels": """
        ?partnership lp:activity ?contact .
        ?contact a lp:PartnershipActivity, schema:CommunicateAction ;
            schema:actionStatus schema:ActiveActionStatus ; schema:instrument "digitala kanaler"@sv .""",
    "a visit to Vännäs is hoped for when security allows": """
        ?partnership lp:activity ?visit .
        ?visit a lp:PartnershipActivity, schema:TravelAction ;
            schema:actionStatus schema:PotentialActionStatus ; schema:description ?condition .
        FILTER(CONTAINS(STR(?condition), "security situation allows"))""",
    "Lundgren is quoted on signing": """
        ?quote a schema:Quotation ; schema:spokenByCharacter ?person ; schema:isBasedOn ?article ;
            schema:text ?text .
        ?person schema:name "Lillemor Lundgren" . ?article a schema:NewsArticle .
        FILTER(CONTAINS(STR(?text), "signera avtalet"))""",
    "the article's facts are in its own named graph, derived from the original": """
        GRAPH ?g { ?article a schema:NewsArticle }
        ?g dct:source "content/articles/2023-06-22-signerat-partnerskap-vannas-slobozhanske.md" ;
            prov:wasDerivedFrom <https://www.vannas.se/nyheter/nyhetsarkiv/2023-06-22-signerat-partnerskap-mellan-vannas-och-slobozhanske> ;
            prov:generatedAtTime ?time .""",
}


def ask(project, pattern: str) -> bool:
    result = run_cli("query", project, PREFIXES + "ASK {" + pattern + "}", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["boolean"]


@pytest.mark.parametrize("pattern", list(FACTS.values()), ids=list(FACTS))
def test_founding_fact(built_example, pattern):
    assert ask(built_example, pattern)


def test_no_twinning_is_claimed(built_example):
    """A letter-of-intent partnership is not a twinning: say no more than the source."""
    assert not ask(built_example, "?a lp:twinnedWith ?b")
    assert not ask(built_example, "?p lp:partnershipType lp:twinning")


def test_a_fact_that_is_not_there_is_not_found(built_example):
    assert not ask(built_example, '?p schema:name "Dmytro Dikhtiar"@sv')
