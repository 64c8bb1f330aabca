"""``lodpub import feed``: one article file per entry of an RSS 2.0 or Atom feed.

feedparser reads the feed from bytes fetched by :mod:`.fetch` (it never fetches
anything itself); images (enclosures, media:content, media:thumbnail) and their
captions (media:description, media:title) are read from the XML directly, because
feedparser folds media:description into the entry's content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from ..errors import Location, SourceError, undecodable
from .articles import (AgentNames, ImportedArticle, normalise_date, project_language,
                       project_publisher, project_timezone, save_articles)
from .contentfiles import Change

MEDIA = "http://search.yahoo.com/mrss/"
ATOM = "http://www.w3.org/2005/Atom"
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_IMAGE_SUFFIX = re.compile(r"\.(jpe?g|png|gif|webp|avif|svg)(\?.*)?$", re.IGNORECASE)


@dataclass
class ImportResult:
    """What an import did: one Change per article file, and notes for the person."""

    source: str
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0

    @property
    def changed(self) -> bool:
        return any(change.action != "unchanged" for change in self.changes)

    def summary(self) -> str:
        counts = {action: sum(change.action == action for change in self.changes)
                  for action in ("created", "updated", "unchanged")}
        text = (f"{len(self.changes)} article(s) from {self.source}: {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged")
        if self.skipped:
            text += f", {self.skipped} skipped"
        return text + ("" if self.changed else "; nothing changed")


def import_feed(source: str, project_dir: Path | str = ".", *, since: str | None = None,
                allow_private: bool = False) -> ImportResult:
    """Import every entry of the feed *source* (URL or file) into *project_dir*."""
    import feedparser

    from .fetch import read_source

    project_dir = Path(project_dir)
    publisher = project_publisher(project_dir)      # also checks that the project exists
    language = project_language(project_dir)
    zone = project_timezone(project_dir)
    since_value = _read_since(since) if since else None

    fetched = read_source(source, allow_private=allow_private, accept=FEED_TYPES)
    _check_encoding(source, fetched.content, fetched.charset)
    headers = {"content-location": fetched.url or "",
               "content-type": _feed_content_type(fetched)}
    parsed = feedparser.parse(io.BytesIO(fetched.content), response_headers=headers,
                              sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        problem = getattr(parsed, "bozo_exception", None)
        raise SourceError(Location(source), "not an RSS or Atom feed"
                          + (f" ({problem})" if problem else "")
                          + "; expected an RSS 2.0 or Atom document")
    raw_entries = _raw_entries(fetched.content, len(parsed.entries))

    result = ImportResult(source)
    names = AgentNames(project_dir)
    articles, seen = [], set()
    feed_language = parsed.feed.get("language")
    feed_authors = parsed.feed.get("authors") if parsed.version.startswith("atom") else None
    for number, entry in enumerate(parsed.entries):
        label = entry.get("title") or entry.get("id") or f"entry {number + 1}"
        article = _article(entry, raw_entries[number], publisher=publisher,
                           languages=(feed_language, language), zone=zone,
                           feed_authors=feed_authors, names=names, notes=result.notes)
        if article is None:
            result.skipped += 1
            result.notes.append(f"skipped '{label}': it has no title or no date")
            continue
        key = article.fields.get("identifier")
        if key in seen:
            result.skipped += 1
            result.notes.append(f"skipped '{label}': the feed lists {key} twice")
            continue
        seen.add(key)
        if since_value and not _on_or_after(article.fields["datePublished"], since_value):
            result.skipped += 1
            continue
        articles.append(article)
    readable = len(parsed.entries) - sum(note.endswith("no title or no date") for note in result.notes)
    if parsed.bozo and not readable:
        raise SourceError(Location(source), f"not a well-formed feed ({parsed.bozo_exception}) "
                                            "and no entry has a title and a date; expected an "
                                            "RSS 2.0 or Atom document")
    result.changes = save_articles(project_dir, articles)
    return result


# --- one entry --------------------------------------------------------------------------------

def _article(entry, raw: _Raw | None, *, publisher: str, languages,
             zone: str, feed_authors, names: AgentNames, notes: list[str]) -> ImportedArticle | None:
    headline = _plain_title(entry)
    # dict.get: feedparser's own get() maps a missing 'updated' to 'published', with a warning
    published_raw = dict.get(entry, "published") or dict.get(entry, "updated")
    published = normalise_date(published_raw, zone) or _from_struct(
        dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed"))
    if not headline or not published:
        return None
    modified = None
    if dict.get(entry, "published") and dict.get(entry, "updated"):
        modified = normalise_date(dict.get(entry, "updated"), zone) \
            or _from_struct(dict.get(entry, "updated_parsed"))
        if modified == published:
            modified = None

    base = entry.get("link") or None
    images = raw.images if raw is not None else _feedparser_images(entry)
    summary = raw.summary_html if raw is not None and raw.summary_html is not None \
        else entry.get("summary", "")
    html = _body_html(entry, images, summary)
    body = html_to_markdown(html, base) if html else ""
    lead = [f"![{_escape(caption)}]({src})" for src, caption in images if src not in html]
    body = "\n\n".join(part for part in ["\n\n".join(lead), body] if part)

    author_names = [item.get("name", "") for item in entry.get("authors") or [] if item.get("name")]
    if not author_names and entry.get("author"):
        author_names = [entry["author"]]
    if not author_names and feed_authors:
        author_names = [item.get("name", "") for item in feed_authors if item.get("name")]
    authors = names.sort_out(author_names)
    for name in authors.left_out:
        notes.append(f"'{headline}': author '{name}' is not in the registry (or names more than "
                     "one record) and looks like an organisation; left out of 'author' — add it "
                     "to the registry and import again")
    for person in authors.new_people:
        notes.append(f"'{headline}': author '{person['name']}' is not in the registry; "
                     f"suggested as a new person (id {person['id']}); lodpub link --apply adds it")

    keywords = []
    for tag in entry.get("tags") or []:
        word = " ".join(str(tag.get("term") or tag.get("label") or "").split())
        if word and word not in keywords:
            keywords.append(word)

    fields = {
        "headline": headline,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": _language(entry, raw.language if raw else None, *languages),
        "author": authors.keys,
        "publisher": publisher,
        "description": html_to_text(summary) or None,
        "image": [src for src, _caption in images],
        "url": entry.get("link") or None,
        "identifier": entry.get("id") or entry.get("link") or None,
        "keywords": keywords,
    }
    return ImportedArticle(fields, body, authors.suggestions)


def _plain_title(entry) -> str:
    title = entry.get("title") or ""
    detail = entry.get("title_detail") or {}
    if "html" in str(detail.get("type", "")):
        title = html_to_text(title)
    return " ".join(title.split())


def _body_html(entry, images: list[tuple[str, str]], summary: str) -> str:
    captions = {caption for _src, caption in images if caption}
    contents = [item for item in entry.get("content") or []
                if item.get("value") and item.get("value") not in captions]
    for wanted in ("html", "text"):
        for item in contents:
            if wanted in str(item.get("type", "")):
                return _as_html(item)
    return summary


def _as_html(item) -> str:
    if "html" in str(item.get("type", "")):
        return item["value"]
    from html import escape

    return "".join(f"<p>{escape(part)}</p>" for part in re.split(r"\n\s*\n", item["value"]))


def _language(entry, raw_language, feed_language, project_language_: str) -> str:
    """The entry's own language, else the feed's, else the project's first."""
    from ..sources.values import is_language_tag

    candidates = [raw_language, entry.get("language"), feed_language, project_language_]
    for candidate in candidates:
        if candidate and is_language_tag(str(candidate).strip()):
            return str(candidate).strip()
    return project_language_


