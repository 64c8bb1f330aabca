"""People in prose: names that are clearly people, and the roles written beside them.

A pair (or three) of capitalised words is a person when the text says so: a party in
parentheses follows ("Lillemor Lundgren (S)"), a role title stands before or after it
("borgmästaren Dmytro Dikhtiar", "Viktoria Popova, chef för …"), a verb of saying is next
to it ("säger Lillemor Lundgren"), or it is in a caption list ("På bilden från vänster: …").
Role titles come from the ontology's lp:Role concepts (Swedish labels) plus their
definite forms and a few variants; other titles only show that a name is a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from .names import normal
from .text import Text, is_swedish_word

# Swedish ways of writing a role that the ontology's labels do not list.
ROLE_VARIANTS = {
    "municipalCouncilChair": ("ordförande i kommunfullmäktige", "fullmäktiges ordförande",
                              "kommunfullmäktiges ordförande"),
    "councilMember": ("kommunfullmäktigeledamot", "fullmäktigeledamot", "ledamot i fullmäktige"),
    "deputyMunicipalDirector": ("bitr. kommunchef", "vice kommunchef"),
    "headOfHromada": ("hromadans ledare",),
}
# Titles that show a name is a person, without a role concept of their own.
OTHER_TITLES = (
    "kommunalråd", "oppositionsråd", "kommunstyrelsens ordförande", "kommunstyrelsens vice ordförande",
    "ordförande", "vice ordförande", "näringslivschef", "chef", "projektledare", "samordnare",
    "utvecklingsledare", "handläggare", "strateg", "vd", "direktör", "generalsekreterare",
    "minister", "statsråd", "landshövding", "regionråd", "förvaltningschef", "sekreterare",
    "ambassadör", "professor", "tolk", "rektor",
)
SPEECH_AFTER = re.compile(r"^\s*(?:\([^)]{1,4}\))?\s*,?\s*(?:säger|sa|berättar|menar|förklarar|"
                          r"konstaterar|says|said)\b", re.I)
SPEECH_BEFORE = re.compile(r"\b(?:säger|sa|berättar|menar|förklarar|konstaterar|enligt|says|said)\s*$",
                           re.I)
CAPTION = re.compile(r"^\W*(?:på bilden|på fotot|bilden visar|från vänster|i mitten|deltagare)", re.I)
PARTY = re.compile(r"^\s*\(([A-ZÅÄÖ]{1,3})\)")
NOT_NAMES = {normal(word) for word in (
    "på", "i", "från", "vid", "under", "med", "enligt", "den", "det", "de", "en", "ett", "när",
    "efter", "inför", "för", "till", "och", "men", "även", "också", "så", "då", "här", "där",
    "kommunen", "kommunerna", "region", "sveriges", "vi", "jag", "han", "hon", "de", "om")}


@dataclass(frozen=True)
class RolePhrase:
    words: tuple[str, ...]
    role: str | None        # lp:Role concept, or None for a title without one
    base: str               # the title in its base form, for roleName


@dataclass
class PersonFound:
    start: int              # token indices, end exclusive
    end: int
    name: str
    why: str
    party: str | None = None
    roles: list[tuple[RolePhrase, int, int, str]] = field(default_factory=list)  # phrase, start, end, as written


def _definite(word: str) -> str:
    if word.endswith(("råd", "ombud")):
        return word + "et"
    if word.endswith("e"):
        return word + "n"
    if word.endswith(("är", "ör", "er")) and not word.endswith("ker"):
        return word + "en"
    return word + "en"


@cache
def role_phrases() -> tuple[RolePhrase, ...]:
    """Every title the linker knows, longest first."""
    found: dict[tuple[str, ...], RolePhrase] = {}

    def add(text: str, role: str | None) -> None:
        words = tuple(normal(word) for word in text.split())
        if not words:
            return
        for variant in (words, words[:-1] + (_definite(words[-1]),)):
            if variant not in found or (found[variant].role is None and role is not None):
                found[variant] = RolePhrase(variant, role, text)

    for role, labels in _ontology_role_labels().items():
        for label in labels:
            add(label, role)
    for role, labels in ROLE_VARIANTS.items():
        for label in labels:
            add(label, role)
    for title in OTHER_TITLES:
        add(title, None)
    return tuple(sorted(found.values(), key=lambda phrase: -len(phrase.words)))


@cache
def _ontology_role_labels() -> dict[str, list[str]]:
    from rdflib.namespace import SKOS

    from ...mapping.concepts import ontology_graph
    from ...namespaces import LP

    graph = ontology_graph()
    labels: dict[str, list[str]] = {}
    for concept in graph.subjects(SKOS.inScheme, LP.Role):
        name = str(concept)[len(str(LP)):]
        for predicate in (SKOS.prefLabel, SKOS.altLabel):
            for label in graph.objects(concept, predicate):
                if getattr(label, "language", None) == "sv":
                    labels.setdefault(name, []).append(str(label))
    return labels


def role_at(text: Text, index: int) -> tuple[RolePhrase, int] | None:
    """The longest title starting at token *index*, with the index after it."""
    tokens = text.tokens
    for phrase in role_phrases():
        end = index + len(phrase.words)
        if end > len(tokens) or tokens[index].sentence != tokens[end - 1].sentence:
            continue
        if tuple(tokens[i].norm for i in range(index, end)) == phrase.words:
            return phrase, end
    return None


def role_ending_at(text: Text, end: int) -> tuple[RolePhrase, int] | None:
    """The longest title whose last token is just before token *end*."""
    tokens = text.tokens
    for phrase in role_phrases():
        start = end - len(phrase.words)
        if start < 0 or tokens[start].sentence != tokens[end - 1].sentence:
            continue
        if tuple(tokens[i].norm for i in range(start, end)) == phrase.words:
            return phrase, start
    return None


def is_title_word(norm: str) -> bool:
    return any(phrase.words[-1] == norm or phrase.words[0] == norm for phrase in role_phrases())


def find_people(text: Text, is_known_name, parties: dict[str, str]) -> list[PersonFound]:
    """Capitalised name pairs that the text shows to be people (not those *is_known_name* knows)."""
    tokens, found, index = text.tokens, [], 0
    while index < len(tokens):
        span = _name_span(text, index)
        if span is None:
            index += 1
            continue
        start, end = span
        person = _person(text, start, end, parties)
        if person is not None and not is_known_name(start, end):
            found.append(person)
            index = end
        else:
            index += 1
    return found


def _name_span(text: Text, start: int) -> tuple[int, int] | None:
    tokens = text.tokens
    first = tokens[start]
    if not first.name_like or first.norm in NOT_NAMES or is_title_word(first.norm):
        return None
    end = start + 1
    while (end < len(tokens) and end - start < 3 and text.spaced(end - 1, end)
           and tokens[end].name_like and not is_title_word(tokens[end].norm)
           and tokens[end].norm not in NOT_NAMES):
        end += 1
    if end - start == 3 and first.first and is_swedish_word(first.text):
        start += 1  # "Kommunalrådet Anna Berg" at a sentence's start
    return (start, end) if end - start >= 2 else None


def _person(text: Text, start: int, end: int, parties: dict[str, str]) -> PersonFound | None:
    tokens = text.tokens
    name = " ".join(tokens[i].text for i in range(start, end))
    person = PersonFound(start, end, name, "")
    reasons = []
    after = text.text[tokens[end - 1].end:]
    party = PARTY.match(after)
    if party and (party.group(1) in parties or len(party.group(1)) <= 2):
        person.party = party.group(1)
        reasons.append(f"a party follows: '({party.group(1)})'")
    before_role = role_ending_at(text, start)
    if before_role is not None:
        phrase, role_start = before_role
        written = text.text[tokens[role_start].start:tokens[start - 1].end]
        person.roles.append((phrase, role_start, start, written))
        reasons.append(f"after the title '{written}'")
    follow = end
    while follow < len(tokens) and tokens[follow].sentence == tokens[start].sentence and (
            text.text[tokens[follow - 1].end:tokens[follow].start].strip(" ,()\n") == ""
            or re.fullmatch(r"\s*\([A-ZÅÄÖ]{1,3}\)\s*,?\s*", text.text[tokens[follow - 1].end:tokens[follow].start])):
        if tokens[follow].text.isupper() and len(tokens[follow].text) <= 3 and person.party:
            follow += 1  # the party letters themselves
            continue
        after_role = role_at(text, follow)
        if after_role is not None:
            phrase, role_end = after_role
            written = text.text[tokens[follow].start:tokens[role_end - 1].end]
            person.roles.append((phrase, follow, role_end, written))
            reasons.append(f"before the title '{written}'")
        break
    if SPEECH_AFTER.match(after) or SPEECH_BEFORE.search(text.before(start, 30)):
        reasons.append("next to a verb of saying")
    sentence_start = text.sentences[tokens[start].sentence][0]
    if CAPTION.match(text.text[sentence_start:tokens[start].start]):
        reasons.append("in a caption's list of people")
    if not reasons:
        return None
    person.why = "new person: " + "; ".join(reasons)
    return person
