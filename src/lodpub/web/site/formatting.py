"""Dates and numbers as the reader's language writes them, from Babel's CLDR data."""

from __future__ import annotations

from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal


def locale(language: str) -> Locale:
    """Return Babel's locale for a language tag; English when Babel does not know it."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def long_date(value, language: str) -> str:
    """Return the day of an ISO date or date-time (its first ten characters) written out;
    the value unchanged when it names no day of the calendar.

    >>> long_date("2023-06-22", "sv"), long_date("2023-06-22T10:00:00+02:00", "en")
    ('22 juni 2023', 'June 22, 2023')
    >>> long_date("2023-06-22", "uk").startswith("22 червня 2023"), long_date("2023", "sv")
    (True, '2023')
    """
    text = str(value)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return format_date(day, "long", locale=locale(language))


def number(value: int | float, language: str) -> str:
    """Return a number with the language's digit grouping and decimal sign.

    >>> number(12345, "en"), number(12345, "sv") == "12\\xa0345", number(0.5, "uk")
    ('12,345', True, '0,5')
    """
    return format_decimal(value, locale=locale(language))
