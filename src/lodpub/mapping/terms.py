"""The classes each record kind is typed with, and CURIE expansion."""

from __future__ import annotations

from rdflib import URIRef

from ..namespaces import LP, ORG, PREFIXES, SCHEMA


def expand(curie: str) -> URIRef:
    """Expand a CURIE with lodpub's prefixes.

    >>> str(expand("lp:partner"))
    'https://w3id.org/lodpub/ns#partner'
    """
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix][local]


ORGANISATION_TYPES = {
    "Organization": (SCHEMA.Organization,),
    "GovernmentOrganization": (SCHEMA.GovernmentOrganization,),
    "PoliticalParty": (SCHEMA.PoliticalParty,),
    "NGO": (SCHEMA.NGO,),
    "OrganizationalUnit": (ORG.OrganizationalUnit, SCHEMA.Organization),
    "OrganizationalCollaboration": (ORG.OrganizationalCollaboration, SCHEMA.Organization),
}

ACTION_STATUS = {
    "potential": SCHEMA.PotentialActionStatus,
    "active": SCHEMA.ActiveActionStatus,
    "completed": SCHEMA.CompletedActionStatus,
}


def classes_of(kind: str, values: dict) -> tuple[URIRef, ...]:
    """Return the rdf:types of a record of *kind* with *values*."""
    if kind == "organisation":
        return ORGANISATION_TYPES[values["type"]]
    if kind == "place":
        return (SCHEMA[values["type"]],)
    if kind == "event":
        return (SCHEMA[values.get("type", "Event")],)
    if kind == "activity":
        return (LP.PartnershipActivity, SCHEMA[values["type"]])
    return {
        "article": (SCHEMA.NewsArticle,),
        "municipality": (LP.Municipality,),
        "person": (SCHEMA.Person,),
        "mandate": (LP.Mandate,),
        "partnership": (LP.MunicipalPartnership,),
        "agreement": (LP.Agreement,),
        "signature": (LP.Signature,),
        "observation": (SCHEMA.Observation,),
        "quotation": (SCHEMA.Quotation,),
    }[kind]
