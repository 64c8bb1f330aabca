"""Import a plain-text export of a news article (``lodpub import text``).

A municipality's website exports an article as plain text in this shape (the founding
article, shortened)::

    Artikeln publicerades 22 juni 2023

    Deltagare på konferensen                          <- image title

    På bilden från vänster: Lillemor Lundgren (S) …   <- caption

    Signerat partnerskap mellan Vännäs och Slobozhanske   <- headline

    Den 19-20 juni träffades representanter …        <- body paragraphs

    – Det kändes stort att signera avtalet. …, säger Lillemor Lundgren.   <- a quotation

    Signering                                         <- trailing image title, not body

How the text is read:

- **Publication lines** may stand anywhere: "Artikeln publicerades 22 juni 2023",
  "Publicerad 2023-06-22", "Uppdaterad 30 jun. 2023" (→ ``dateModified``), "Published
  22 June 2023", "Updated June 30, 2023". Months in Swedish or English, in full or
  abbreviated; ISO dates too. A time after the date is ignored.
- **Captions** are lines that start with "På bilden", "Foto:", "Bild:", "Bildtext:",
  "Pictured", "Photo:", "Image:" or "Caption:". A short line directly before a caption
  is the image's title.
- **The headline** is the first line, not a publication line, caption or image title,
  that is short enough for a headline; when the only candidate stands directly before a
  caption it is the headline (a photo without title follows it).
- **The body** is every paragraph after the headline. Paragraphs are separated by blank
  lines (lines inside one are joined); an export without blank lines has one paragraph a
  line. Captions become italic lines in the body where they stood (those above the
  headline open the body). Image titles are left out, and so are short lines without
  closing punctuation after the last paragraph ("Signering").
- **Quotations**: a paragraph that starts with a dash (–, — or -) and ends in
  ", säger NAME." (also sa, sade; English says, said) becomes a quote spoken by NAME as
  written ("(S)" and a title after a comma are dropped); the paragraph stays in the body.
  ", säger hon." gives the speaker of the quotation before it.
- **Language**: ``en`` when the publication line is English, else ``sv``.

The **identifier** that finds the article again is ``text:{datePublished}/{slug of the
headline}``, e.g. ``text:2023-06-22/signerat-partnerskap-mellan-vannas-och-slobozhanske``.
The file name is not part of it (the same export is saved under many names), nor is the
body: importing the same export again changes nothing, and an export whose body or
captions were corrected updates the same article file. An export whose headline or
publication date changed is another article (both are what a reader identifies an
article by). An "Uppdaterad" line does not change the identifier.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Location, SourceError, undecodable
from .articles import ImportedArticle, project_publisher, save_article
from .contentfiles import Change, find_article, read_article, read_source, slugify

MONTHS = {
    # Swedish
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    # English (abbreviations shared with Swedish above)
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "oct": 10,
}
ENGLISH_MONTHS = {"january", "february", "march", "may", "june", "july", "august",
                  "october", "oct"}

_MONTH = r"(?P<month>[A-Za-zåäöÅÄÖ]{3,9})\.?"
_DATE = (rf"(?:(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
         rf"|(?P<day>\d{{1,2}})\.?\s+{_MONTH},?\s+(?P<year>\d{{4}})"
         rf"|{_MONTH.replace('month', 'month2')}\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}}))")
_STATEMENT = re.compile(
    r"(?P<word>publicerades|publicerad|uppdaterades|uppdaterad|senast\s+uppdaterad|ändrad"
    r"|published|updated|last\s+updated|modified)(?:\s+(?:den|on))?\s*:?\s*" + _DATE,
    re.IGNORECASE)
_PUBLICATION_LINE = re.compile(
    r"^(?:artikeln\s+|nyheten\s+|this\s+article\s+was\s+|article\s+|senast\s+|last\s+)?"
    r"(?:publicerades|publicerad|uppdaterades|uppdaterad|ändrad|published|updated|modified)\b",
    re.IGNORECASE)
_ENGLISH_WORDS = {"published", "updated", "last updated", "modified"}
_MODIFIED_WORDS = {"uppdaterades", "uppdaterad", "senast uppdaterad", "ändrad", "updated",
                   "last updated", "modified"}

_CAPTION = re.compile(r"^(?:på\s+bilden\b|på\s+fotot\b|foto\s*:|bild\s*:|bildtext\s*:"
                      r"|fotograf\s*:"
                      r"|pictured\b|photo\s*:|image\s*:|caption\s*:|photo\s+by\b)", re.IGNORECASE)
_DASH = re.compile(r"^[–—-]\s*")
_SAYS = re.compile(r",\s*(?:säger|sa|sade|says|said)\s+(?P<name>[^,.!?]+?)"
                   r"(?P<rest>,[^.!?]*)?[.!]?$")
_PRONOUNS = {"hon", "han", "hen", "de", "she", "he", "they"}

#: Front-matter fields a text import owns: replaced (or removed) on every re-import.
OWNED_FIELDS = ("headline", "datePublished", "dateModified", "inLanguage", "publisher",
                "identifier", "quotes")

HEADLINE_MAX = 200       # characters a headline has at most
SHORT_LINE = 60          # an image title or a trailing line is at most this long


@dataclass
class ParsedText:
    """What a text export says, ready to become an article's front matter and body."""

    headline: str
    date_published: dt.date
    language: str
    body: str
    date_modified: dt.date | None = None
    quotes: list[dict] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    image_titles: list[str] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return text_identifier(self.date_published, self.headline)


