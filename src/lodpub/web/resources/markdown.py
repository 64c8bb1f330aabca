"""Article bodies: Markdown to HTML with raw HTML turned off, then sanitised."""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

URL_SCHEMES = {"http", "https", "mailto"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def render_markdown(text: str) -> Markup:
    """Return *text* (CommonMark) as safe HTML.

    HTML written in the text is shown as text, never interpreted; links may only
    use http, https or mailto; the result is sanitised once more with nh3.

    >>> str(render_markdown("*Hej* <img src=x onerror=alert(1)>"))
    '<p><em>Hej</em> &lt;img src=x onerror=alert(1)&gt;</p>\\n'
    """
    html = _parser().render(text)
    return Markup(nh3.clean(html, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer nofollow"))
