"""Import a spreadsheet of municipalities, organisations, people or partnerships
(``lodpub import csv FILE --kind KIND``).

The file is CSV (comma, semicolon or tab, found from the header line; UTF-8 with or
without the BOM Excel writes) or, when openpyxl is installed, an ``.xlsx`` workbook
(its first sheet). Row 1 names the columns, in English or Swedish, in any order and
any case; columns lodpub does not know are left out (and named in the output). Texts
in a language: ``name`` is in the import's language (``--lang``, default ``sv``);
``name_en``, ``namn_uk`` or ``name (en)`` give other languages, and so for every column
marked "per language". Lists (marked "list") are separated by ``;``, or by ``,`` when the
cell has no ``;``. Dates are ``YYYY-MM-DD``. Concepts and choices accept the ontology's
word (``intentDeclared``) or its label in Swedish or English (``avsiktsförklaring
undertecknad``). References (organisation, partners, parent …) are a record's key or
its name as written; they are written as given and resolved when the project is read.

Every row is checked before anything is written: the error lists every problem by row
(as the spreadsheet numbers it: the header is row 1) and column. Re-importing updates
each record by its key: what the sheet has replaces the entry's value (texts per
language, so an English name stays when the sheet gives the Swedish one), everything
else of the entry, its comments and its place stay. A record is updated in the
registry file that already has it; new records go to ``registry/<kind>.yaml``.

people — key: ``id``, else the key of the one person in the registry with that name,
else the name as a slug. A new person gets a ``uuid``. A row with a role or title
gives the person a mandate (matched on role and organisation when re-imported); several
rows with the same person give several mandates.

COLUMNS:people

municipalities — key: ``se-`` + kommunkod or ``ua-`` + KATOTTH code, built from the
code column (``2460``, ``se-2460``, ``UA63140110000087562``). Every Swedish municipality
and Ukrainian hromada is in lodpub's gazetteers, so a row only adds or overrides facts
and the name is optional; an unknown code is an error. A population figure goes to
the territory the municipality governs (``area-`` + key), dated and sourced;
``ca 30 000`` marks it approximate.

COLUMNS:municipalities

organisations — key: ``id``, else the key of the one organisation with that name, else
the name as a slug. Without a type column a new organisation is an ``Organization``.

COLUMNS:organisations

partnerships — key: ``id`` when given, else (as in the registry) the sorted partner keys
joined by ``--``; an entry without ``id`` is found again by its partners.

COLUMNS:partnerships
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import importlib.util
import io
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import gazetteers
from ..errors import LodpubError, undecodable
from ..suggest import did_you_mean
from .contentfiles import (REGISTRY_DIR, _plain, _yaml, read_registry, read_source, slugify,
                           write_text)

KEY = "key"            # a record key
TEXT = "text"          # a string
LANGTEXT = "langtext"  # a string in a language (per-language columns)
DATE = "date"
IRI = "iri"
IRIS = "iris"          # a list of web addresses
REF = "ref"            # a key or a name as written
REFS = "refs"          # a list of those
CONCEPT = "concept"    # a concept of an ontology scheme
CONCEPTS = "concepts"
CHOICE = "choice"
UUID = "uuid"
CODE = "code"          # a kommunkod or KATOTTH code
POPULATION = "population"


@dataclass(frozen=True)
class Column:
    name: str                        # the English header, also the name used in code
    swedish: str                     # the Swedish header
    reads: str                       # what a cell holds (one of the constants above)
    help: str
    aliases: tuple[str, ...] = ()    # other headers accepted
    scheme: str | None = None        # CONCEPT(S): the concept scheme
    choices: dict | None = None      # CHOICE: accepted word (folded) → value

    @property
    def per_language(self) -> bool:
        return self.reads == LANGTEXT

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, self.swedish, *self.aliases)))


_ORGANISATION_TYPES = {
    **{word.casefold(): word for word in (
        "Organization", "GovernmentOrganization", "PoliticalParty", "OrganizationalUnit",
        "OrganizationalCollaboration", "NGO")},
    "organisation": "Organization", "organization": "Organization",
    "myndighet": "GovernmentOrganization", "government organisation": "GovernmentOrganization",
    "government organization": "GovernmentOrganization",
    "parti": "PoliticalParty", "politiskt parti": "PoliticalParty",
    "political party": "PoliticalParty", "party": "PoliticalParty",
    "enhet": "OrganizationalUnit", "förvaltning": "OrganizationalUnit",
    "avdelning": "OrganizationalUnit", "nämnd": "OrganizationalUnit", "unit": "OrganizationalUnit",
    "samarbete": "OrganizationalCollaboration", "nätverk": "OrganizationalCollaboration",
    "collaboration": "OrganizationalCollaboration", "network": "OrganizationalCollaboration",
    "förening": "NGO", "ideell förening": "NGO", "ideell organisation": "NGO",
    "non-governmental organisation": "NGO",
}

_URL = ("webbplats", "webbsida", "hemsida", "website", "webpage")
_SAME_AS = ("wikidata", "same as")

COLUMNS: dict[str, tuple[Column, ...]] = {
    "people": (
        Column("id", "nyckel", KEY, "The person's key; else found by name, or the name as a slug.",
               ("key",)),
        Column("name", "namn", TEXT, "Full name (needed for a new person unless given and "
               "family names are there).", ("full name", "fullständigt namn")),
        Column("givenName", "förnamn", TEXT, "Given name.", ("given name", "first name")),
        Column("familyName", "efternamn", TEXT, "Family name.",
               ("family name", "last name", "surname")),
        Column("patronymicName", "patronymikon", TEXT, "Patronymic.", ("patronymic", "fadersnamn")),
        Column("uuid", "uuid", UUID, "The person's UUID (a new person gets one when absent)."),
        Column("url", "webbplats", IRI, "Official web page.", _URL[1:] + ("url",)),
        Column("sameAs", "samma som", IRIS, "The same person elsewhere (list).", _SAME_AS),
        Column("role", "roll", CONCEPT, "Role concept (e.g. municipalCouncilChair or "
               "kommunfullmäktiges ordförande); from the title when absent.", scheme="lp:Role"),
        Column("roleName", "titel", LANGTEXT, "The title as printed (per language).",
               ("title", "befattning", "role name")),
        Column("organisation", "organisation", REF, "Organisation the role is held in (needed "
               "with a role).", ("organization", "org")),
        Column("party", "parti", REF, "Party the person was elected for.", ("onBehalfOf",)),
        Column("startDate", "startdatum", DATE, "First day of the role.", ("start date", "från")),
        Column("endDate", "slutdatum", DATE, "Last day of the role.", ("end date", "till")),
    ),
    "municipalities": (
        Column("id", "kod", CODE, "Kommunkod (2460, se-2460) or KATOTTH code "
               "(UA63140110000087562); required.",
               ("code", "kommunkod", "katotth", "nyckel", "key")),
        Column("name", "namn", LANGTEXT, "Name (per language); optional for a gazetteer code."),
        Column("alternateName", "alternativt namn", LANGTEXT, "Another name (per language).",
               ("annat namn", "alternate name")),
        Column("description", "beskrivning", LANGTEXT, "Short description (per language)."),
        Column("url", "webbplats", IRI, "Official web page.", _URL[1:] + ("url",)),
        Column("sameAs", "samma som", IRIS, "The same municipality elsewhere (list).", _SAME_AS),
        Column("organisationNumber", "organisationsnummer", TEXT,
               "Swedish organisationsnummer (identifier SE-organisationsnummer).",
               ("orgnr", "organisation number")),
        Column("foundingDate", "bildad", DATE, "When it was formed.", ("founded", "grundad")),
        Column("population", "folkmängd", POPULATION, "Inhabitants of its territory "
               "(30000, 30 000; 'ca 30 000' is approximate).",
               ("invånare", "befolkning", "inhabitants")),
        Column("population_date", "datum", DATE, "When the population was counted (needed "
               "with a population).", ("folkmängd datum", "population date", "befolkningsdatum")),
        Column("population_source", "källa", IRI, "Where the population figure comes from.",
               ("source", "population source")),
    ),
    "organisations": (
        Column("id", "nyckel", KEY, "The organisation's key; else found by name, or the name "
               "as a slug.", ("key",)),
        Column("name", "namn", LANGTEXT, "Name (per language); needed for a new organisation."),
        Column("type", "typ", CHOICE, "Organization, GovernmentOrganization (myndighet), "
               "PoliticalParty (parti), OrganizationalUnit (enhet, förvaltning, nämnd), "
               "OrganizationalCollaboration (samarbete, nätverk) or NGO (förening).",
               choices=_ORGANISATION_TYPES),
        Column("abbreviation", "förkortning", LANGTEXT, "Abbreviation, kept as another name."),
        Column("alternateName", "alternativt namn", LANGTEXT, "Another name (per language).",
               ("annat namn", "alternate name")),
        Column("description", "beskrivning", LANGTEXT, "Short description (per language)."),
        Column("url", "webbplats", IRI, "Official web page.", _URL[1:] + ("url",)),
        Column("sameAs", "samma som", IRIS, "The same organisation elsewhere (list).", _SAME_AS),
        Column("parent", "överordnad", REF, "The organisation it is part of "
               "(parentOrganization).", ("parentOrganization", "moderorganisation")),
        Column("unitOf", "del av", REF, "For a unit: the organisation it belongs to.",
               ("unit of", "enhet i")),
        Column("members", "medlemmar", REFS, "For a collaboration: its members (list)."),
        Column("foundingDate", "grundad", DATE, "When it was founded.", ("founded", "bildad")),
    ),
    "partnerships": (
        Column("id", "nyckel", KEY, "The partnership's key; else made from the partners.",
               ("key",)),
        Column("partners", "parter", REFS, "The partner municipalities, at least two (list).",
               ("partner", "partnerkommuner", "kommuner")),
        Column("type", "typ", CONCEPT, "twinning (vänort), solidarityPartnership "
               "(partnerkommun) or projectPartnership; needed for a new partnership.",
               scheme="lp:PartnershipType"),
        Column("status", "status", CONCEPT, "e.g. exploratory, intentDeclared, formalised, "
               "active; needed for a new partnership.", scheme="lp:PartnershipStatus"),
        Column("statusDate", "statusdatum", DATE, "Since when the status holds.", ("status date",)),
        Column("startDate", "startdatum", DATE, "When the partnership began.", ("start date",)),
        Column("facilitatedBy", "förmedlare", REFS, "Organisations that broker or support it "
               "(list).", ("facilitated by", "förmedlad av")),
        Column("areas", "områden", CONCEPTS, "Cooperation areas (list), e.g. reconstruction, "
               "utbildning.", ("samarbetsområden", "cooperation areas"),
               scheme="lp:CooperationArea"),
        Column("name", "namn", LANGTEXT, "Name (per language)."),
        Column("description", "beskrivning", LANGTEXT, "Description (per language)."),
        Column("purpose", "syfte", LANGTEXT, "Why it exists (per language; a list)."),
    ),
}

_READS_IN_DOCS = {
    KEY: "key", TEXT: "text", LANGTEXT: "text, per language", DATE: "date", IRI: "web address",
    IRIS: "web addresses, list", REF: "key or name", REFS: "keys or names, list",
    CONCEPT: "concept", CONCEPTS: "concepts, list", CHOICE: "choice", UUID: "UUID",
    CODE: "code", POPULATION: "whole number",
}


def column_table(kind: str) -> str:
    """The Markdown table of a kind's columns (this module's docstring shows each)."""
    lines = ["| English | Swedish | holds | meaning |", "| --- | --- | --- | --- |"]
    for column in COLUMNS[kind]:
        lines.append(f"| `{column.name}` | `{column.swedish}` | {_READS_IN_DOCS[column.reads]} "
                     f"| {column.help} |")
    return "\n".join(lines)


__doc__ = re.sub(r"COLUMNS:(\w+)", lambda match: column_table(match.group(1)), __doc__)


# --- errors and results -----------------------------------------------------------------------

class TableErrors(LodpubError):
    """Problems in a spreadsheet, each by row and column; nothing was written."""

    def __init__(self, path: Path, problems: list[str]):
        row = re.compile(r": row (\d+)")
        problems = sorted(problems, key=lambda problem: int(row.search(problem).group(1))
                          if row.search(problem) else 0)
        self.problems = problems
        count = len(problems)
        super().__init__(f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was "
                         "written:\n" + "\n".join(f"  {problem}" for problem in problems))


@dataclass
class RecordChange:
    key: str
    action: str          # "created", "updated" or "unchanged"
    path: Path           # the registry file
    section: str         # e.g. "people", or "places" for a municipality's territory


@dataclass
class TableImport:
    """What an import did: one change per record, in the order of the rows."""

    kind: str
    changes: list[RecordChange] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        for change in self.changes:
            if change.section == self.kind:
                counts[change.action] += 1
        return counts


# --- reading the file -------------------------------------------------------------------------

def read_table(path: Path) -> list[tuple[int, list[str]]]:
    """Rows of *path* as (row number, cells as strings); the header is row 1."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_workbook(path)
    data = read_source(path)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0  # Excel writes one
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        _, problem = undecodable(data[bom:], exc, offset=bom)
        raise TableErrors(path, [f"{path.name}: {problem}; save it as 'CSV UTF-8'"]) from None
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=lambda candidate: (header.count(candidate), candidate == ","))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(number, [cell.strip() for cell in row]) for number, row in enumerate(reader, 1)]


