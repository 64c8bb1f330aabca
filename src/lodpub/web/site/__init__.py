"""The site's shell, shared by every page and answer: the current site, errors, HTTP hygiene,
content negotiation, the reader's languages and the HTML page around the content.

Its blueprint serves no route of its own: it renders every error of the app
(``errors``) and finishes every response (``hygiene``).
"""

from flask import Blueprint

from . import errors, hygiene

blueprint = Blueprint("site", __name__)
errors.register(blueprint)
hygiene.register(blueprint)

__all__ = ["blueprint"]
