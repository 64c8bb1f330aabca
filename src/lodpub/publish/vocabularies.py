"""The controlled vocabularies a DCAT-AP catalog draws on, as far as lodpub needs them.

EU Publications Office authority tables (data themes, file types, languages,
access rights, planned availability), ADMS publisher and licence types, and the
IANA media type registry, each reduced to the entries lodpub can emit.
"""

from __future__ import annotations

from rdflib import Namespace

from ..formats import RdfFormat

AUTHORITY = "http://publications.europa.eu/resource/authority/"
DATA_THEME = Namespace(AUTHORITY + "data-theme/")
DATA_THEME_SCHEME = AUTHORITY + "data-theme"
FILE_TYPE = Namespace(AUTHORITY + "file-type/")
LANGUAGE = Namespace(AUTHORITY + "language/")
COUNTRY = AUTHORITY + "country/"
ACCESS_RIGHT = Namespace(AUTHORITY + "access-right/")
PLANNED_AVAILABILITY = Namespace(AUTHORITY + "planned-availability/")
PUBLISHER_TYPE = Namespace("http://purl.org/adms/publishertype/")
PUBLISHER_TYPE_SCHEME = "http://purl.org/adms/publishertype/1.0"
LICENCE_TYPE = Namespace("http://purl.org/adms/licencetype/")
LICENCE_TYPE_SCHEME = "http://purl.org/adms/licencetype/1.0"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
GEONAMES = "https://sws.geonames.org/"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

#: EU data themes, with their English and Swedish names.
THEMES: dict[str, tuple[str, str]] = {
    "AGRI": ("Agriculture, fisheries, forestry and food", "Jordbruk, fiske, skogsbruk och livsmedel"),
    "ECON": ("Economy and finance", "Ekonomi och finans"),
    "EDUC": ("Education, culture and sport", "Utbildning, kultur och sport"),
    "ENER": ("Energy", "Energi"),
    "ENVI": ("Environment", "Miljö"),
    "GOVE": ("Government and public sector", "Regeringen och den offentliga sektorn"),
    "HEAL": ("Health", "Hälsa"),
    "INTR": ("International issues", "Internationella frågor"),
    "JUST": ("Justice, legal system and public safety", "Rättvisa, rättsliga system och allmän säkerhet"),
    "REGI": ("Regions and cities", "Regioner och städer"),
    "SOCI": ("Population and society", "Befolkning och samhälle"),
    "TECH": ("Science and technology", "Vetenskap och teknik"),
    "TRAN": ("Transport", "Transport"),
}

#: ADMS publisher types, with their English names.
PUBLISHER_TYPES: dict[str, str] = {
    "Academia-ScientificOrganisation": "Academia/Scientific organisation",
    "Company": "Company",
    "IndustryConsortium": "Industry consortium",
    "LocalAuthority": "Local Authority",
    "NationalAuthority": "National authority",
    "NonGovernmentalOrganisation": "Non-Governmental Organisation",
    "NonProfitOrganisation": "Non-Profit Organisation",
    "PrivateIndividual(s)": "Private Individual(s)",
    "RegionalAuthority": "Regional authority",
    "StandardisationBody": "Standardisation body",
    "SupraNationalAuthority": "Supra-national authority",
}

#: ISO 639-1 codes → the EU language authority's codes.
LANGUAGES: dict[str, str] = {
    "sv": "SWE", "en": "ENG", "uk": "UKR", "fi": "FIN", "da": "DAN", "no": "NOR", "nb": "NOB",
    "nn": "NNO", "is": "ISL", "de": "DEU", "fr": "FRA", "es": "SPA", "it": "ITA", "nl": "NLD",
    "pl": "POL", "pt": "POR", "et": "EST", "lv": "LAV", "lt": "LIT", "ru": "RUS", "ar": "ARA",
    "se": "SME", "sma": "SMA", "smj": "SMJ", "sju": "SJU", "fit": "FIT", "yi": "YID",
}

#: Creative Commons licences → (ADMS licence type, name). Keys are the form DCAT-AP-SE asks for.
LICENCES: dict[str, tuple[str, str]] = {
    CC0: ("PublicDomain", "CC0 1.0 Universal"),
    "http://creativecommons.org/licenses/by/4.0/": ("Attribution", "CC BY 4.0"),
    "http://creativecommons.org/licenses/by-sa/4.0/": ("ShareAlike", "CC BY-SA 4.0"),
    "http://creativecommons.org/licenses/by-nd/4.0/": ("NoDerivativeWork", "CC BY-ND 4.0"),
    "http://creativecommons.org/licenses/by-nc/4.0/": ("NonCommercialUseOnly", "CC BY-NC 4.0"),
    "http://creativecommons.org/licenses/by-nc-sa/4.0/": ("NonCommercialUseOnly", "CC BY-NC-SA 4.0"),
    "http://creativecommons.org/licenses/by-nc-nd/4.0/": ("NonCommercialUseOnly", "CC BY-NC-ND 4.0"),
}

#: lodpub's RDF formats → EU file types.
FILE_TYPES: dict[RdfFormat, str] = {
    RdfFormat.TURTLE: "RDF_TURTLE",
    RdfFormat.NTRIPLES: "RDF_N_TRIPLES",
    RdfFormat.NQUADS: "RDF_N_QUADS",
    RdfFormat.TRIG: "RDF_TRIG",
    RdfFormat.JSONLD: "JSON_LD",
    RdfFormat.RDFXML: "RDF_XML",
}


def media_type_iri(media_type: str) -> str:
    """Return the IANA registry IRI of *media_type*.

    >>> media_type_iri("text/turtle")
    'https://www.iana.org/assignments/media-types/text/turtle'
    """
    return IANA_MEDIA_TYPES + media_type


def licence_iri(iri: str) -> str:
    """Write a Creative Commons licence IRI the way harvesters match it: http, trailing slash.

    >>> licence_iri("https://creativecommons.org/licenses/by/4.0/deed.sv")
    'http://creativecommons.org/licenses/by/4.0/'
    >>> licence_iri("https://example.org/licence")
    'https://example.org/licence'
    """
    for prefix in ("https://creativecommons.org/", "http://creativecommons.org/"):
        if iri.startswith(prefix):
            path = iri[len(prefix):]
            parts = [part for part in path.split("/") if part and not part.startswith("deed")]
            return "http://creativecommons.org/" + "/".join(parts) + "/"
    return iri


def language_iri(code: str) -> str | None:
    """Return the EU language authority IRI for an ISO 639 *code*, or None when unknown."""
    bare = code.lower().split("-", 1)[0]
    nal = LANGUAGES.get(bare)
    return str(LANGUAGE[nal]) if nal else None