def text_identifier(date: dt.date, headline: str) -> str:
    """The key that finds an imported text again (see the module's docstring).

    >>> text_identifier(dt.date(2023, 6, 22), "Signerat partnerskap mellan Vännäs och "
    ...                 "Slobozhanske")
    'text:2023-06-22/signerat-partnerskap-mellan-vannas-och-slobozhanske'
    """
    return f"text:{date.isoformat()}/{slugify(headline, limit=120)}"


def import_text(path: Path | str, project_dir: Path | str) -> Change:
    """Create or update the article of the text export *path* in *project_dir*.

    Nothing is written when the export cannot be read (not UTF-8, no publication date,
    no headline, empty) or the project has no ``dataset.publisher``.
    """
    path, project_dir = Path(path), Path(project_dir)
    publisher = project_publisher(project_dir)
    parsed = parse_text(read_export(path), str(path))
    fields = {
        "headline": parsed.headline,
        "datePublished": parsed.date_published.isoformat(),
        "dateModified": parsed.date_modified.isoformat() if parsed.date_modified else None,
        "inLanguage": parsed.language,
        "publisher": publisher,
        "identifier": parsed.identifier,
        "quotes": _keep_resolved_speakers(project_dir, parsed),
    }
    return save_article(project_dir, ImportedArticle(fields, parsed.body, owned=OWNED_FIELDS))


def _keep_resolved_speakers(project_dir: Path, parsed: ParsedText) -> list[dict]:
    """The quotes; where the article's file names a quote's speaker by key (a person or
    ``lodpub link --apply`` put it there), that speaker stays, also for a corrected quote."""
    existing = find_article(project_dir, identifier=parsed.identifier)
    if existing is None:
        return parsed.quotes
    try:
        front, _ = read_article(existing)
    except SourceError:
        return parsed.quotes
    before = []   # (text, speaker) of the quotes the file has
    for quote in front.get("quotes") or []:
        if isinstance(quote, dict) and isinstance(quote.get("text"), dict) and quote["text"]:
            before.append((str(next(iter(quote["text"].values()))), quote.get("spokenBy")))
    kept = []
    for index, quote in enumerate(parsed.quotes):
        text = next(iter(quote["text"].values()))
        speaker = next((who for said, who in before if said == text), None)
        if speaker is None and index < len(before) and \
                difflib.SequenceMatcher(None, before[index][0], text).ratio() >= 0.8:
            speaker = before[index][1]   # the same quotation, corrected
        kept.append({**quote, "spokenBy": speaker} if speaker else quote)
    return kept


