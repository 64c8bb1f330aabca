"""Under ``lodpub serve --watch``: why the content cannot be built, in place of the pages.

The watching process writes the problems to ``WATCH_FAILURE`` in the build folder and
removes it after the next good build. Meanwhile a browser asking for a page gets the
problems (500, never cached) instead of the page, while every other client, and the
SPARQL endpoint, is still answered from the last good build.
"""

from __future__ import annotations

from flask import Flask, Response, request

from ...formats import PageFormat
from ...release import WATCH_FAILURE
from .current import current_site
from .errors import error_response

HTML = PageFormat.HTML.media_type


def show_build_failures(app: Flask) -> None:
    """Make *app* show a failed build of the content in place of its HTML pages."""
    app.before_request(_failure_page)


def _failure_page() -> Response | None:
    if request.method not in ("GET", "HEAD") or request.path.startswith("/static/") \
            or not _wants_html():
        return None
    try:
        problems = (current_site().config.build_dir / WATCH_FAILURE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    response = error_response(
        500, "The content cannot be built, so the site still serves the last good build:\n\n"
        + problems, "fix the content and save it: this page follows within seconds")
    response.headers["Cache-Control"] = "no-store"
    return response


def _wants_html() -> bool:
    if request.path.endswith(".html"):
        return True
    accept = request.accept_mimetypes
    return accept.quality(HTML) > 0 and accept.best == HTML