def _read_workbook(path: Path) -> list[tuple[int, list[str]]]:
    if importlib.util.find_spec("openpyxl") is None:
        raise LodpubError(f"{path}: reading .xlsx needs openpyxl",
                          hint="pip install openpyxl, or save the sheet as CSV UTF-8")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LodpubError(f"{path}: not a readable .xlsx workbook ({exc})") from None
    rows = []
    for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), 1):
        rows.append((number, [_cell_text(value) for value in row]))
    workbook.close()
    return rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _fold(text: str) -> str:
    """A header as compared: case, spaces, '_', '-' and '.' do not matter."""
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\s_\-.()]+", "", text)


_LANGUAGE_SUFFIX = re.compile(
    r"^(?P<base>.+?)[\s_\-.(]+(?P<tag>[A-Za-z]{2,3}(?:-[A-Za-z]{4})?)\)?$")


def _match_headers(kind: str, headers: list[str], source: str, problems: list[str]):
    """Map each header's position to (column, language or None); list unknown headers."""
    by_header = {}
    for column in COLUMNS[kind]:
        for header in column.headers:
            by_header.setdefault(_fold(header), column)
    found: dict[int, tuple[Column, str | None]] = {}
    seen: dict[tuple[str, str | None], str] = {}
    ignored = []
    for position, header in enumerate(headers):
        if not header:
            continue
        column, language = by_header.get(_fold(header)), None
        if column is None:
            suffix = _LANGUAGE_SUFFIX.match(header)
            base = by_header.get(_fold(suffix.group("base"))) if suffix else None
            if base is not None and base.per_language:
                column, language = base, suffix.group("tag").lower()
        if column is None:
            known = [name for column in COLUMNS[kind] for name in column.headers]
            ignored.append(header + did_you_mean(header, known))
            continue
        if (column.name, language) in seen:
            problems.append(f"{source}: columns '{seen[column.name, language]}' and '{header}' "
                            f"both give {column.name}" + (f" ({language})" if language else ""))
            continue
        seen[column.name, language] = header
        found[position] = (column, language)
    return found, ignored


