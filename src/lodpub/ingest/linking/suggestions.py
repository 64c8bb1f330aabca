"""An article's suggestions section: what the linker finds, and applying what a reviewer kept.

The section (front matter field ``suggestions``, never published)::

    suggestions:
      mentions:  [{ref, label, words, sentence, why}]     → the article's mentions
      people:    [{id, name, givenName, familyName, mandates}]  → new people in registry/people.yaml
      mandates:  [{person, mandate}]                       → new mandates of registry people
      ambiguous: [{words, candidates, why}]                → for the reviewer; never applied
      rejected:  [key, …]                                  → never suggested again here
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import LodpubError
from ..contentfiles import (REGISTRY_DIR, article_files, read_article, read_registry,
                            render_article, slugify, upsert_entries, write_text)
from .matching import Analysis, Mention, analyse
from .names import Index, build_index, label_of, read_registry_leniently, texts_of
from .people import PersonFound, _person

FIELD = "suggestions"
UNIT_WORDS = {"municipalCouncilChair": "fullmäktige", "councilMember": "fullmäktige",
              "headOfEconomicDevelopment": "ekonomisk utveckling"}


_CACHED: dict[str, tuple[tuple, Index]] = {}


def project_index(project_dir: Path) -> Index:
    """The index of a project's registry and the gazetteers, rebuilt when a registry file changes."""
    folder = Path(project_dir) / REGISTRY_DIR
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size)
                  for path in sorted(folder.glob("*.y*ml"))) if folder.is_dir() else ()
    cached = _CACHED.get(str(Path(project_dir).resolve()))
    if cached is not None and cached[0] == stamp:
        return cached[1]
    index = build_index(read_registry_leniently(Path(project_dir)))
    _CACHED[str(Path(project_dir).resolve())] = (stamp, index)
    return index


def article_text(front: dict, body: str) -> str:
    """Headline, description and body, as one text (each language of a langtext)."""
    parts = [text for key in ("headline", "description") for text, _ in texts_of(front.get(key))]
    return "\n\n".join(parts + [body or ""])