def _from_struct(value) -> str | None:
    """feedparser's parsed date (a UTC struct_time), when the raw text could not be read."""
    if not value:
        return None
    moment = dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
    return moment.isoformat().replace("+00:00", "Z")


def _read_since(text: str):
    value = normalise_date(text)
    if value is None:
        raise SourceError(Location("--since"), f"expected a date (YYYY-MM-DD) or a date-time "
                                               f"with an offset, not {text!r}")
    return value


def _on_or_after(published: str, since: str) -> bool:
    if len(since) == 10:     # a day: compare days as the entry gives them
        return published[:10] >= since
    if len(published) == 10:
        return published >= since[:10]
    return dt.datetime.fromisoformat(published) >= dt.datetime.fromisoformat(since)


# --- encoding and media -------------------------------------------------------------------

def _check_encoding(source: str, content: bytes, charset: str | None) -> None:
    """An XML document that declares no encoding (and has no BOM) must be UTF-8."""
    if charset or content.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return
    declaration = re.match(rb"\s*<\?xml[^>]*encoding\s*=\s*[\"']([\w.:-]+)", content)
    if declaration and declaration.group(1).lower() not in (b"utf-8", b"utf8"):
        return
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        _, problem = undecodable(content, exc)
        raise SourceError(Location(source), f"{problem}; expected a UTF-8 feed "
                                            "or one that declares its encoding") from None


def _feed_content_type(fetched) -> str:
    if fetched.content_type and "xml" in fetched.content_type:
        return fetched.content_type + (f"; charset={fetched.charset}" if fetched.charset else "")
    return "application/xml" + (f"; charset={fetched.charset}" if fetched.charset else "")