# --- reading cells ------------------------------------------------------------------------------

class BadCell(ValueError):
    """A cell that does not hold what its column expects; the message says what does."""


def _concept_words(scheme: str) -> dict[str, str]:
    """Words a concept cell accepts (folded) → the concept's local name."""
    from rdflib.namespace import SKOS

    from ..mapping.concepts import concepts_by_scheme, ontology_graph
    from ..namespaces import LP

    names = concepts_by_scheme().get(scheme, frozenset())
    words = {name.casefold(): name for name in names}
    graph = ontology_graph()
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for name in sorted(names):
            for label in graph.objects(LP[name], predicate):
                words.setdefault(" ".join(str(label).casefold().split()), name)
    return words


def _split(cell: str) -> list[str]:
    parts = cell.split(";") if ";" in cell else cell.split(",")
    return [" ".join(part.split()) for part in parts if part.strip()]


def _read_cell(column: Column, cell: str):
    if column.reads in (TEXT, LANGTEXT, REF):
        return " ".join(cell.split())
    if column.reads == KEY:
        if not re.match(r"^[\w][\w.\-/]*$", cell) or "//" in cell or cell.endswith("/"):
            raise BadCell(f"expected a key of letters, digits, '-', '_', '.' or '/', not {cell!r}")
        return cell
    if column.reads == DATE:
        try:
            if re.match(r"^\d{4}-\d{2}-\d{2}$", cell):
                return dt.date.fromisoformat(cell)
        except ValueError:
            pass
        raise BadCell(f"expected a date as YYYY-MM-DD, not {cell!r}")
    if column.reads in (IRI, IRIS):
        addresses = [cell] if column.reads == IRI else _split(cell)
        for address in addresses:
            if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", address):
                raise BadCell(f"expected a web address starting with http:// or https://, "
                              f"not {address!r}")
        return addresses[0] if column.reads == IRI else addresses
    if column.reads == REFS:
        return _split(cell)
    if column.reads in (CONCEPT, CONCEPTS):
        words = _concept_words(column.scheme)
        values = []
        for word in ([cell] if column.reads == CONCEPT else _split(cell)):
            concept = words.get(" ".join(word.casefold().split()))
            if concept is None:
                known = sorted(set(words.values()))
                raise BadCell(f"{word!r} is not in {column.scheme}" + did_you_mean(word, known)
                              + f"; expected one of {', '.join(known)} (or its label)")
            if concept not in values:
                values.append(concept)
        return values[0] if column.reads == CONCEPT else values
    if column.reads == CHOICE:
        value = column.choices.get(" ".join(cell.casefold().split()))
        if value is None:
            known = sorted(set(column.choices.values()))
            raise BadCell(f"expected one of {', '.join(known)}, not {cell!r}")
        return value
    if column.reads == UUID:
        try:
            return str(uuid.UUID(cell))
        except ValueError:
            raise BadCell(f"expected a UUID such as 90ddccd3-ee5f-4b54-b53b-0b91d609d33c, "
                          f"not {cell!r}") from None
    if column.reads == CODE:
        return _municipality_key(cell)
    if column.reads == POPULATION:
        match = re.match(r"^(?P<about>ca\.?|cirka|about|approx\.?|~)?\s*"
                         r"(?P<number>\d{1,3}(?:[  .,]\d{3})+|\d+)$", cell, re.IGNORECASE)
        if match is None:
            raise BadCell(f"expected a whole number of inhabitants (e.g. 30000, 30 000 or "
                          f"ca 30 000), not {cell!r}")
        return int(re.sub(r"\D", "", match.group("number"))), bool(match.group("about"))
    raise AssertionError(column.reads)