def _keys(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return [str(value)]


def suggestions_for(project_dir: Path, front: dict, body: str, index: Index | None = None) -> dict | None:
    """The suggestions section for an article (its front matter and body), None when empty."""
    index = index or project_index(project_dir)
    section = compute(index, front, body)
    return section or None


def compute(index: Index, front: dict, body: str) -> dict:
    analysis = analyse(index, article_text(front, body))
    previous = front.get(FIELD) if isinstance(front.get(FIELD), dict) else {}
    rejected = set(_keys(previous.get("rejected")))
    present = set(_keys(front.get("mentions"))) | set(_keys(front.get("about")))
    section: dict = {}
    mentions, seen = [], set()
    for mention in analysis.mentions:
        if mention.ref in seen or mention.ref in present or mention.ref in rejected:
            continue
        seen.add(mention.ref)
        target = index.targets.get(mention.ref)
        mentions.append({"ref": mention.ref, "label": target.label if target else mention.words,
                         "words": mention.words, "sentence": mention.sentence, "why": mention.why})
    people, mandates = _people_and_mandates(index, analysis, front, rejected)
    ambiguous = []
    for mention in analysis.ambiguous:
        if any(item["words"] == mention.words for item in ambiguous):
            continue
        labels = ", ".join(f"{key} ({index.targets[key].label})" for key in mention.candidates)
        ambiguous.append({"words": mention.words, "candidates": list(mention.candidates),
                          "sentence": mention.sentence,
                          "why": f"{mention.how}; the text does not say which: {labels}"})
    for name, items in (("mentions", mentions), ("people", people), ("mandates", mandates),
                        ("ambiguous", ambiguous)):
        if items:
            section[name] = items
    if rejected:
        section["rejected"] = sorted(rejected)
    return section


# --- people and mandates ------------------------------------------------------------------

def _people_and_mandates(index: Index, analysis: Analysis, front: dict, rejected: set[str]):
    words = analysis.text
    publisher = str(front.get("publisher") or "")
    used_ids = {str(m.get("id")) for items in index.mandates.values() for m in items}
    new_people: dict[str, dict] = {}
    for person, key in analysis.people:
        if key in rejected or key in index.targets:
            continue
        entry = new_people.get(key)
        if entry is None:
            parts = person.name.split()
            entry = new_people[key] = {"id": key, "name": person.name, "givenName": " ".join(parts[:-1]),
                                       "familyName": parts[-1], "mandates": []}
        _add_mandates(index, analysis, person, key, entry["mandates"], publisher, used_ids, rejected)
    mandates = []
    for mention in analysis.mentions:
        target = index.targets.get(mention.ref or "")
        if target is None or target.kind != "person" or mention.end - mention.start < 2:
            continue
        person = _person(words, mention.start, mention.end, index.parties)
        if person is None:
            continue
        found: list[dict] = []
        _add_mandates(index, analysis, person, target.key, found, publisher, used_ids, rejected)
        for mandate in found:
            if not _holds(index, target.key, mandate) and not any(
                    item["person"] == target.key and item["mandate"]["role"] == mandate["role"]
                    for item in mandates):
                mandates.append({"person": target.key, "mandate": mandate})
    people = []
    for entry in new_people.values():
        if not entry["mandates"]:
            del entry["mandates"]
        people.append(entry)
    return people, mandates


def _add_mandates(index, analysis, person: PersonFound, key, into: list, publisher, used_ids, rejected):
    for phrase, start, end, written in person.roles:
        if phrase.role is None:
            continue
        organisation = _organisation(index, analysis, person, start, end, publisher)
        if organisation is None:
            continue
        role = phrase.role
        if role in ("mayor", "headOfHromada"):
            target = index.targets.get(organisation)
            role = "headOfHromada" if target is not None and target.ukrainian else "mayor"
        if any(m["role"] == role for m in into):
            continue
        organisation = _unit(index, organisation, role)
        mandate_id = f"{slugify(person.name)}-{role.lower()}"
        number = 2
        while mandate_id in used_ids:
            mandate_id, number = f"{slugify(person.name)}-{role.lower()}-{number}", number + 1
        if mandate_id in rejected:
            continue
        used_ids.add(mandate_id)
        mandate = {"id": mandate_id, "role": role, "roleName": {"sv": _role_name(written, phrase)},
                   "organisation": organisation}
        party = index.parties.get(person.party or "")
        if party:
            mandate["onBehalfOf"] = party
        into.append(mandate)


def _role_name(written: str, phrase) -> str:
    """The title in its base form: 'borgmästaren' → 'borgmästare', 'Chef för …' → 'chef för …'."""
    return phrase.base


def _organisation(index: Index, analysis: Analysis, person: PersonFound, role_start: int, role_end: int,
                  publisher: str) -> str | None:
    """The municipality the text ties a role to: just after the title or name, else in the sentence."""
    tokens = analysis.text.tokens
    sentence = tokens[person.start].sentence
    municipal = [m for m in analysis.mentions
                 if m.ref in index.targets and index.targets[m.ref].kind == "municipality"
                 and tokens[m.start].sentence == sentence]
    after = max(role_end, person.end)
    for mention in municipal:
        if after <= mention.start <= after + 3:
            return mention.ref
    if municipal:
        centre = (person.start + person.end) / 2
        return min(municipal, key=lambda m: abs(m.start - centre)).ref
    target = index.targets.get(publisher)
    if target is not None and target.kind == "municipality":
        return publisher
    return None


def _unit(index: Index, organisation: str, role: str) -> str:
    word = UNIT_WORDS.get(role)
    if word:
        for key, unit_of, name in index.units:
            if unit_of == organisation and word in name.casefold():
                return key
    return organisation


def _holds(index: Index, person: str, mandate: dict) -> bool:
    """Whether the person already has a mandate with this role in this organisation (or its unit)."""
    same = {mandate["organisation"]} | {key for key, unit_of, _ in index.units
                                        if unit_of == mandate["organisation"]}
    same |= {unit_of for key, unit_of, _ in index.units if key == mandate["organisation"]}
    return any(str(m.get("role")) == mandate["role"] and str(m.get("organisation")) in same
               for m in index.mandates.get(person, []))


# --- review and apply ---------------------------------------------------------------------

@dataclass
class ArticleResult:
    path: Path
    section: dict
    pending: bool                   # from the article's own suggestions section
    changes: list[str] = field(default_factory=list)


def articles_of(project_dir: Path, chosen: list[Path] | None) -> list[Path]:
    project_dir = Path(project_dir)
    if not project_dir.is_dir():
        raise LodpubError(f"{project_dir} is not a project folder",
                          hint="give the folder that holds lodpub.toml, content/ and registry/")
    if chosen:
        paths = []
        for path in chosen:
            candidate = path if path.exists() else project_dir / path
            if not candidate.is_file():
                raise LodpubError(f"no article {path}", hint="give a content/articles/*.md file")
            paths.append(candidate)
        return paths
    paths = article_files(project_dir)
    if not paths:
        raise LodpubError(f"{project_dir} has no articles in content/articles/*.md",
                          hint="write or import an article first: lodpub import text FILE")
    return paths


def review_article(project_dir: Path, path: Path, index: Index | None = None) -> ArticleResult:
    """What --apply would write for one article (its pending section, or what the linker finds)."""
    index = index or project_index(project_dir)
    front, body = read_article(path)
    pending = front.get(FIELD)
    if isinstance(pending, dict) and any(pending.get(name) for name in ("mentions", "people", "mandates", "ambiguous")):
        return ArticleResult(path, _plain(pending), True)
    return ArticleResult(path, compute(index, front, body), False)


def apply_article(project_dir: Path, path: Path, index: Index | None = None) -> ArticleResult:
    """Write one article's accepted suggestions; return what changed."""
    project_dir = Path(project_dir)
    index = index or project_index(project_dir)
    result = review_article(project_dir, path, index)
    section = result.section
    rejected = set(_keys(section.get("rejected")))
    front, body = read_article(path)
    _create_people(project_dir, index, section, rejected, result.changes)
    _add_mandates_to_registry(index, section, rejected, result.changes)
    mentions = front.get("mentions")
    if mentions is None or isinstance(mentions, str):
        mentions = front["mentions"] = ([] if mentions is None else [mentions])
    present = set(_keys(mentions))
    for item in section.get("mentions") or []:
        ref = str(item.get("ref")) if isinstance(item, dict) else str(item)
        if ref and ref not in present and ref not in rejected:
            mentions.append(ref)
            present.add(ref)
            result.changes.append(f"mentions += {ref}")
    if not mentions:
        del front["mentions"]
    if rejected:
        front[FIELD] = {"rejected": sorted(rejected)}
    elif FIELD in front:
        del front[FIELD]
    action = write_text(path, render_article(front, body))
    if action != "unchanged" and not result.changes:
        result.changes.append("suggestions section cleared")
    return result


def _create_people(project_dir: Path, index: Index, section: dict, rejected: set[str],
                   changes: list[str]) -> None:
    entries = []
    for person in section.get("people") or []:
        if not isinstance(person, dict) or not person.get("id"):
            continue
        key = str(person["id"])
        if key in rejected or key in index.targets:
            continue  # an existing person is never overwritten
        entry = {"id": key, "uuid": str(person.get("uuid") or uuid.uuid4())}
        for name in ("name", "givenName", "familyName"):
            if person.get(name):
                entry[name] = person[name]
        mandates = [m for m in person.get("mandates") or [] if str(m.get("id")) not in rejected]
        if mandates:
            entry["mandates"] = mandates
        entries.append(entry)
    if not entries:
        return
    path = Path(project_dir) / REGISTRY_DIR / "people.yaml"
    for key, action in upsert_entries(path, "people", entries):
        if action == "created":
            changes.append(f"new person {key} in {REGISTRY_DIR}/people.yaml")


def _add_mandates_to_registry(index: Index, section: dict, rejected: set[str],
                              changes: list[str]) -> None:
    by_person: dict[str, list[dict]] = {}
    for item in section.get("mandates") or []:
        if not isinstance(item, dict) or not isinstance(item.get("mandate"), dict):
            continue
        person, mandate = str(item.get("person")), dict(item["mandate"])
        if person in rejected or str(mandate.get("id")) in rejected or person not in index.person_files:
            continue
        if _holds(index, person, {"role": str(mandate.get("role")),
                                  "organisation": str(mandate.get("organisation"))}):
            continue
        by_person.setdefault(person, []).append(mandate)
    for person, mandates in by_person.items():
        path = index.person_files[person]
        data = read_registry(path)
        item = next((p for p in data.get("people") or [] if isinstance(p, dict) and str(p.get("id")) == person), None)
        if item is None:
            continue
        existing = list(item.get("mandates") or [])
        upsert_entries(path, "people", [{"id": person, "mandates": existing + mandates}])
        for mandate in mandates:
            changes.append(f"mandate {mandate.get('id')} ({mandate.get('role')}) for {person} "
                           f"in {path.parent.name}/{path.name}")


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


__all__ = ["suggestions_for", "review_article", "apply_article", "articles_of", "compute",
           "project_index", "Mention", "label_of"]
