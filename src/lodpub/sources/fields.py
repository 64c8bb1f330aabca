"""What each kind of record holds: its fields, their kinds and the RDF term each becomes.

This table is the one place that knows the project format; README.md documents it
and a test checks that every field here is documented there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Field kinds: how a YAML value is read (see values.py) and mapped (see mapping/).
TEXT = "text"            # a string
LANGTEXT = "langtext"    # a string, or a map of language tag → string
DATE = "date"            # YYYY-MM-DD
DATETIME = "datetime"    # YYYY-MM-DD, or an ISO date-time with a timezone
IRI = "iri"              # an http(s) address
REF = "ref"              # another record, by its key or by its name as written in prose
CONCEPT = "concept"      # a concept of one of the ontology's schemes
LANGUAGE = "language"    # a BCP 47 language tag
INTEGER = "integer"
NUMBER = "number"
IDENTIFIERS = "identifiers"  # a map of identifier scheme → value
NESTED = "nested"        # a list of records of another kind, written inside this one
CHOICE = "choice"        # one of a fixed list of words
REVIEW = "review"        # notes for people (the linker's pending suggestions); never published


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    term: str | None = None          # CURIE of the RDF property, None when mapped specially
    many: bool = False
    required: bool = False
    refs: tuple[str, ...] = ()       # record kinds a REF may point to
    scheme: str | None = None        # CURIE of the concept scheme for CONCEPT
    choices: tuple[str, ...] = ()    # words a CHOICE accepts
    nested: str | None = None        # record kind of NESTED items
    help: str = ""


@dataclass(frozen=True)
class RecordKind:
    name: str                        # singular, used in IRIs: {base}id/{name}/{key}
    section: str                     # plural, the YAML section that lists them
    help: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    key_required: bool = True

    def field(self, name: str) -> Field | None:
        return next((item for item in self.fields if item.name == name), None)

    def __reduce__(self):
        """Pickled by name: a record read back from a build's cache shares lodpub's kinds."""
        return kind_named, (self.name,)


def kind_named(name: str) -> RecordKind:
    return KINDS[name]


ORGANISATIONS = ("municipality", "organisation")
AGENTS = ORGANISATIONS + ("person",)
ANYTHING = ("municipality", "organisation", "person", "place", "event", "partnership",
            "agreement", "article", "mandate", "activity")

_NAMED = (
    Field("name", LANGTEXT, "schema:name", required=True, help="Name, per language."),
    Field("alternateName", LANGTEXT, "schema:alternateName", many=True,
          help="Other names and spellings, per language."),
    Field("description", LANGTEXT, "schema:description", help="A short description, per language."),
    Field("url", IRI, "schema:url", help="Official web page."),
    Field("sameAs", IRI, "schema:sameAs", many=True,
          help="The same thing elsewhere (Wikidata, GeoNames …)."),
    Field("identifiers", IDENTIFIERS, None,
          help="External identifiers, scheme: value (e.g. SE-kommunkod: '2460')."),
)

_POPULATION = RecordKind(
    "observation", "population", "A dated, sourced population figure.",
    key_required=False,
    fields=(
        Field("value", INTEGER, "schema:value", required=True, help="Number of inhabitants."),
        Field("date", DATE, "schema:observationDate", required=True, help="When it was counted."),
        Field("approximate", CHOICE, None, choices=("true", "false"),
              help="true when the source gives a rounded figure."),
        Field("source", IRI, "dct:source", help="Where the figure comes from."),
        Field("note", LANGTEXT, "schema:description", help="Remarks on the figure."),
    ),
)

_MANDATE = RecordKind(
    "mandate", "mandates", "A role a person holds in an organisation.",
    fields=(
        Field("role", CONCEPT, "org:role", required=True, scheme="lp:Role",
              help="Role concept, e.g. municipalCouncilChair."),
        Field("roleName", LANGTEXT, "schema:roleName", many=True,
              help="The title as printed, per language."),
        Field("organisation", REF, "org:organization", required=True, refs=ORGANISATIONS,
              help="Organisation or unit the role is held in."),
        Field("onBehalfOf", REF, "lp:onBehalfOf", refs=ORGANISATIONS,
              help="Party the person was elected for, e.g. socialdemokraterna."),
        Field("startDate", DATE, "schema:startDate", help="First day, when known."),
        Field("endDate", DATE, "schema:endDate", help="Last day, when known."),
        Field("note", LANGTEXT, "skos:editorialNote", help="Editorial remark (e.g. dates unknown)."),
    ),
)

_ACTIVITY = RecordKind(
    "activity", "activities", "A cooperation activity within a partnership.",
    fields=(
        Field("type", CHOICE, None, required=True,
              choices=("CommunicateAction", "TravelAction", "PlanAction", "Action"),
              help="schema.org action type."),
        Field("status", CHOICE, None, required=True,
              choices=("potential", "active", "completed"),
              help="Planned (potential), ongoing (active) or done (completed)."),
        Field("name", LANGTEXT, "schema:name", help="Short name, per language."),
        Field("description", LANGTEXT, "schema:description", help="What happens, per language."),
        Field("instrument", LANGTEXT, "schema:instrument",
              help="Means used, e.g. digital channels."),
        Field("startDate", DATE, "schema:startTime", help="When it started or starts."),
        Field("occasion", REF, "lp:occasion", refs=("event",), help="Event it took place at."),
        Field("areas", CONCEPT, "lp:cooperationArea", many=True, scheme="lp:CooperationArea",
              help="Cooperation areas."),
    ),
)

_SIGNATURE = RecordKind(
    "signature", "signatures", "One party's signing of an agreement.",
    key_required=False,
    fields=(
        Field("onBehalfOf", REF, "lp:onBehalfOf", required=True, refs=ORGANISATIONS,
              help="Organisation that signs."),
        Field("signedBy", REF, "schema:agent", refs=("person",),
              help="Person who signed, when the source says so."),
        Field("inCapacity", REF, "lp:inCapacity", refs=("mandate",),
              help="Mandate the person signed in."),
        Field("date", DATE, "dct:date", help="Day of signing."),
        Field("occasion", REF, "lp:occasion", refs=("event",), help="Event where it was signed."),
        Field("note", LANGTEXT, "skos:editorialNote", help="Editorial remark (e.g. inferred date)."),
    ),
)

KINDS: dict[str, RecordKind] = {kind.name: kind for kind in (
    RecordKind(
        "municipality", "municipalities", "A municipality (kommun, hromada) as an organisation.",
        fields=_NAMED + (
            Field("jurisdiction", REF, "lp:jurisdiction", required=True, refs=("place",),
                  help="The territory it governs (a place)."),
            Field("foundingDate", DATE, "schema:foundingDate", help="When it was formed."),
        ),
    ),
    RecordKind(
        "organisation", "organisations", "An organisation, unit, party or programme.",
        fields=_NAMED + (
            Field("type", CHOICE, None, required=True,
                  choices=("Organization", "GovernmentOrganization", "PoliticalParty",
                           "OrganizationalUnit", "OrganizationalCollaboration", "NGO"),
                  help="What kind of organisation it is."),
            Field("parentOrganization", REF, "schema:parentOrganization", refs=ORGANISATIONS,
                  help="The organisation it is part of."),
            Field("unitOf", REF, "org:unitOf", refs=ORGANISATIONS,
                  help="For a unit: the organisation it belongs to."),
            Field("members", REF, "org:hasMember", many=True, refs=ORGANISATIONS,
                  help="For a collaboration: its member organisations."),
            Field("foundingDate", DATE, "schema:foundingDate", help="When it was founded."),
        ),
    ),
    RecordKind(
        "place", "places", "A country, region, municipality territory or city.",
        fields=_NAMED + (
            Field("type", CHOICE, None, required=True,
                  choices=("Country", "AdministrativeArea", "City", "Place"),
                  help="What kind of place it is."),
            Field("containedInPlace", REF, "schema:containedInPlace", refs=("place",),
                  help="The place it lies in."),
            Field("population", NESTED, None, many=True, nested="observation",
                  help="Population figures, each dated and sourced."),
        ),
    ),
    RecordKind(
        "person", "people", "A person named in a public role.",
        fields=(
            Field("name", LANGTEXT, "schema:name", required=True, help="Full name (per script)."),
            Field("uuid", TEXT, None,
                  help="Opaque identifier that makes the person's IRI; lodpub writes one when it "
                       "creates a person. Without it, the IRI is made from a hash of the key."),
            Field("givenName", LANGTEXT, "schema:givenName", help="Given name."),
            Field("familyName", LANGTEXT, "schema:familyName", help="Family name."),
            Field("patronymicName", LANGTEXT, "person:patronymicName", help="Patronymic."),
            Field("url", IRI, "schema:url", help="Official web page."),
            Field("sameAs", IRI, "schema:sameAs", many=True, help="The same person elsewhere."),
            Field("mandates", NESTED, None, many=True, nested="mandate",
                  help="Roles the person holds."),
        ),
    ),
    RecordKind(
        "event", "events", "A conference, forum, visit or meeting.",
        fields=(
            Field("name", LANGTEXT, "schema:name", required=True, help="Name, per language."),
            Field("type", CHOICE, None, choices=("Event", "ConferenceEvent"),
                  help="Event type; Event when not given."),
            Field("description", LANGTEXT, "schema:description", help="Description, per language."),
            Field("startDate", DATETIME, "schema:startDate", required=True, help="First day."),
            Field("endDate", DATETIME, "schema:endDate", help="Last day."),
            Field("location", REF, "schema:location", refs=("place",), help="Where it was held."),
            Field("organizers", REF, "schema:organizer", many=True, refs=AGENTS,
                  help="Who organised it."),
            Field("attendees", REF, "schema:attendee", many=True, refs=AGENTS,
                  help="Who took part (may be incomplete)."),
            Field("url", IRI, "schema:url", help="Web page of the event."),
        ),
    ),
    RecordKind(
        "partnership", "partnerships", "A partnership between municipalities.",
        key_required=False,
        fields=(
            Field("name", LANGTEXT, "schema:name", help="Name, per language."),
            Field("partners", REF, "lp:partner", many=True, required=True, refs=ORGANISATIONS,
                  help="The partner municipalities (at least two)."),
            Field("type", CONCEPT, "lp:partnershipType", required=True, scheme="lp:PartnershipType",
                  help="twinning, solidarityPartnership or projectPartnership."),
            Field("status", CONCEPT, "lp:status", required=True, scheme="lp:PartnershipStatus",
                  help="Current status, e.g. intentDeclared."),
            Field("statusDate", DATE, "dct:modified", help="Since when the status holds."),
            Field("startDate", DATE, "schema:startDate", help="When the partnership began."),
            Field("facilitatedBy", REF, "lp:facilitatedBy", many=True, refs=ORGANISATIONS,
                  help="Organisations or programmes that broker or support it."),
            Field("areas", CONCEPT, "lp:cooperationArea", many=True, scheme="lp:CooperationArea",
                  help="Cooperation areas."),
            Field("purpose", LANGTEXT, "org:purpose", many=True, help="Why it exists, per language."),
            Field("description", LANGTEXT, "schema:description", help="Description, per language."),
            Field("activities", NESTED, None, many=True, nested="activity",
                  help="Cooperation activities."),
        ),
    ),
    RecordKind(
        "agreement", "agreements", "A letter of intent, memorandum or agreement.",
        key_required=False,
        fields=(
            Field("type", CONCEPT, "lp:agreementType", required=True, scheme="lp:AgreementType",
                  help="letterOfIntent, memorandumOfUnderstanding, cooperationAgreement …"),
            Field("formalises", REF, "lp:formalises", required=True, refs=("partnership",),
                  help="The partnership it formalises."),
            Field("parties", REF, "lp:party", many=True, required=True, refs=ORGANISATIONS,
                  help="Organisations bound by it (at least two)."),
            Field("name", LANGTEXT, "schema:name", help="Title, per language."),
            Field("dateCreated", DATE, "schema:dateCreated", help="Day it was concluded."),
            Field("occasion", REF, "lp:occasion", refs=("event",), help="Event where it was signed."),
            Field("areas", CONCEPT, "lp:cooperationArea", many=True, scheme="lp:CooperationArea",
                  help="Cooperation areas it names."),
            Field("note", LANGTEXT, "skos:editorialNote", help="Editorial remark (e.g. inferred date)."),
            Field("url", IRI, "schema:url", help="Where the text is published."),
            Field("signatures", NESTED, None, many=True, nested="signature",
                  help="Who signed, for whom."),
        ),
    ),
    RecordKind(
        "article", "articles", "A news article: content/articles/*.md, front matter and body.",
        fields=(
            Field("headline", LANGTEXT, "schema:headline", required=True,
                  help="Title; a plain string is in the article's language."),
            Field("datePublished", DATETIME, "schema:datePublished", required=True,
                  help="Publication date, or date-time with timezone."),
            Field("dateModified", DATETIME, "schema:dateModified", help="Last change."),
            Field("inLanguage", LANGUAGE, "schema:inLanguage", required=True,
                  help="Language tag, e.g. sv."),
            Field("author", REF, "schema:author", many=True, refs=AGENTS,
                  help="Who wrote it (person or organisation keys)."),
            Field("publisher", REF, "schema:publisher", required=True, refs=ORGANISATIONS,
                  help="Who published it."),
            Field("description", LANGTEXT, "schema:abstract", help="Summary, per language."),
            Field("image", IRI, "schema:image", many=True, help="Image addresses."),
            Field("url", IRI, "schema:url", help="Address of the original article."),
            Field("identifier", TEXT, "schema:identifier",
                  help="The source's own identifier of the article (a feed entry's id); "
                       "imports find the article again by it."),
            Field("about", REF, "schema:about", many=True, refs=ANYTHING,
                  help="What the article is about (keys)."),
            Field("mentions", REF, "schema:mentions", many=True, refs=ANYTHING,
                  help="What else it mentions (keys)."),
            Field("keywords", TEXT, "schema:keywords", many=True, help="Keywords."),
            Field("quotes", NESTED, None, many=True, nested="quotation", help="Quotations."),
            Field("suggestions", REVIEW, None,
                  help="What lodpub link suggests the article mentions, for review; "
                       "lodpub link --apply moves them into mentions. Not published."),
        ),
    ),
)}

KINDS["observation"] = _POPULATION
KINDS["mandate"] = _MANDATE
KINDS["activity"] = _ACTIVITY
KINDS["signature"] = _SIGNATURE
KINDS["quotation"] = RecordKind(
    "quotation", "quotes", "A quotation in an article.",
    key_required=False,
    fields=(
        Field("text", LANGTEXT, "schema:text", required=True, help="What was said."),
        Field("spokenBy", REF, "schema:spokenByCharacter", required=True, refs=("person",),
              help="Who said it."),
    ),
)

#: Kinds that registry files list at their top level, by section name.
SECTIONS = {kind.section: kind for kind in KINDS.values()
            if kind.name not in ("article", "observation", "mandate", "activity",
                                 "signature", "quotation")}