def _municipality_key(cell: str) -> str:
    code = cell.strip()
    if re.match(r"^(se-)?\d{1,4}$", code, re.IGNORECASE):
        return "se-" + code.split("-")[-1].zfill(4)
    match = re.match(r"^(?:ua-)?(UA\d{17})$", code, re.IGNORECASE)
    if match:
        return "ua-" + match.group(1).upper()
    raise BadCell(f"expected a kommunkod (e.g. 2460 or se-2460) or a KATOTTH code "
                  f"(e.g. UA63140110000087562), not {cell!r}")


# --- the registry as it is ---------------------------------------------------------------------

@dataclass
class _Existing:
    path: Path
    section: str
    item: CommentedMap


class _Registry:
    """Every registry file, read once (round trip), with entries by key and by name."""

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir
        self.files: dict[Path, CommentedMap] = {}
        self.by_key: dict[str, _Existing] = {}
        self.by_name: dict[tuple[str, str], set[str]] = {}
        self.keyless: list[_Existing] = []
        folder = project_dir / REGISTRY_DIR
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            data = read_registry(path)
            self.files[path] = data
            for section, items in data.items():
                for item in items if isinstance(items, list) else []:
                    if not isinstance(item, dict):
                        continue
                    existing = _Existing(path, str(section), item)
                    if item.get("id") is None:
                        self.keyless.append(existing)
                        continue
                    self.by_key.setdefault(str(item["id"]), existing)
                    for name in _names(item):
                        self.by_name.setdefault((str(section), _name_form(name)), set()).add(
                            str(item["id"]))

    def key_for_name(self, section: str, name: str) -> str | None | bool:
        """The key of the one entry of *section* with this name; None: none; False: several."""
        keys = self.by_name.get((section, _name_form(name)), set())
        return next(iter(keys)) if len(keys) == 1 else (None if not keys else False)

    def resolve(self, reference: str) -> str:
        """A reference as a key where the registry or a gazetteer knows it; else as written."""
        if reference in self.by_key or gazetteers.lookup(reference) is not None:
            return reference
        for section in ("municipalities", "organisations"):
            key = self.key_for_name(section, reference)
            if key:
                return key
        found = gazetteers.find(reference)
        return found[0].key if len(found) == 1 else reference


