"""The index of what a text can link to: registry records and gazetteer entries, by name.

Registry files are read leniently (plain YAML, no reference checks), so the linker works
while a project is incomplete. A registry place shadows gazetteer entries that share one
of its names (the project's ``stockholm`` city wins over the gazetteer's municipality of
that name); a registry municipality and the gazetteer entry with its key are one target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..contentfiles import REGISTRY_DIR, read_registry

KIND_OF_SECTION = {"municipalities": "municipality", "organisations": "organisation",
                   "people": "person", "places": "place", "events": "event"}
MUNICIPALITY_WORDS = ("kommun", "kommuns", "kommuner", "kommunerna", "hromada", "hromadan")
REGION_WORDS = ("län", "oblast", "region", "område", "область")
TOKEN = re.compile(r"\w+(?:['’ʼ\-]\w+)*", re.UNICODE)


def normal(text: str) -> str:
    """The form names and words are compared in (case folded, apostrophes unified)."""
    return text.replace("’", "'").replace("ʼ", "'").casefold()


def name_tokens(text: str) -> tuple[str, ...]:
    return tuple(normal(word) for word in TOKEN.findall(text))


@dataclass
class Target:
    """One thing a text may mention."""

    key: str
    kind: str                       # municipality, organisation, person, place, event
    label: str
    names: list[tuple[str, str | None]] = field(default_factory=list)
    within: tuple[str, ...] = ()    # containing places, innermost first
    source: str = "registry"        # "registry" or a gazetteer id
    data: dict = field(default_factory=dict)
    in_registry: bool = False
    place_type: str | None = None

    @property
    def ukrainian(self) -> bool:
        return self.key.startswith("ua-") or "country-ua" in self.within or "ukraine" in self.within


@dataclass
class Form:
    """One way of writing a target: its tokens and how it was made."""

    key: str
    text: str
    stem: bool = False              # a region's name without its region word (lower priority)


@dataclass
class Index:
    targets: dict[str, Target] = field(default_factory=dict)
    forms: dict[tuple[str, ...], list[Form]] = field(default_factory=dict)
    region_stems: dict[str, set[str]] = field(default_factory=dict)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)       # abbreviation → party key
    units: list[tuple[str, str, str]] = field(default_factory=list)  # (key, unitOf, sv name)
    mandates: dict[str, list[dict]] = field(default_factory=dict)    # person → its mandates
    person_files: dict[str, Path] = field(default_factory=dict)
    max_tokens: int = 1

    def add_form(self, key: str, text: str, stem: bool = False) -> None:
        tokens = name_tokens(text)
        if not tokens:
            return
        forms = self.forms.setdefault(tokens, [])
        if not any(form.key == key and form.stem == stem for form in forms):
            forms.append(Form(key, text, stem))
        self.max_tokens = max(self.max_tokens, len(tokens))

    def target(self, key: str) -> Target | None:
        return self.targets.get(key)

    def same_place(self, key: str) -> set[str]:
        return {key} | self.aliases.get(key, set())


def texts_of(value) -> list[tuple[str, str | None]]:
    """Every (text, language) in a langtext value or a list of them."""
    if isinstance(value, str):
        return [(value, None)]
    if isinstance(value, dict):
        return [(str(text), str(lang)) for lang, text in value.items() if text]
    if isinstance(value, list):
        return [pair for item in value for pair in texts_of(item)]
    return []


def label_of(data: dict, lang: str = "sv") -> str:
    name = data.get("name")
    if isinstance(name, dict):
        return str(name.get(lang) or name.get("en") or next(iter(name.values()), ""))
    return str(name or "")


def base_municipality_names(text: str) -> list[str]:
    """'Vännäs kommun' → ['Vännäs'] (the bare form; the gazetteers give 'Mark' for 'Marks kommun')."""
    match = re.fullmatch(r"(.+?)\s+(?:kommun|stad|Municipality|hromada)", text.strip())
    if not match:
        return []
    return [match.group(1)]


def region_stems(text: str) -> list[str]:
    """'Charkiv oblast' → ['charkiv'], 'Västerbottens län' → ['västerbottens', 'västerbotten']."""
    words = text.split()
    if len(words) < 2 or normal(words[-1]) not in REGION_WORDS:
        return []
    stem = normal(" ".join(words[:-1]))
    stems = [stem]
    if stem.endswith("s") and len(stem) > 4:
        stems.append(stem[:-1])
    return stems


def read_registry_leniently(project_dir: Path) -> list[tuple[Path, dict]]:
    """(file, sections) of every registry file that parses; broken files are skipped."""
    folder = Path(project_dir) / REGISTRY_DIR
    found = []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            data = read_registry(path)
        except Exception:  # a file mid-edit must not stop the linker
            continue
        if isinstance(data, dict):
            found.append((path, data))
    return found


@cache
def _gazetteer_entries() -> tuple:
    try:
        from ... import gazetteers
    except ImportError:
        return ()
    return tuple(entry for gazetteer in gazetteers.GAZETTEERS for entry in gazetteer.entries())


def build_index(registry: list[tuple[Path, dict]], use_gazetteers: bool = True) -> Index:
    """The index of registry records (sections as in registry files) and gazetteer entries."""
    index = Index()
    jurisdictions: set[str] = set()
    places: dict[str, dict] = {}
    for path, sections in registry:
        for section, kind in KIND_OF_SECTION.items():
            for item in sections.get(section) or []:
                if not isinstance(item, dict) or not item.get("id"):
                    continue
                key = str(item["id"])
                names = texts_of(item.get("name")) + texts_of(item.get("alternateName"))
                target = Target(key, kind, label_of(item), names, data=dict(item), in_registry=True)
                index.targets[key] = target
                if kind == "municipality" and item.get("jurisdiction"):
                    jurisdictions.add(str(item["jurisdiction"]))
                if kind == "place":
                    places[key] = item
                    target.place_type = str(item.get("type") or "")
                if kind == "organisation":
                    _registry_organisation(index, key, item)
                if kind == "person":
                    index.person_files[key] = path
                    index.mandates[key] = [dict(m) for m in item.get("mandates") or []
                                           if isinstance(m, dict)]
    # registry chains: municipality → jurisdiction → containedInPlace …
    for target in index.targets.values():
        start = target.data.get("jurisdiction") if target.kind == "municipality" else (
            target.data.get("containedInPlace") if target.kind == "place" else None)
        chain, seen = [], set()
        while start and str(start) not in seen:
            seen.add(str(start))
            chain.append(str(start))
            start = (places.get(str(start)) or {}).get("containedInPlace")
        target.within = tuple(chain)
    if use_gazetteers:
        _add_gazetteers(index, jurisdictions)
    for target in index.targets.values():
        if target.kind == "place" and target.key in jurisdictions:
            continue  # a municipality's territory is not what prose names
        _add_forms(index, target)
    return index


def _registry_organisation(index: Index, key: str, item: dict) -> None:
    if item.get("type") == "PoliticalParty":
        for text, _ in texts_of(item.get("alternateName")):
            index.parties[text.strip()] = key
    if item.get("unitOf"):
        index.units.append((key, str(item["unitOf"]), " ".join(t for t, _ in texts_of(item.get("name")))))


def _add_gazetteers(index: Index, jurisdictions: set[str]) -> None:
    registry_place_names = {}
    for target in index.targets.values():
        if target.kind == "place":
            for text, _ in target.names:
                registry_place_names.setdefault(normal(text), target.key)
    for entry in _gazetteer_entries():
        if entry.data.get("jurisdiction"):
            jurisdictions.add(str(entry.data["jurisdiction"]))
        existing = index.targets.get(entry.key)
        if existing is not None:  # the registry's own record of a gazetteer entry
            existing.names += [pair for pair in entry.names if pair not in existing.names]
            existing.within = tuple(entry.within) or existing.within
            existing.source = entry.gazetteer
            continue
        kind = "municipality" if entry.section == "municipalities" else "place"
        shadow = next((registry_place_names[normal(text)] for text, _ in entry.names
                       if normal(text) in registry_place_names), None)
        if shadow is not None and kind == "place":
            index.aliases.setdefault(shadow, set()).add(entry.key)
            index.aliases.setdefault(entry.key, set()).add(shadow)
            continue
        target = Target(entry.key, kind, label_of(entry.data), list(entry.names), tuple(entry.within),
                        entry.gazetteer, dict(entry.data))
        target.place_type = str(entry.data.get("type") or "") or None
        index.targets[entry.key] = target
    # registry places take the within of the gazetteer places they stand for
    for key, aliases in index.aliases.items():
        target = index.targets.get(key)
        if target is not None and target.in_registry:
            for alias in aliases:
                entry = next((e for e in _gazetteer_entries() if e.key == alias), None)
                if entry is not None and not target.within:
                    target.within = tuple(entry.within)


def _add_forms(index: Index, target: Target) -> None:
    texts = [text for text, _ in target.names]
    if target.kind == "municipality":
        for text in list(texts):
            texts += base_municipality_names(text)
        for text in list(texts):
            if len(text.split()) == 1:
                texts += [f"{text} kommun", f"{text} stad"]
    if target.kind == "event":
        texts += [re.sub(r"\s+\d{4}$", "", text) for text in texts if re.search(r"\s\d{4}$", text)]
    for text in texts:
        if target.kind == "organisation" and len(text.strip()) < 2:
            continue  # single letters (party abbreviations) are not mentions
        if target.kind == "person" and len(text.split()) < 2:
            continue
        index.add_form(target.key, text)
    if target.kind == "place" and target.place_type != "Country":
        for text in texts:
            for stem in region_stems(text):
                index.region_stems.setdefault(stem, set()).add(target.key)
                index.add_form(target.key, stem, stem=True)
    if target.kind == "person":
        given, family = texts_of(target.data.get("givenName")), texts_of(target.data.get("familyName"))
        for (first, lang), (last, _) in zip(given, family):
            index.add_form(target.key, f"{first} {last}")