def read_export(path: Path | str) -> str:
    """The text of an export file; not UTF-8 → an error naming the file and the byte."""
    path = Path(path)
    data = read_source(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, problem = undecodable(data, exc)
        raise SourceError(Location(str(path), line), problem,
                          hint="save the export as UTF-8 text") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_text(text: str, source: str = "<text>") -> ParsedText:
    """Read an article from the text of an export; *source* names it in errors."""
    lines = [line.strip() for line in text.split("\n")]
    if not any(lines):
        raise SourceError(Location(source), "the file is empty; expected a text export "
                                            "with a publication line, a headline and the body")
    published, modified, english = None, None, False
    units: list[tuple[str, str]] = []         # ("caption" | "text", text) in order
    blank_lines = any(not line for line in _trim(lines))
    paragraph: list[str] = []

    def close():
        if paragraph:
            units.append(("text", " ".join(paragraph)))
            paragraph.clear()

    for number, line in enumerate(lines, 1):
        if not line:
            close()
            continue
        dates = _publication_dates(line, source, number)
        if dates is not None:
            close()
            for word, date, in_english in dates:
                english = english or in_english
                if word in _MODIFIED_WORDS:
                    modified = max(modified, date) if modified else date
                elif published is None:
                    published = date
            continue
        if _CAPTION.match(line):
            close()
            units.append(("caption", line))
            continue
        paragraph.append(line)
        if not blank_lines:
            close()
    close()

    if published is None:
        raise SourceError(Location(source), "no publication date found; expected a line "
                          "such as 'Artikeln publicerades 22 juni 2023', 'Publicerad "
                          "2023-06-22' or 'Published 22 June 2023'")
    if modified is not None and modified <= published:
        modified = None

    start = _headline_index(units)
    if start is None:
        raise SourceError(Location(source), "no headline found; expected a short line of its "
                          "own (not a caption or publication line) before the body")
    headline = units[start][1]
    captions = [item for kind, item in units if kind == "caption"]
    image_titles = [item for index, (kind, item) in enumerate(units)
                    if kind == "text" and _is_image_title(units, index) and index != start]

    body_units = [unit for index, unit in enumerate(units[start + 1:], start + 1)
                  if not (unit[0] == "text" and _is_image_title(units, index))]
    while body_units and (body_units[-1][0] == "text" and _is_short_line(body_units[-1][1])):
        image_titles.append(body_units.pop()[1])
    leading = [item for kind, item in units[:start] if kind == "caption"]
    paragraphs = [_italic(item) for item in leading]
    paragraphs += [_italic(item) if kind == "caption" else _markdown_text(item)
                   for kind, item in body_units]
    if not any(kind == "text" for kind, _ in body_units):
        raise SourceError(Location(source), f"no body text after the headline {headline!r}")

    language = "en" if english else "sv"
    return ParsedText(
        headline=headline, date_published=published, date_modified=modified,
        language=language, body="\n\n".join(paragraphs) + "\n",
        quotes=_quotes([item for kind, item in body_units if kind == "text"], language),
        captions=captions, image_titles=image_titles)


# --- the parts ----------------------------------------------------------------------------

def _trim(lines: list[str]) -> list[str]:
    first = next(i for i, line in enumerate(lines) if line)
    last = max(i for i, line in enumerate(lines) if line)
    return lines[first:last + 1]


def _publication_dates(line: str, source: str, number: int):
    """[(word, date, english)] when *line* is a publication line, else None."""
    if len(line) > 120 or not _PUBLICATION_LINE.match(line):
        return None
    found = []
    for match in _STATEMENT.finditer(line):
        word = " ".join(match.group("word").lower().split())
        date, english_month = _date(match, source, number)
        found.append((word, date, word in _ENGLISH_WORDS or english_month))
    return found or None


def _date(match: re.Match, source: str, number: int) -> tuple[dt.date, bool]:
    text = match.group(0)
    try:
        if match.group("iso"):
            return dt.date.fromisoformat(match.group("iso")), False
        month_name = (match.group("month") or match.group("month2")).lower()
        day = int(match.group("day") or match.group("day2"))
        year = int(match.group("year") or match.group("year2"))
        month = MONTHS.get(month_name)
        if month is None:
            raise SourceError(Location(source, number),
                              f"'{month_name}' in {text!r} is not a month name; expected "
                              "e.g. 22 juni 2023 or 22 June 2023")
        return dt.date(year, month, day), month_name in ENGLISH_MONTHS
    except ValueError:
        raise SourceError(Location(source, number), f"{text!r} is not a valid date") from None


def _is_image_title(units: list[tuple[str, str]], index: int) -> bool:
    """A short line directly followed by a caption names the image."""
    return (index + 1 < len(units) and units[index + 1][0] == "caption"
            and _is_short_line(units[index][1]))


def _is_short_line(text: str) -> bool:
    return len(text) <= SHORT_LINE and not re.search(r"[.!?:…\"”»]$", text) \
        and not _DASH.match(text)


def _headline_index(units: list[tuple[str, str]]) -> int | None:
    candidates = [index for index, (kind, _) in enumerate(units) if kind == "text"]
    for index in candidates:
        if _is_image_title(units, index):
            continue
        if len(units[index][1]) <= HEADLINE_MAX and not _DASH.match(units[index][1]):
            # a paragraph of prose is not a headline: take the titled image's line instead
            if units[index][1].endswith(".") and len(units[index][1]) > SHORT_LINE:
                break
            return index
        break
    titled = [index for index in candidates if _is_image_title(units, index)]
    return titled[0] if titled else None


def _italic(caption: str) -> str:
    return "*" + caption.replace("*", r"\*") + "*"


def _markdown_text(paragraph: str) -> str:
    """A paragraph Markdown shows as written: a leading '-', '#', '>' or '1.' is escaped."""
    match = re.match(r"^([-+*#>]|\d+[.)])(?=\s)", paragraph)
    if match is None:
        return paragraph
    return paragraph[:match.end() - 1] + "\\" + paragraph[match.end() - 1:]


def _quotes(paragraphs: list[str], language: str) -> list[dict]:
    quotes, last_speaker = [], None
    for paragraph in paragraphs:
        if not _DASH.match(paragraph):
            continue
        said = _SAYS.search(paragraph)
        if said is None:
            continue
        name = re.sub(r"\s*\([^)]*\)", "", said.group("name")).strip()
        if name.lower() in _PRONOUNS:
            if last_speaker is None:
                continue
            name = last_speaker
        elif not name[:1].isupper():
            continue
        words = _DASH.sub("", paragraph[:said.start()]).strip()
        if not words:
            continue
        if not re.search(r"[.!?…]$", words):
            words += "."
        quotes.append({"text": {language: words}, "spokenBy": name})
        last_speaker = name
    return quotes