def _names(item: dict) -> list[str]:
    names = []
    for value in [item.get("name"), *(item.get("alternateName") or [])]:
        texts = value.values() if isinstance(value, dict) else [value]
        names += [str(text) for text in texts if isinstance(text, str)]
    return names


def _name_form(name: str) -> str:
    return gazetteers.normalise_name(name)


# --- planning records ---------------------------------------------------------------------------

@dataclass
class _Record:
    """One registry entry a sheet gives: its fields and how each merges with an entry's."""

    section: str
    key: str | None                     # None: a partnership found by its partners
    fields: dict
    row: int
    match: tuple | None = None          # a keyless partnership: its partners, resolved


class _Rows:
    """The rows of a sheet as {column name: value} (per-language columns as {lang: text})."""

    def __init__(self, path: Path, kind: str, language: str):
        self.source = path.name
        self.kind = kind
        self.problems: list[str] = []
        table = read_table(path)
        table = [(number, cells) for number, cells in table if any(cells)]
        if not table:
            raise TableErrors(path, [f"{self.source}: the file is empty; expected a header row "
                                     "naming the columns, then one row per record"])
        header_row, self.headers = table[0]
        self.columns, self.ignored = _match_headers(kind, self.headers, self.source,
                                                    self.problems)
        self.present = {column.name for column, _ in self.columns.values()}
        self.rows: list[tuple[int, dict]] = []
        self.bad: set[tuple[int, str]] = set()   # (row, column name) of cells already reported
        for number, cells in table[1:]:
            values: dict = {}
            for position, (column, tag) in self.columns.items():
                cell = cells[position] if position < len(cells) else ""
                if not cell:
                    continue
                try:
                    value = _read_cell(column, cell)
                except BadCell as exc:
                    self.error(number, self.headers[position], str(exc))
                    self.bad.add((number, column.name))
                    continue
                if column.per_language:
                    values.setdefault(column.name, {})[tag or language] = value
                else:
                    values[column.name] = value
            self.rows.append((number, values))

    def header(self, name: str) -> str:
        """The header the sheet uses for column *name* (the English name when it has none)."""
        for position, (column, _) in self.columns.items():
            if column.name == name:
                return self.headers[position]
        return name

    def error(self, row: int, header: str, message: str) -> None:
        self.problems.append(f"{self.source}: row {row}, column '{header}': {message}")

    def need_one_of(self, *names: str) -> bool:
        if self.present & set(names):
            return True
        wanted = " or ".join(f"'{column.name}' ('{column.swedish}')"
                             for column in COLUMNS[self.kind]
                             if column.name in names)
        self.problems.append(f"{self.source}: no column {wanted}; expected it in the header row")
        return False


def _plan_people(rows: _Rows, registry: _Registry) -> list[_Record]:
    records: dict[str, _Record] = {}
    rows.need_one_of("id", "name", "familyName")
    for number, values in rows.rows:
        name = values.get("name") or " ".join(
            part for part in (values.get("givenName"), values.get("familyName")) if part)
        key = values.get("id")
        if key is None and name:
            key = registry.key_for_name("people", name)
            if key is False:
                rows.error(number, rows.header("name"), f"several people in the registry are "
                           f"called {name!r}; add an id column with the key of the one meant")
                continue
            key = key or slugify(name)
        if key is None:
            rows.error(number, rows.header("name"), "expected the person's name (or an id)")
            continue
        person = {field_name: values[field_name] for field_name in (
            "givenName", "familyName", "patronymicName", "url", "sameAs", "uuid")
            if field_name in values}
        if name:
            person["name"] = name
        existing = registry.by_key.get(key)
        if existing is None and key not in records:
            if not name:
                rows.error(number, rows.header("name"), "a new person needs a name")
            person.setdefault("uuid", None)   # filled in when the person is written
        mandate = _mandate(rows, number, values, key)
        record = records.get(key)
        if record is None:
            record = records[key] = _Record("people", key, person, number)
        else:
            for field_name, value in person.items():
                if value is not None and record.fields.get(field_name, value) != value:
                    rows.error(number, rows.header(field_name), f"row {record.row} gives "
                               f"{record.fields[field_name]!r} for the same person")
                elif value is not None:
                    record.fields[field_name] = value
        if mandate:
            record.fields.setdefault("mandates", []).append(mandate)
    return list(records.values())


