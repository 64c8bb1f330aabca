"""Split SPARQL text into tokens, so that checks never mistake a comment, a string or an IRI for a keyword.

The token rules follow the terminals of the SPARQL 1.1 grammar (IRIREF, the four
string forms, comments, variables, LANGTAG, prefixed names with their escapes,
blank node labels). Everything else is a ``word`` (a word character, then the
rest of the run of name characters and dots it starts) or a single ``punct`` character.

Tokenising takes time in proportion to the text: a word takes the whole run that a
failed prefixed name just scanned, so no run is scanned again from each of its
characters (``a-a-a-…`` once took time in the square of its length).

>>> [(t.kind, t.text) for t in tokens("ASK { ?s <http://x#y> 'SERVICE' } # SERVICE")]
... # doctest: +NORMALIZE_WHITESPACE
[('word', 'ASK'), ('punct', '{'), ('var', '?s'), ('iri', '<http://x#y>'), ('string', "'SERVICE'"),
 ('punct', '}')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_NAME_CHARS = r"\w\-\u00B7\u0300-\u036F\u203F\u2040"
_LOCAL_ESCAPE = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_LOCAL_CHAR = rf"[{_NAME_CHARS}:]|{_LOCAL_ESCAPE}"
_LOCAL = rf"(?:[\w:]|{_LOCAL_ESCAPE})(?:(?:{_LOCAL_CHAR}|\.)*(?:{_LOCAL_CHAR}))?"
_PREFIX = rf"[^\W\d_](?:[{_NAME_CHARS}.]*[{_NAME_CHARS}])?"

_TOKEN = re.compile(rf"""
  (?P<ws>[ \t\r\n]+)
| (?P<comment>\#[^\r\n]*)
| (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
| (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''
            | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*\"\"\"
            | '(?:[^'\\\r\n]|\\[\s\S])*'
            | "(?:[^"\\\r\n]|\\[\s\S])*")
| (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
| (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<bnode>_:[{_NAME_CHARS}.]*[{_NAME_CHARS}])
| (?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)
| (?P<word>\w[{_NAME_CHARS}.]*)
| (?P<punct>[\s\S])
""", re.VERBOSE)

_SKIPPED = ("ws", "comment")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class Token(NamedTuple):
    """One token: its kind, its text and the offset where it starts in the query."""

    kind: str
    text: str
    start: int

    @property
    def prefix(self) -> str:
        """The part of a prefixed name before its colon ('' for other tokens)."""
        return self.text.split(":", 1)[0] if self.kind == "pname" else ""


def tokens(text: str) -> Iterator[Token]:
    """Yield the significant tokens of *text* (whitespace and comments are skipped)."""
    for found in _TOKEN.finditer(text):
        kind = found.lastgroup
        if kind not in _SKIPPED:
            yield Token(kind, found.group(), found.start())


def where(text: str, offset: int) -> str:
    r"""Return "line L, column C" (both from 1) of *offset* in *text*.

    >>> where("ASK {\n  SERVICE", 8)
    'line 2, column 3'
    """
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"line {line}, column {column}"


def unescape_codepoints(text: str) -> str:
    r"""Replace ``\uXXXX`` and ``\UXXXXXXXX`` escapes, as the SPARQL grammar allows before parsing.

    >>> unescape_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """
    def replace(found: re.Match) -> str:
        code = int(found.group(1) or found.group(2), 16)
        return chr(code) if code <= 0x10FFFF else found.group()

    return _CODEPOINT.sub(replace, text)
