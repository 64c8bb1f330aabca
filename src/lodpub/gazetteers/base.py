"""What every gazetteer is: entries standing for registry records, read lazily from package data."""

from __future__ import annotations

import abc
import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources

_APOSTROPHES = str.maketrans({c: "'" for c in "’ʼ‘`´"})


def normalise_name(text: str) -> str:
    """The form names are compared in: NFC, apostrophes unified, case folded, spaces collapsed.

    >>> normalise_name("  Знам’янська   МІСЬКА\\tгромада ")
    "знам'янська міська громада"
    >>> normalise_name("Vännäs") == normalise_name("VÄNNÄS") == normalise_name("Va\\u0308nna\\u0308s")
    True
    >>> normalise_name("Кам'янка") == normalise_name("Камʼянка") == normalise_name("Кам’янка")
    True
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.translate(_APOSTROPHES).casefold().split())


@dataclass(frozen=True)
class Entry:
    """One record a gazetteer stands for, as a registry file would write it.

    ``data`` is the record without its "id", exactly as YAML would give it: language
    maps as ``{lang: text}``, many-valued fields as lists, references as keys,
    identifiers as ``{scheme: code}``. It is shared: read it, never change it.
    """

    key: str
    section: str  # "municipalities" or "places"
    data: dict
    names: tuple[tuple[str, str | None], ...]  # every form a text may use: (text, language or None)
    within: tuple[str, ...]  # keys of the places it lies in, innermost first, up to the country
    gazetteer: str  # id of the Gazetteer it comes from

    def __hash__(self) -> int:
        return hash((self.gazetteer, self.key))

    def name(self, lang: str) -> str | None:
        """Its published name in one language, if it has one."""
        return self.data.get("name", {}).get(lang)


class Gazetteer(abc.ABC):
    """One country's official division, as entries; subclasses say where they come from.

    A subclass sets the descriptive attributes and implements ``_load`` (which may
    read files); nothing is read until an entry is asked for, and then only once.
    """

    id: str
    country: str  # ISO 3166-1 alpha-2
    title: dict[str, str]
    publisher: str
    source: str
    edition: str
    license: str | None = None

    @abc.abstractmethod
    def _load(self) -> Iterable[Entry]:
        """Read the gazetteer's data: every entry, once."""

    @functools.cached_property
    def _by_key(self) -> dict[str, Entry]:
        by_key: dict[str, Entry] = {}
        for entry in self._load():
            if entry.key in by_key:
                raise ValueError(f"gazetteer {self.id}: key {entry.key} twice")
            by_key[entry.key] = entry
        return by_key

    def entry(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    def entries(self) -> Iterator[Entry]:
        """Every entry, the country and its regions before what lies in them."""
        return iter(self._by_key.values())

    def __repr__(self) -> str:
        return f"<Gazetteer {self.id}>"


def data_text(name: str, encoding: str = "utf-8") -> str:
    """A file of the package's data folder, as text (gzip-compressed files are opened as such)."""
    path = resources.files(__package__).joinpath("data", name)
    raw = path.read_bytes()
    if name.endswith(".gz"):
        import gzip

        raw = gzip.decompress(raw)
    return raw.decode(encoding)


def names_of(*forms: tuple[str | None, str | None]) -> tuple[tuple[str, str | None], ...]:
    """Name forms in order, empty ones and repeats (same text and language) left out."""
    seen: set[tuple[str, str | None]] = set()
    out = []
    for text, lang in forms:
        if not text or (text, lang) in seen:
            continue
        seen.add((text, lang))
        out.append((text, lang))
    return tuple(out)