def _mandate(rows: _Rows, number: int, values: dict, key: str) -> dict | None:
    if not any(name in values for name in ("role", "roleName", "organisation", "party",
                                           "startDate", "endDate")):
        return None
    role = values.get("role")
    if role is None and "roleName" in values:
        words = _concept_words("lp:Role")
        for title in values["roleName"].values():
            role = role or words.get(" ".join(title.casefold().split()))
    if role is None and (number, "role") not in rows.bad:
        title = ", ".join(values.get("roleName", {}).values())
        rows.error(number, rows.header("role" if "role" in rows.present or not title else
                                       "roleName"),
                   (f"{title!r} is not a role lodpub knows; add a column 'role' ('roll') with "
                    if title else "a mandate needs a role; expected ")
                   + "one of " + ", ".join(sorted(set(_concept_words("lp:Role").values()))))
    if "organisation" not in values and (number, "organisation") not in rows.bad:
        rows.error(number, rows.header("organisation"),
                   "a role needs the organisation it is held in (its key or name)")
    if role is None or "organisation" not in values:
        return None
    mandate = {"id": f"{key}-{slugify(role)}-{slugify(values['organisation'], 40)}",
               "role": role}
    if "roleName" in values:
        mandate["roleName"] = values["roleName"]
    mandate["organisation"] = values["organisation"]
    for column, field_name in (("party", "onBehalfOf"), ("startDate", "startDate"),
                               ("endDate", "endDate")):
        if column in values:
            mandate[field_name] = values[column]
    return mandate


def _plan_municipalities(rows: _Rows, registry: _Registry) -> list[_Record]:
    records: list[_Record] = []
    seen: dict[str, int] = {}
    rows.need_one_of("id")
    for number, values in rows.rows:
        key = values.get("id")
        if key is None:
            if "id" in rows.present:
                rows.error(number, rows.header("id"), "expected the municipality's code")
            continue
        if key in seen:
            rows.error(number, rows.header("id"), f"{key} is already in row {seen[key]}")
            continue
        seen[key] = number
        entry = gazetteers.lookup(key)
        existing = registry.by_key.get(key)
        if entry is None and existing is None:
            rows.error(number, rows.header("id"), f"no municipality or hromada has the code "
                       f"{key.split('-', 1)[1]} ({key}); expected a kommunkod of one of "
                       "Sweden's 290 municipalities or the KATOTTH code of a Ukrainian hromada")
            continue
        code = key.split("-", 1)[1]
        municipality = {"identifiers": {"SE-kommunkod" if key.startswith("se-") else
                                        "UA-KATOTTH": code}}
        if "organisationNumber" in values:
            municipality["identifiers"]["SE-organisationsnummer"] = values["organisationNumber"]
        for name in ("name", "alternateName", "description", "url", "sameAs", "foundingDate"):
            if name in values:
                municipality[name] = ([values[name]] if name == "alternateName" else values[name])
        area = (existing.item.get("jurisdiction") if existing else None) or (
            entry.data.get("jurisdiction") if entry else None) or f"area-{key}"
        if existing is None and entry is None:
            if "name" not in values:
                rows.error(number, rows.header("name"), "a municipality lodpub does not know "
                           "yet needs a name")
                continue
            municipality["jurisdiction"] = area
        records.append(_Record("municipalities", key, municipality, number))
        place = _territory(rows, number, values, registry, area, key)
        if place is not None:
            records.append(place)
    return records


def _territory(rows, number, values, registry, area, key) -> _Record | None:
    """The territory's record: its population, and when nobody describes it yet, itself."""
    place: dict = {}
    if "population" in values:
        value, approximate = values["population"]
        if "population_date" not in values:
            rows.error(number, rows.header("population_date"),
                       "a population figure needs the date it was counted (YYYY-MM-DD)")
            return None
        observation = {"value": value, "date": values["population_date"]}
        if approximate:
            observation["approximate"] = True
        if "population_source" in values:
            observation["source"] = values["population_source"]
        place["population"] = [observation]
    if area not in registry.by_key and gazetteers.lookup(area) is None:
        names = values.get("name", {})
        place = {"type": "AdministrativeArea",
                 "name": {tag: f"{text} ({'område' if tag == 'sv' else 'territory'})"
                          for tag, text in names.items() if tag in ("sv", "en")}
                 or {tag: text for tag, text in names.items()}, **place}
    return _Record("places", area, place, number) if place else None