@dataclass
class _Raw:
    """What feedparser loses of an entry, read from the XML: images with captions, the
    summary (feedparser may replace it by media:description) and the entry's xml:lang."""

    images: list[tuple[str, str]]
    summary_html: str | None
    language: str | None


def _raw_entries(content: bytes, count: int) -> list[_Raw | None]:
    """A _Raw per entry, in document order; None each where the XML cannot be read strictly."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False,
                             huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError:
        return [None] * count
    entries = root.findall("channel/item") or root.findall(f"{{{ATOM}}}entry") \
        or root.findall("{http://purl.org/rss/1.0/}item")
    if len(entries) != count:
        return [None] * count
    return [_Raw(_entry_images(entry), _raw_summary(entry), _raw_language(entry))
            for entry in entries]


def _raw_summary(entry) -> str | None:
    from html import escape

    from lxml import etree

    description = entry.find("description")
    if description is not None:               # RSS: the text is HTML
        return description.text or ""
    summary = entry.find(f"{{{ATOM}}}summary")
    if summary is None:
        return None
    kind = summary.get("type", "text")
    if kind == "xhtml":
        return "".join(etree.tostring(child, encoding="unicode", method="html")
                       for element in summary for child in [element])
    if kind == "html":
        return summary.text or ""
    return escape(summary.text or "")


def _raw_language(entry) -> str | None:
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    if entry.get(lang):
        return entry.get(lang)
    content = entry.find(f"{{{ATOM}}}content")
    return content.get(lang) if content is not None else None


def _entry_images(entry) -> list[tuple[str, str]]:
    default_caption = _media_caption(entry)
    found: list[tuple[str, str]] = []

    def add(src, kind, caption=""):
        src = (src or "").strip()
        if not src.startswith(("http://", "https://")):
            return
        if kind and not kind.startswith("image") and kind != "image":
            return
        if not kind and not _IMAGE_SUFFIX.search(src):
            return
        if all(src != known for known, _ in found):
            found.append((src, caption or default_caption))

    for enclosure in entry.findall("enclosure"):
        add(enclosure.get("url"), enclosure.get("type", ""))
    for link in entry.findall(f"{{{ATOM}}}link"):
        if link.get("rel") == "enclosure":
            add(urljoin(link.base or "", link.get("href") or ""), link.get("type", ""))
    for item in entry.iter(f"{{{MEDIA}}}content"):
        kind = item.get("type", "") or (item.get("medium", "") or "")
        add(item.get("url"), kind, _media_caption(item))
    if not found:    # a thumbnail only when there is no full image
        for item in entry.iter(f"{{{MEDIA}}}thumbnail"):
            add(item.get("url"), "image", _media_caption(item.getparent()))
    return found


def _media_caption(element) -> str:
    for name in ("description", "title"):
        found = element.find(f"{{{MEDIA}}}{name}")
        if found is not None and (found.text or "").strip():
            text = found.text
            if found.get("type") == "html":
                text = html_to_text(text)
            return " ".join(text.split())
    return ""


def _feedparser_images(entry) -> list[tuple[str, str]]:
    images: list[tuple[str, str]] = []
    candidates = [(link.get("href"), link.get("type", "")) for link in entry.get("links") or []
                  if link.get("rel") == "enclosure"]
    candidates += [(item.get("url"), item.get("type") or item.get("medium") or "")
                   for item in entry.get("media_content") or []]
    for src, kind in candidates:
        if src and src.startswith(("http://", "https://")) and (
                str(kind).startswith("image") or (not kind and _IMAGE_SUFFIX.search(src))):
            if all(src != known for known, _ in images):
                images.append((src, ""))
    return images


# --- HTML to Markdown -----------------------------------------------------------------------

_DROPPED = {"script", "style", "iframe", "object", "embed", "form", "input", "button", "select",
            "textarea", "noscript", "template", "svg", "math", "head", "nav", "canvas", "video",
            "audio", "link", "meta"}
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "aside", "figure",
           "table", "thead", "tbody", "tr", "dl", "address", "details", "summary", "center"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def html_to_text(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed."""
    if not html or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:   # lxml raises several kinds on odd fragments
        return " ".join(html.split())
    for element in root.iter(*_DROPPED):
        element.drop_tree()
    for element in root.iter("br", "p", "li", "div"):
        element.tail = " " + (element.tail or "")
    return " ".join(root.text_content().split())


def html_to_markdown(html: str, base_url: str | None = None) -> str:
    """Markdown for an HTML fragment: paragraphs, headings, emphasis, links, lists, quotes,
    images (``![caption](src)``) and code. Scripts, styles, forms and embedded objects are
    dropped; only http(s) and mailto links and http(s) images are kept; text is escaped so
    that no HTML passes through."""
    if not html or not html.strip():
        return ""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:
        return _escape(" ".join(html.split()))
    text = _Converter(base_url).block(root)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


