"""Gazetteers: every Swedish municipality and every Ukrainian territorial hromada, as registry entries.

Each gazetteer stands for the records a registry would otherwise have to write by
hand: the municipality (an organisation), the territory it governs, the regions
that territory lies in and the country. Keys are the registry's own
(``se-2460``, ``area-se-2460``, ``area-se-24``, ``country-se``;
``ua-UA63140110000087562``, ``area-ua-UA63140110000087562``, ``country-ua``).

Nothing is read when the package is imported; each gazetteer reads its package
data the first time an entry is asked for, once.

>>> lookup("se-2460").data["name"]
{'sv': 'Vännäs kommun'}
>>> [entry.key for entry in find("Slobozhanske")]
['ua-UA12020250000010438', 'ua-UA63140110000087562']
>>> gazetteer_of("area-ua-UA63000000000041885").country
'UA'
"""

from __future__ import annotations

import functools

from .base import Entry, Gazetteer, normalise_name
from .sweden import SwedishMunicipalities
from .ukraine import UkrainianHromadas

__all__ = ["Entry", "Gazetteer", "GAZETTEERS", "lookup", "find", "normalise_name", "gazetteer_of"]

# In this order find() lists its answers. A third country is one more module and one more line.
GAZETTEERS: tuple[Gazetteer, ...] = (SwedishMunicipalities(), UkrainianHromadas())

_BY_ID = {gazetteer.id: gazetteer for gazetteer in GAZETTEERS}


@functools.cache
def _by_key() -> dict[str, Entry]:
    by_key: dict[str, Entry] = {}
    for gazetteer in GAZETTEERS:
        for entry in gazetteer.entries():
            if entry.key in by_key:
                raise ValueError(f"key {entry.key} in {by_key[entry.key].gazetteer} and {entry.gazetteer}")
            by_key[entry.key] = entry
    return by_key


@functools.cache
def _by_name() -> dict[str, tuple[Entry, ...]]:
    by_name: dict[str, list[Entry]] = {}
    for entry in _by_key().values():
        for form in {normalise_name(text) for text, _ in entry.names}:
            by_name.setdefault(form, []).append(entry)
    return {form: tuple(entries) for form, entries in by_name.items()}


def lookup(key: str) -> Entry | None:
    """The entry with this registry key, in whichever gazetteer has it."""
    return _by_key().get(key)


def find(name: str) -> list[Entry]:
    """Entries that a text may mean by this name or form (compared normalised).

    In a stable order: gazetteers in GAZETTEERS order, each in its entries() order.
    """
    return list(_by_name().get(normalise_name(name), ()))


def gazetteer_of(key: str) -> Gazetteer | None:
    """The gazetteer that has an entry with this key."""
    entry = lookup(key)
    return _BY_ID[entry.gazetteer] if entry else None
