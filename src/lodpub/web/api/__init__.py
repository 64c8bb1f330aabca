"""The write API under ``/api/``: a CMS creates, replaces and removes articles and registry
entries with a token. The work is the injected writer's (``lodpub.writes.Writer``): this
group only authenticates, bounds, parses and answers.
"""

from flask import Blueprint

from . import routes

blueprint = Blueprint("api", __name__, url_prefix="/api")
routes.register(blueprint)

__all__ = ["blueprint"]
