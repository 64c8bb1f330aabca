"""Read one YAML value of a known field kind, or say exactly what was expected."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from . import fields as k

_LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadValue(ValueError):
    """The value does not fit its field; the message says what was expected."""


def is_language_tag(tag: str) -> bool:
    """Tell whether *tag* is a well-formed BCP 47 language tag.

    >>> is_language_tag("sv"), is_language_tag("uk-Latn"), is_language_tag("swedish")
    (True, True, False)
    """
    return bool(_LANGUAGE_TAG.match(tag))


def read_language(value) -> str:
    if not isinstance(value, str) or not is_language_tag(value):
        raise BadValue(f"expected a language tag such as 'sv', 'en' or 'uk-Latn', not {value!r}")
    return value


def read_text(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise BadValue(f"expected text, not {_describe(value)}")
    text = str(value).strip()
    if not text:
        raise BadValue("expected text, found an empty value")
    return text


def read_langtext(value) -> dict[str | None, str]:
    """A string (language from context) or a map of language tag → string."""
    if isinstance(value, dict):
        if not value:
            raise BadValue("expected text per language, e.g. {sv: …, en: …}, found an empty map")
        result = {}
        for tag, text in value.items():
            if not is_language_tag(str(tag)):
                raise BadValue(f"'{tag}' is not a language tag; expected e.g. sv, en, uk")
            result[str(tag)] = read_text(text)
        return result
    return {None: read_text(value)}


def read_date(value) -> dt.date:
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BadValue(f"expected a date as YYYY-MM-DD, not {value!r}")


def read_datetime(value) -> dt.date | dt.datetime:
    """A date, or a date-time that carries its timezone."""
    if isinstance(value, str) and _DATE.match(value.strip()):
        return read_date(value)
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                raise BadValue(f"the date-time {value!r} has no timezone; add one, "
                               "e.g. 2023-06-22T10:00:00+02:00")
            return moment
    raise BadValue(f"expected a date (YYYY-MM-DD) or a date-time with timezone "
                   f"(YYYY-MM-DDThh:mm:ss+02:00), not {value!r}")


def read_iri(value) -> str:
    if isinstance(value, str) and re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value.strip()):
        return value.strip()
    raise BadValue(f"expected a web address starting with http:// or https://, not {value!r}")


def read_key(value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadValue(f"expected the key of a record, not {_describe(value)}")
    key = str(value).strip()
    if not re.match(r"^[\w][\w.\-/]*$", key) or "//" in key or key.endswith("/"):
        raise BadValue(f"expected a key of letters, digits, '-', '_', '.' or '/', not {value!r}")
    return key


def read_reference(value) -> str:
    """A record's key, or its name as written in prose (resolved when the project is read)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise BadValue(f"expected the key or the name of a record, not {_describe(value)}")
    reference = " ".join(str(value).split())
    if not reference:
        raise BadValue("expected the key or the name of a record, found an empty value")
    return reference


def read_review(value) -> dict:
    if not isinstance(value, dict):
        raise BadValue(f"expected a map of suggestions, not {_describe(value)}")
    return value


def read_integer(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"expected a whole number, not {value!r}")
    return value


def read_number(value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BadValue(f"expected a number, not {value!r}")
    return Decimal(str(value))


def read_identifiers(value) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise BadValue("expected a map of identifier scheme to value, e.g. {SE-kommunkod: '2460'}")
    return {read_text(scheme): read_text(code) for scheme, code in value.items()}


def read_choice(value, choices: tuple[str, ...]) -> str:
    word = str(value).lower() if isinstance(value, bool) else str(value)
    if word not in choices:
        raise BadValue(f"expected one of {', '.join(choices)}, not {value!r}")
    return word


READERS = {
    k.TEXT: read_text,
    k.LANGTEXT: read_langtext,
    k.DATE: read_date,
    k.DATETIME: read_datetime,
    k.IRI: read_iri,
    k.REF: read_reference,
    k.CONCEPT: read_key,
    k.LANGUAGE: read_language,
    k.INTEGER: read_integer,
    k.NUMBER: read_number,
    k.IDENTIFIERS: read_identifiers,
    k.REVIEW: read_review,
}


def _describe(value) -> str:
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return repr(value)
