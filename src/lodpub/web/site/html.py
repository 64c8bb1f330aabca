"""Rendering HTML pages: the words, the site's title and footer, the headers every page has."""

from __future__ import annotations

from flask import Response, make_response, render_template
from rdflib import Literal

from ...formats import PageFormat
from .current import current_site
from .labels import Languages, reader_languages
from .ui import strings, ui_language

#: Pages load only what the site serves itself; nothing they show may run code.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'none'; object-src 'none'; "
                           "style-src 'self'; img-src 'self' https: data:; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'self'")


def site_title(languages: Languages) -> Literal:
    """Return the dataset's title (setting ``dataset.title``) in the reader's best language."""
    titles = current_site().config["dataset.title"]
    best = languages.best(Literal(text, lang=tag) for tag, text in titles.items())
    return best if best is not None else Literal("lodpub")


def site_description(languages: Languages) -> Literal | None:
    texts = current_site().config["dataset.description"]
    return languages.best(Literal(text, lang=tag) for tag, text in texts.items())


def page(template: str, content_language: str | None = None, *,
         languages: Languages | None = None, status: int = 200, **context) -> Response:
    """Render *template* with the site's common context and return the response.

    *content_language* is the language of the page's content (``Content-Language``);
    the page's own words follow the reader's languages.
    """
    languages = languages or reader_languages()
    ui_lang = ui_language(languages)
    title = site_title(languages)
    site = current_site()
    html = render_template(
        template, words=strings(ui_lang), ui_lang=ui_lang, site_title=str(title),
        site_title_lang=title.language or ui_lang, licence=site.config["dataset.license"],
        generated=site.build.manifest["generated"], **context)
    response = make_response(html, status)
    response.mimetype = PageFormat.HTML.media_type
    response.headers["Content-Language"] = content_language or ui_lang
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.vary.add("Accept-Language")
    return response