def _plan_named(rows: _Rows, registry: _Registry) -> list[_Record]:
    """Organisations: key from id, else the one organisation with the name, else a slug."""
    records: list[_Record] = []
    seen: dict[str, int] = {}
    rows.need_one_of("id", "name")
    for number, values in rows.rows:
        key = values.get("id")
        names = values.get("name", {})
        if key is None:
            for text in names.values():
                found = registry.key_for_name("organisations", text)
                if found is False:
                    rows.error(number, rows.header("name"), f"several organisations are called "
                               f"{text!r}; add an id column with the key of the one meant")
                key = key or found or None
            if key is None and names:
                key = slugify(next(iter(names.values())))
        if key is None:
            rows.error(number, rows.header("name"), "expected the organisation's name (or an id)")
            continue
        if key in seen:
            rows.error(number, rows.header("id" if "id" in values else "name"),
                       f"{key} is already in row {seen[key]}")
            continue
        seen[key] = number
        organisation = {}
        for column, field_name in (("name", "name"), ("type", "type"),
                                   ("description", "description"), ("url", "url"),
                                   ("sameAs", "sameAs"), ("parent", "parentOrganization"),
                                   ("unitOf", "unitOf"), ("members", "members"),
                                   ("foundingDate", "foundingDate")):
            if column in values:
                organisation[field_name] = values[column]
        others = [{tag: text} for column in ("abbreviation", "alternateName")
                  for tag, text in values.get(column, {}).items()]
        if others:
            organisation["alternateName"] = others
        if key not in registry.by_key:
            if not names:
                rows.error(number, rows.header("name"), "a new organisation needs a name")
            organisation.setdefault("type", "Organization")
        records.append(_Record("organisations", key, organisation, number))
    return records


def _plan_partnerships(rows: _Rows, registry: _Registry) -> list[_Record]:
    records: list[_Record] = []
    seen: dict = {}
    rows.need_one_of("partners", "id")
    for number, values in rows.rows:
        partners = values.get("partners", [])
        if "partners" in values and len(partners) < 2:
            rows.error(number, rows.header("partners"), f"expected at least two partners "
                       f"separated by ';', found {len(partners)}")
            continue
        key = values.get("id")
        match = tuple(sorted(registry.resolve(partner) for partner in partners)) or None
        existing = registry.by_key.get(key) if key else _find_partnership(registry, match)
        if key is None and match is None:
            rows.error(number, rows.header("partners"), "expected the partners (or an id)")
            continue
        if existing is None:
            for name in ("partners", "type", "status"):
                if name not in values:
                    rows.error(number, rows.header(name), f"a new partnership needs {name}")
        identity = key or match
        if identity in seen:
            rows.error(number, rows.header("id" if key else "partners"),
                       f"the same partnership as row {seen[identity]}")
            continue
        seen[identity] = number
        partnership = {}
        for name in ("name", "partners", "type", "status", "statusDate", "startDate",
                     "facilitatedBy", "areas", "description"):
            if name in values:
                partnership[name] = values[name]
        if "purpose" in values:
            partnership["purpose"] = [{tag: text} for tag, cell in values["purpose"].items()
                                      for text in _split(cell)]
        if key is None and existing is not None and existing.item.get("id") is not None:
            key = str(existing.item["id"])
        records.append(_Record("partnerships", key, partnership, number, match))
    return records


def _find_partnership(registry: _Registry, match: tuple | None) -> _Existing | None:
    if match is None:
        return None
    candidates = list(registry.keyless) + [
        existing for existing in registry.by_key.values() if existing.section == "partnerships"]
    for existing in candidates:
        if existing.section != "partnerships":
            continue
        partners = existing.item.get("partners") or []
        if tuple(sorted(registry.resolve(str(partner)) for partner in partners)) == match:
            return existing
    return None


PLANNERS = {"people": _plan_people, "municipalities": _plan_municipalities,
            "organisations": _plan_named, "partnerships": _plan_partnerships}


# --- merging and writing ------------------------------------------------------------------------

#: How a field from the sheet meets the entry's value (default: the sheet's value replaces it).
_LANGUAGE_FIELDS = {"name", "description", "roleName", "identifiers"}
_UNION_FIELDS = {"alternateName", "sameAs", "purpose"}
_REFERENCE_FIELDS = {"organisation", "onBehalfOf", "parentOrganization", "unitOf", "members",
                     "partners", "facilitatedBy"}


def _merge(item: CommentedMap, fields: dict, section: str, registry: _Registry) -> None:
    """Put *fields* into *item* in place, keeping what the sheet does not say."""
    for name, value in fields.items():
        old = item.get(name)
        if value is None or _plain(old) == _plain(value):
            continue
        if name in _REFERENCE_FIELDS and old is not None and _same_records(old, value, registry):
            continue   # the entry's key for what the sheet names (e.g. by its name) stays
        if name in _LANGUAGE_FIELDS and isinstance(value, dict) and isinstance(old, dict):
            for tag, text in value.items():   # per language: the others stay
                if _plain(old.get(tag)) != _plain(text):
                    old[tag] = _yaml_value(text)
            continue
        if isinstance(value, str) and isinstance(old, dict) and value in old.values():
            continue   # e.g. a person's name in one script of the several the entry has
        if name in _UNION_FIELDS and old is not None:   # the sheet's values are added
            olds = old if isinstance(old, list) else [old]
            missing = [new for new in value if not any(_contains(existing, new)
                                                       for existing in olds)]
            if isinstance(old, list):
                old.extend(_yaml_value(new) for new in missing)
            elif missing:
                item[name] = CommentedSeq([old, *(_yaml_value(new) for new in missing)])
            continue
        if name == "mandates" and isinstance(old, list):
            _merge_list(old, value, lambda mandate: (
                str(mandate.get("role")), registry.resolve(str(mandate.get("organisation")))),
                section, registry)
            continue
        if name == "population" and isinstance(old, list):
            _merge_list(old, value, lambda observation: _plain(observation.get("date")),
                        section, registry)
            continue
        item[name] = _yaml_value(value)