class _Converter:
    def __init__(self, base_url: str | None):
        self.base_url = base_url

    def _address(self, value: str | None, schemes=("http://", "https://")) -> str | None:
        if not value:
            return None
        address = urljoin(self.base_url or "", value.strip())
        if not address.lower().startswith(schemes):
            return None
        return address.replace(" ", "%20").replace("(", "%28").replace(")", "%29")

    def block(self, element) -> str:
        """The Markdown of an element's children, blocks separated by blank lines."""
        parts: list[str] = []
        inline: list[str] = []

        def flush():
            text = re.sub(r"\s+", " ", "".join(inline)).strip(" \ue000")
            text = re.sub(r" ?\ue000 ?", "\\\n", text)
            if text:
                parts.append(text)
            inline.clear()

        if element.text:
            inline.append(_escape(element.text))
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _DROPPED or not tag:
                pass
            elif tag in _BLOCKS or tag in ("ul", "ol", "blockquote", "pre", "hr", "figcaption",
                                           "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd"):
                flush()
                rendered = self.render_block(child)
                if rendered:
                    parts.append(rendered)
            else:
                inline.append(self.inline(child))
            if child.tail:
                inline.append(_escape(child.tail))
        flush()
        return "\n\n".join(parts)

    def render_block(self, element) -> str:
        tag = element.tag
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = _one_line(self.inline_children(element))
            return f"{'#' * int(tag[1])} {text}" if text else ""
        if tag in ("ul", "ol"):
            lines = []
            items = [child for child in element if child.tag == "li"]
            for number, item in enumerate(items, 1):
                marker = f"{number}." if tag == "ol" else "-"
                content = self.block(item)
                if not content:
                    continue
                indent = " " * (len(marker) + 1)
                lines.append(f"{marker} " + content.replace("\n", "\n" + indent))
            return "\n".join(lines)
        if tag == "blockquote":
            content = self.block(element)
            return "\n".join(f"> {line}" if line else ">" for line in content.split("\n"))
        if tag == "pre":
            code = element.text_content().strip("\n")
            fence = "~~~" if "```" in code else "```"
            return f"{fence}\n{code}\n{fence}"
        if tag == "hr":
            return "---"
        if tag == "figure":
            return self.figure(element)
        if tag == "table":
            rows = []
            for row in element.iter("tr"):
                cells = [_one_line(self.inline_children(cell)) for cell in row
                         if cell.tag in ("td", "th")]
                if any(cells):
                    rows.append(" · ".join(cell for cell in cells if cell))
            return "\n\n".join(rows)
        return self.block(element)

    def figure(self, element) -> str:
        caption_element = element.find(".//figcaption")
        caption = _one_line(self.inline_children(caption_element)) if caption_element is not None else ""
        images = list(element.iter("img"))
        if not images:
            return self.block(element)
        rendered = [self.image(image, caption) for image in images]
        return "\n\n".join(text for text in rendered if text)

    def image(self, element, caption: str = "") -> str:
        src = self._address(element.get("src"))
        if not src:
            return ""
        text = caption or _escape(" ".join((element.get("alt") or element.get("title") or "").split()))
        return f"![{text}]({src})"

    def inline_children(self, element) -> str:
        parts = [_escape(element.text or "")]
        for child in element:
            parts.append(self.inline(child))
            parts.append(_escape(child.tail or ""))
        return "".join(parts)

    def inline(self, element) -> str:
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _DROPPED:
            return ""
        if tag == "br":
            return "\ue000"      # a line break, written as a backslash at the line's end
        if tag == "img":
            return self.image(element)
        content = self.inline_children(element)
        if tag in ("strong", "b"):
            return _wrap(content, "**")
        if tag in ("em", "i", "cite"):
            return _wrap(content, "*")
        if tag == "code":
            code = element.text_content()
            return f"`{code}`" if "`" not in code else f"`` {code} ``"
        if tag == "a":
            href = self._address(element.get("href"), ("http://", "https://", "mailto:"))
            text = _one_line(content)
            if not href or not text:
                return content
            return f"[{text}]({href})"
        if tag in _BLOCKS or tag in ("li", "ul", "ol"):
            return " " + self.block(element) + " "
        return content


def _wrap(content: str, marker: str) -> str:
    stripped = content.strip()
    if not stripped:
        return content
    lead = content[:len(content) - len(content.lstrip())]
    trail = content[len(content.rstrip()):]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def _one_line(text: str) -> str:
    return " ".join(text.replace("\ue000", " ").split())


def _escape(text: str) -> str:
    """Text with the characters Markdown would read as syntax escaped."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\s*)([-+]|\d+[.)])(\s)", r"\1\\\2\3", text)
