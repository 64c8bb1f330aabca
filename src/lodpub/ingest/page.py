"""``lodpub import page``: one article file from a news page (URL or HTML file).

Metadata comes from the page's own JSON-LD (an Article, NewsArticle, BlogPosting …,
also inside ``@graph``), then microdata, then Open Graph and other meta tags (all read
with extruct); the main text from trafilatura (as Markdown); the lead image and its
caption from the metadata or the page's first figure.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from ..errors import Location, SourceError, undecodable
from .articles import (AgentNames, ImportedArticle, normalise_date, project_language,
                       project_publisher, project_timezone, save_articles)
from .feed import ImportResult, html_to_text

PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

#: schema.org types of a news article (and their usual subtypes).
ARTICLE_TYPES = {"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
                 "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
                 "ReviewNewsArticle", "AskPublicNewsArticle", "LiveBlogPosting", "Report",
                 "SatiricalArticle", "SocialMediaPosting", "TechArticle", "ScholarlyArticle"}
#: Types of pages that are clearly something else than an article.
OTHER_TYPES = {"Product", "Offer", "Event", "Recipe", "JobPosting", "Course", "Book", "Movie",
               "SoftwareApplication", "MobileApplication", "Game", "Hotel", "Restaurant",
               "LocalBusiness", "Store", "Place", "Person", "ProfilePage", "SearchResultsPage",
               "CollectionPage", "ContactPage", "FAQPage", "QAPage", "CheckoutPage",
               "RealEstateListing", "Vehicle", "MusicRecording", "VideoGame", "Dataset"}


def import_page(source: str, project_dir: Path | str = ".", *,
                allow_private: bool = False) -> ImportResult:
    """Import the news page *source* (URL or HTML file) into *project_dir*."""
    from .fetch import read_source

    project_dir = Path(project_dir)
    publisher = project_publisher(project_dir)
    language = project_language(project_dir)
    zone = project_timezone(project_dir)

    fetched = read_source(source, allow_private=allow_private, accept=PAGE_TYPES)
    html = _decode(source, fetched.content, fetched.charset)
    page = _read_page(source, html, fetched.url)

    names = AgentNames(project_dir)
    result = ImportResult(source)
    headline = page["headline"]
    published = normalise_date(page.get("datePublished"), zone)
    if not published:
        raise SourceError(Location(source), "no publication date found (JSON-LD datePublished, "
                                            "article:published_time or a date on the page); "
                                            "expected a news article")
    authors = names.sort_out(page.get("authors", []))
    for name in authors.left_out:
        result.notes.append(f"author '{name}' is not in the registry (or names more than one "
                            "record) and looks like an organisation; left out of 'author' — add "
                            "it to the registry and import again")
    for person in authors.new_people:
        result.notes.append(f"author '{person['name']}' is not in the registry; suggested as a "
                            f"new person (id {person['id']}); lodpub link --apply adds it")
    url = page.get("url")
    if not url:
        result.notes.append("the page names no address (no canonical link, og:url or JSON-LD "
                            "url); importing it again adds another article")
    modified = normalise_date(page.get("dateModified"), zone)
    fields = {
        "headline": headline,
        "datePublished": published,
        "dateModified": modified if modified != published else None,
        "inLanguage": page.get("language") or language,
        "author": authors.keys,
        "publisher": publisher,
        "description": page.get("description"),
        "image": [src for src, _caption in page.get("images", [])],
        "url": url,
        "identifier": page.get("identifier") or url,
        "keywords": page.get("keywords", []),
    }
    result.changes = save_articles(project_dir,
                                   [ImportedArticle(fields, page["body"], authors.suggestions)])
    return result


# --- reading the page -----------------------------------------------------------------------

def _decode(source: str, content: bytes, charset: str | None) -> str:
    """The page's text: the HTTP charset, else a BOM or <meta charset>, else UTF-8 required."""
    import codecs

    encoding = charset
    if not encoding:
        if content.startswith(codecs.BOM_UTF8):
            encoding = "utf-8-sig"
        else:
            declared = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", content[:4096],
                                 re.IGNORECASE)
            encoding = declared.group(1).decode("ascii") if declared else None
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise SourceError(Location(source), f"the page declares an unknown character "
                                                f"encoding '{encoding}'") from None
    try:
        return content.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        _, problem = undecodable(content, exc, encoding or "UTF-8")
        raise SourceError(Location(source), f"{problem}; expected an HTML page "
                                            "in UTF-8 or one that declares its encoding") from None


