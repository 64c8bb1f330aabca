"""Texts in several languages: choose the one a reader should see."""

from __future__ import annotations


def pick_text(texts: dict[str, str], languages: list[str]) -> str | None:
    """Return the text in the first of *languages* that has one, else an untagged one, else any.

    >>> pick_text({"en": "Partnership", "sv": "Partnerskap"}, ["sv", "en"])
    'Partnerskap'
    >>> pick_text({"uk": "Партнерство"}, ["sv", "en"])
    'Партнерство'
    >>> pick_text({}, ["sv"]) is None
    True
    """
    for language in [*languages, "", *sorted(texts)]:
        if texts.get(language):
            return texts[language]
    return None
