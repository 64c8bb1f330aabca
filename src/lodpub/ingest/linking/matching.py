"""Find what a Swedish text mentions: names with their inflections, decided by context.

Rules, in the order they apply:

- The longest name wins ("SALAR International" before "SALAR", "Region Västerbotten"
  before the county). A name's first word must be capitalised as in the name;
  abbreviations ("SKR") must match their case exactly. Inflections: the genitive
  ("Vännäs kommuns", "Slobozhanskes", "SKR:s"), "X kommun", "X stad", and region
  compounds ("Charkivregionen", "Charkivområdet") for the region whose name is
  "Charkiv oblast".
- A bare place or municipality name is not linked when it is part of a longer proper
  name (a capitalised word right before or after it: "Anna Berg", "Nora Ek",
  "Umeå Energi") or of an institution's name ("Umeå universitet", "Stockholms universitet").
- A one-word name that is also an ordinary Swedish word (simplemma's dictionary: Mark,
  Vara, Lund, Boden, Bar, Mena) links only with a municipality cue: "Marks kommun",
  "kommunen Bar", "i Mark", or in a list with a municipality that links on its own
  ("Boden och Luleå").
- People: registry people by any full name, the surname alone once the full name has
  appeared; new people by find_people (people.py).
- A name with several candidates is decided by the places the text mentions: the
  candidate lying deepest within one of them wins ("Charkivregionen" picks the
  Slobozhanske in Kharkiv Oblast). A municipality beats the region it lies in ("Charkiv"
  is the city's hromada, not the oblast). Otherwise the name is reported as ambiguous.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .names import MUNICIPALITY_WORDS, Form, Index, Target, normal
from .people import PersonFound, find_people
from .text import Text, Token, is_swedish_word, split

INSTITUTION_WORDS = (
    "universitet", "högskola", "sjukhus", "lasarett", "energi", "hamn", "flygplats", "airport",
    "stift", "tingsrätt", "domkyrka", "kyrka", "församling", "station", "centralstation",
    "bibliotek", "stadsbibliotek", "teater", "museum", "konserthus", "vatten", "kraft",
    "bostäder", "arena", "läns", "kommunföretag", "folkhögskola", "gymnasium",
)
CUES_BEFORE = {"i", "från", "till", "kommunen", "hos", "mellan", "hromadan"}
LIST_WORDS = {"och", "samt", "eller"}
REGION_COMPOUNDS = ("regionen", "området", "oblasten", "länet")


@dataclass
class Mention:
    start: int                      # token indices, end exclusive
    end: int
    words: str
    sentence: str
    candidates: list[str]
    how: str                        # what matched, for 'why'
    ref: str | None = None
    why: str = ""
    bare: bool = True               # no municipality word in the matched words


@dataclass
class Analysis:
    text: Text
    mentions: list[Mention] = field(default_factory=list)     # decided
    ambiguous: list[Mention] = field(default_factory=list)
    people: list[tuple[PersonFound, str]] = field(default_factory=list)  # new people and their keys


def analyse(index: Index, text: str) -> Analysis:
    """Every mention in *text*: decided ones, ambiguous ones, and new people."""
    from ..contentfiles import slugify

    words = split(text)
    analysis = Analysis(words)
    reserved: dict[int, str] = {}   # token → new person's key

    def known(start: int, end: int) -> bool:
        forms = index.forms.get(tuple(words.tokens[i].norm for i in range(start, end)))
        return bool(forms)

    for person in find_people(words, known, index.parties):
        key = slugify(person.name)
        analysis.people.append((person, key))
        for position in range(person.start, person.end):
            reserved[position] = key

    surnames: dict[str, str] = {}
    raw: list[Mention] = []
    position = 0
    tokens = words.tokens
    while position < len(tokens):
        if position in reserved:
            key = reserved[position]
            person = next(p for p, k in analysis.people if k == key and p.start == position)
            raw.append(Mention(person.start, person.end, person.name, words.sentence_of(tokens[position]),
                               [key], "new person", ref=key, why=person.why))
            surnames[tokens[person.end - 1].norm] = key
            position = person.end
            continue
        found = _longest(index, words, position)
        if found is None:
            surname = _surname(words, position, surnames)
            if surname is not None:
                raw.append(Mention(position, position + 1, tokens[position].text,
                                   words.sentence_of(tokens[position]), [surname], "surname",
                                   ref=surname))
            position += 1
            continue
        mention = found
        mention.candidates = _filter(index, words, mention)
        if mention.candidates:
            raw.append(mention)
            people = [key for key in mention.candidates if index.targets[key].kind == "person"]
            if len(people) == 1:
                surnames[tokens[mention.end - 1].norm.removesuffix("s")] = people[0]
                surnames[tokens[mention.end - 1].norm] = people[0]
        position = mention.end if mention.candidates else position + 1
    _weak_names(index, words, raw)
    _decide(index, raw, analysis)
    return analysis


def _longest(index: Index, words: Text, position: int) -> Mention | None:
    tokens = words.tokens
    for length in range(min(index.max_tokens, len(tokens) - position), 0, -1):
        span = tokens[position:position + length]
        if span[-1].sentence != span[0].sentence:
            continue
        if any(span[i].suffix for i in range(len(span) - 1)):
            continue
        norms = [token.norm for token in span]
        variants = [(tuple(norms), "")]
        last = norms[-1]
        if span[-1].suffix.lower() == ":s":
            variants = [(tuple(norms), "genitive ':s'")]
        elif last.endswith("s") and len(last) > 3:
            variants.append((tuple(norms[:-1] + [last[:-1]]), "genitive"))
        for variant, note in variants:
            forms = [form for form in index.forms.get(variant, [])
                     if _case_fits(form, span) and not (note == "genitive" and form.text.endswith(("s", "x", "z")))]
            if forms:
                words_text = " ".join(words.text[span[0].start:span[-1].end].split()) + span[-1].suffix
                how = f"name '{forms[0].text}'" + (f" ({note})" if note else "")
                mention = Mention(position, position + length, words_text,
                                  words.sentence_of(span[0]), [], how)
                mention.bare = len(variant) == 1 and variant[0] not in MUNICIPALITY_WORDS
                mention._forms = forms  # type: ignore[attr-defined]
                return mention
    return _compound(index, words, position)


def _compound(index: Index, words: Text, position: int) -> Mention | None:
    token = words.tokens[position]
    if not token.capitalised:
        return None
    for suffix in REGION_COMPOUNDS:
        if token.norm.endswith(suffix) and len(token.norm) > len(suffix) + 2:
            stem = token.norm[:-len(suffix)]
            keys = index.region_stems.get(stem) or index.region_stems.get(stem.removesuffix("s"))
            if keys:
                mention = Mention(position, position + 1, token.text, words.sentence_of(token), [],
                                  f"region compound '{token.text}' (region '{stem}' + '-{suffix}')",
                                  bare=False)
                mention._forms = [Form(key, stem, stem=True) for key in sorted(keys)]  # type: ignore[attr-defined]
                return mention
    return None


def _case_fits(form: Form, span: list[Token]) -> bool:
    text = form.text.strip()
    if form.stem:
        return span[0].capitalised
    if text.isupper() and len(text.replace(" ", "")) <= 8:
        return all(token.text == token.text.upper() for token in span)
    return span[0].text[:1].isupper() or not text[:1].isupper()


def _surname(words: Text, position: int, surnames: dict[str, str]) -> str | None:
    token = words.tokens[position]
    if not token.name_like:
        return None
    key = surnames.get(token.norm) or surnames.get(token.norm.removesuffix("s"))
    if key is None:
        return None
    if position > 0 and words.tokens[position - 1].norm in CUES_BEFORE and words.spaced(position - 1, position):
        return None  # "i Berg": the place, even after Anna Berg
    if position + 1 < len(words.tokens) and words.tokens[position + 1].norm in MUNICIPALITY_WORDS:
        return None
    return key


def _filter(index: Index, words: Text, mention: Mention) -> list[str]:
    """The candidates that survive the rules about longer names and institutions."""
    forms: list[Form] = mention._forms  # type: ignore[attr-defined]
    keys = list(dict.fromkeys(form.key for form in forms))
    if any(not form.stem for form in forms):
        keys = list(dict.fromkeys(form.key for form in forms if not form.stem))
    if any(index.targets[key].in_registry and index.targets[key].kind == "place" for key in keys):
        # the project's own place wins over gazetteer entries of the same name ('Stockholm')
        keys = [key for key in keys if index.targets[key].in_registry]
    tokens = words.tokens
    kept = []
    for key in keys:
        target = index.targets[key]
        if target.kind in ("municipality", "place") and mention.bare:
            after = mention.end
            if after < len(tokens) and words.spaced(after - 1, after):
                nxt = tokens[after]
                if any(nxt.norm.startswith(word) for word in INSTITUTION_WORDS):
                    continue
                if nxt.capitalised and nxt.norm not in MUNICIPALITY_WORDS:
                    continue
            before = mention.start - 1
            if before >= 0 and words.spaced(before, mention.start):
                previous = tokens[before]
                if previous.name_like and not previous.first and previous.norm not in CUES_BEFORE:
                    continue
        if target.kind == "organisation" and mention.end - mention.start == 1 and tokens[mention.start].first \
                and is_swedish_word(tokens[mention.start].text):
            continue
        kept.append(key)
    return kept


def _weak(index: Index, words: Text, mention: Mention) -> bool:
    token = words.tokens[mention.start]
    return (mention.bare and mention.end - mention.start == 1
            and all(index.targets[key].kind in ("municipality", "place") for key in mention.candidates)
            and is_swedish_word(token.text))


def _cued(words: Text, mention: Mention) -> str | None:
    tokens = words.tokens
    before, after = mention.start - 1, mention.end
    if before >= 0 and tokens[before].sentence == tokens[mention.start].sentence \
            and tokens[before].norm in CUES_BEFORE:
        return f"after '{tokens[before].text}'"
    if after < len(tokens) and tokens[after].sentence == tokens[mention.start].sentence \
            and tokens[after].norm in MUNICIPALITY_WORDS:
        return f"before '{tokens[after].text}'"
    return None


def _weak_names(index: Index, words: Text, raw: list[Mention]) -> None:
    """Drop one-word names that are Swedish words unless a cue or a list makes them places."""
    strong = {id(m) for m in raw if not _weak(index, words, m)}
    changed = True
    decided = {id(m): _cued(words, m) for m in raw if _weak(index, words, m)}
    while changed:
        changed = False
        for number, mention in enumerate(raw):
            if id(mention) in strong or decided.get(id(mention)):
                continue
            for other in (raw[number - 1] if number else None, raw[number + 1] if number + 1 < len(raw) else None):
                if other is None or not (id(other) in strong or decided.get(id(other))):
                    continue
                if not any(index.targets[k].kind == "municipality" for k in other.candidates):
                    continue
                left, right = sorted((mention, other), key=lambda m: m.start)
                between = words.text[words.tokens[left.end - 1].end:words.tokens[right.start].start]
                if normal(between.strip(" ,")) in LIST_WORDS | {""} and "." not in between:
                    decided[id(mention)] = f"in a list with '{other.words}'"
                    changed = True
                    break
    raw[:] = [m for m in raw if id(m) in strong or decided.get(id(m))]
    for mention in raw:
        if decided.get(id(mention)):
            mention.how += f", a word in Swedish but {decided[id(mention)]}"


def _decide(index: Index, raw: list[Mention], analysis: Analysis) -> None:
    pending = []
    for mention in raw:
        candidates = _prefer_municipality(index, mention.candidates)
        mention.candidates = candidates
        if mention.ref is None and len(candidates) == 1:
            mention.ref = candidates[0]
        if mention.ref is None:
            pending.append(mention)
    context: dict[str, str] = {}
    for mention in raw:
        if mention.ref is None:
            continue
        target = index.targets.get(mention.ref)
        if target is None or target.kind not in ("place", "municipality"):
            continue
        keys = ({mention.ref} if target.kind == "place" else set()) | set(target.within)
        for key in keys:
            for same in index.same_place(key):
                context.setdefault(same, mention.words)
    for mention in pending:
        scored = []
        for key in mention.candidates:
            chain = index.targets[key].within
            depth = max((len(chain) - i for i, place in enumerate(chain) if place in context), default=0)
            scored.append((depth, key))
        scored.sort(reverse=True)
        if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            best = scored[0][1]
            where = next(place for place in index.targets[best].within if place in context)
            mention.ref = best
            mention.how += f"; decided by '{context[where]}' in the text"
        else:
            analysis.ambiguous.append(mention)
    for mention in raw:
        if mention.ref is not None:
            if not mention.why:
                mention.why = why_linked(index.targets.get(mention.ref), mention.how)
            analysis.mentions.append(mention)


def _prefer_municipality(index: Index, keys: list[str]) -> list[str]:
    """A municipality and a region it lies in, by one name: the municipality ('Charkiv')."""
    municipalities = [key for key in keys if key in index.targets and index.targets[key].kind == "municipality"]
    if not municipalities:
        return keys
    around = set()
    for key in municipalities:
        for place in index.targets[key].within:
            around |= index.same_place(place)
    return [key for key in keys if key not in around]


def why_linked(target: Target | None, how: str) -> str:
    """Say what *target* is and *how* a mention was linked to it (the mention's ``why``)."""
    if target is None:
        return how
    if target.kind == "municipality":
        if target.source != "registry":
            country = "Ukrainian hromada" if target.key.startswith("ua-") else (
                "Swedish municipality" if target.key.startswith("se-") else "municipality")
            what = f"{country} (gazetteer {target.source})"
        else:
            what = "municipality in the registry"
    elif target.source != "registry":
        what = f"{target.kind} (gazetteer {target.source})"
    else:
        what = f"{target.kind} in the registry"
    return f"{what}: {how}"