def _read_page(source: str, html: str, fetched_url: str | None) -> dict:
    import extruct
    import trafilatura
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(html)
    except Exception:    # lxml: empty or unparsable document
        raise SourceError(Location(source), "not an HTML page; expected a news page") from None
    canonical = _first(tree.xpath("//link[@rel='canonical']/@href"))
    base = fetched_url
    try:
        data = extruct.extract(html, base_url=base, syntaxes=["json-ld", "microdata", "opengraph"],
                               uniform=True, errors="ignore")
    except Exception:    # extruct lets parser errors through
        data = {}
    items = _flatten(data.get("json-ld", []))
    article = next((item for item in items if _types(item) & ARTICLE_TYPES), None)
    if article is None:
        others = sorted({kind for item in items for kind in _types(item) & OTHER_TYPES})
        if others:
            raise SourceError(Location(source), f"not a news article: the page describes "
                                                f"{_a(others[0])} (JSON-LD); expected an Article, "
                                                "NewsArticle or BlogPosting")
    microdata = next((item for item in _flatten(data.get("microdata", []))
                      if _types(item) & ARTICLE_TYPES), None)
    metadata = article or microdata or {}
    og = _open_graph(data.get("opengraph", []))
    meta = {(element.get("name") or element.get("property") or "").lower(): element.get("content")
            for element in tree.xpath("//meta[@content]")}

    def pick(*values):
        for value in values:
            text = _text(value)
            if text:
                return text
        return None

    headline = pick(metadata.get("headline"), metadata.get("name"), og.get("og:title"),
                    _first(tree.xpath("//h1//text()")), _first(tree.xpath("//title/text()")))
    page_url = canonical or (og.get("og:url") if not fetched_url else None) \
        or _text(metadata.get("url")) or fetched_url
    if page_url:
        page_url = urljoin(fetched_url or "", page_url)
        if not page_url.startswith(("http://", "https://")):
            page_url = None

    body = trafilatura.extract(html, url=page_url, output_format="markdown",
                               include_images=False, include_links=True, include_tables=True,
                               include_comments=False, with_metadata=False) or ""
    if not body.strip():
        body = pick(metadata.get("articleBody")) or ""
    if not headline or not body.strip():
        missing = " and ".join(part for part, found in (("no headline", headline),
                                                        ("no article text", body.strip()))
                               if not found)
        raise SourceError(Location(source), f"not a news article: {missing} found; expected a "
                                            "news page with a headline and an article text")
    images = _images(metadata, og, tree, page_url or fetched_url)
    body = body.strip()
    first_line, _, rest = body.partition("\n")
    if first_line.lstrip("# ").strip() == " ".join(headline.split()):   # the headline again
        body = rest.strip()
    lead = [f"![{_escape_caption(caption)}]({src})" for src, caption in images[:1] if src not in body]
    if lead:
        body = lead[0] + "\n\n" + body

    published = pick(metadata.get("datePublished"), meta.get("article:published_time"),
                     og.get("article:published_time"), _first(tree.xpath("//time/@datetime")))
    if not published:
        found = trafilatura.extract_metadata(html, default_url=page_url)
        published = getattr(found, "date", None) if found else None
    return {
        "headline": " ".join(headline.split()),
        "datePublished": published,
        "dateModified": pick(metadata.get("dateModified"), meta.get("article:modified_time"),
                             og.get("article:modified_time")),
        "description": pick(metadata.get("description"), og.get("og:description"),
                            meta.get("description")),
        "authors": _authors(metadata.get("author")) or [
            name for name in [_text(meta.get("author"))] if name],
        "keywords": _keywords(metadata.get("keywords")) or _keywords(meta.get("keywords"))
        or _keywords(og.get("article:tag")),
        "language": _language(metadata.get("inLanguage"), _first(tree.xpath("/html/@lang")),
                              og.get("og:locale")),
        "images": images,
        "url": page_url,
        "identifier": page_url,
        "body": body,
    }


def _flatten(items) -> list[dict]:
    """JSON-LD items, with @graph members and nested lists taken out."""
    found: list[dict] = []
    stack = list(items if isinstance(items, list) else [items])
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            if "@graph" in item:
                stack[:0] = _as_list(item["@graph"])
            found.append(item)
            main = item.get("mainEntity")
            if isinstance(main, dict):
                stack.append(main)
    return found


def _types(item: dict) -> set[str]:
    return {str(kind).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for kind in _as_list(item.get("@type"))}


def _open_graph(items) -> dict:
    merged: dict = {}
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, dict):
            for name, value in item.items():
                merged.setdefault(name, value)
    return merged


def _text(value) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if value is None:
        return None
    text = html_to_text(str(value)) if "<" in str(value) else " ".join(str(value).split())
    return text or None


def _first(values) -> str | None:
    for value in values or []:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _authors(value) -> list[str]:
    names = []
    for item in _as_list(value):
        name = _text(item.get("name") if isinstance(item, dict) else item)
        if name and not name.startswith(("http://", "https://")) and name not in names:
            names.append(name)
    return names


def _keywords(value) -> list[str]:
    words: list[str] = []
    for item in _as_list(value):
        for word in str(item).split(","):
            word = " ".join(word.split())
            if word and word not in words:
                words.append(word)
    return words


def _language(*candidates) -> str | None:
    from ..sources.values import is_language_tag

    for candidate in candidates:
        text = _text(candidate)
        if text:
            tag = text.replace("_", "-")
            if is_language_tag(tag):
                return tag
    return None


def _images(metadata: dict, og: dict, tree, base: str | None) -> list[tuple[str, str]]:
    """(src, caption) of the lead image: JSON-LD or microdata image, else og:image, else the
    first figure; captions from the ImageObject, og:image:alt or the figure's figcaption."""
    figures = {}
    for figure in tree.xpath("//figure[.//img]"):
        img = figure.xpath(".//img")[0]
        caption = _first([" ".join(figure.xpath(".//figcaption//text()"))]) or _text(img.get("alt"))
        src = urljoin(base or "", img.get("src") or "")
        figures.setdefault(src, caption or "")
    found: list[tuple[str, str]] = []
    for item in _as_list(metadata.get("image")):
        if isinstance(item, dict):
            src, caption = _text(item.get("url") or item.get("contentUrl")), \
                _text(item.get("caption")) or _text(item.get("description"))
        else:
            src, caption = _text(item), None
        if src:
            found.append((urljoin(base or "", src), caption or ""))
    if not found and og.get("og:image"):
        found.append((urljoin(base or "", _text(og["og:image"]) or ""), _text(og.get("og:image:alt")) or ""))
    if not found and figures:
        found.append(next(iter(figures.items())))
    images = []
    for src, caption in found:
        if src.startswith(("http://", "https://")) and all(src != known for known, _ in images):
            images.append((src, caption or figures.get(src, "") or ""))
    return images


def _escape_caption(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "AEIOU" else "a ") + noun