def _merge_list(old: list, new_items: list, identity, section: str, registry: _Registry) -> None:
    """Update the items of *old* that *identity* finds again; append the others."""
    for new in new_items:
        found = next((existing for existing in old if isinstance(existing, dict)
                      and identity(existing) == identity(new)), None)
        if found is None:
            old.append(_yaml_value(new))
        else:
            _merge(found, {name: value for name, value in new.items()
                           if not (name == "id" and found.get("id"))}, section, registry)


def _same_records(old, new, registry: _Registry) -> bool:
    olds = old if isinstance(old, list) else [old]
    news = new if isinstance(new, list) else [new]
    return sorted(registry.resolve(str(item)) for item in olds) == \
        sorted(registry.resolve(str(item)) for item in news)


def _contains(existing, new) -> bool:
    if isinstance(existing, dict) and isinstance(new, dict):
        return all(_plain(existing.get(tag)) == _plain(text) for tag, text in new.items())
    return _plain(existing) == _plain(new)


def _yaml_value(value):
    """*value* for a registry file: small maps of texts written on one line."""
    if isinstance(value, dict):
        mapping = CommentedMap((name, _yaml_value(item)) for name, item in value.items())
        if all(isinstance(item, str) for item in value.values()):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(_yaml_value(item) for item in value)
        if all(isinstance(item, str) for item in value):
            sequence.fa.set_flow_style()
        return sequence
    return value


def import_table(path: Path | str, project_dir: Path | str, kind: str,
                 language: str = "sv") -> TableImport:
    """Add or update the records of the spreadsheet *path* in *project_dir*'s registry.

    *kind* is people, municipalities, organisations or partnerships; *language* is the
    language of texts in columns without a language suffix. Raises TableErrors (nothing
    written) when any row is bad.
    """
    path, project_dir = Path(path), Path(project_dir)
    if kind not in COLUMNS:
        raise LodpubError(f"unknown kind {kind!r}; expected one of {', '.join(COLUMNS)}")
    from ..config import load_config

    load_config(project_dir)   # a clear error when this is not a project
    registry = _Registry(project_dir)
    rows = _Rows(path, kind, language)
    records = PLANNERS[kind](rows, registry)
    if rows.problems:
        raise TableErrors(path, rows.problems)
    result = TableImport(kind, ignored_columns=rows.ignored)
    if not rows.rows:
        return result
    touched: set[Path] = set()
    for record in records:
        existing = (registry.by_key.get(record.key) if record.key else None) or (
            _find_partnership(registry, record.match) if record.section == "partnerships" else None)
        if existing is not None and existing.section != record.section:
            raise TableErrors(path, [f"{path.name}: row {record.row}: '{record.key}' is already "
                                     f"listed under {existing.section} in "
                                     f"{existing.path.relative_to(project_dir)}"])
        if existing is None:
            target = project_dir / REGISTRY_DIR / f"{record.section}.yaml"
            data = registry.files.get(target)
            if data is None:
                data = registry.files[target] = CommentedMap()
            items = data.get(record.section)
            if items is None:
                items = data[record.section] = CommentedSeq()
            entry = CommentedMap()
            if record.key is not None:
                entry["id"] = record.key
            fields = dict(record.fields)
            if record.section == "people" and "uuid" in fields and fields["uuid"] is None:
                fields["uuid"] = str(uuid.uuid4())
            if record.section == "people":   # uuid and name first, as the registry writes them
                fields = {name: fields.pop(name) for name in ("uuid", "name") if name in fields} \
                    | fields
            for name, value in fields.items():
                if value is not None:
                    entry[name] = _yaml_value(value)
            items.append(entry)
            existing = _Existing(target, record.section, entry)
            if record.key is not None:
                registry.by_key[record.key] = existing
            else:
                registry.keyless.append(existing)
            action = "created"
        else:
            before = _plain(existing.item)
            _merge(existing.item, record.fields, record.section, registry)
            action = "unchanged" if _plain(existing.item) == before else "updated"
        if action != "unchanged":
            touched.add(existing.path)
        shown = record.key or "--".join(record.match or ())
        result.changes.append(RecordChange(shown, action, existing.path, record.section))
    texts = {}
    for target in sorted(touched):
        stream = io.StringIO()
        _yaml().dump(registry.files[target], stream)
        texts[target] = stream.getvalue()
    for target, text in texts.items():
        write_text(target, text)
    return result
