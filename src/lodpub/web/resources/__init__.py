"""The Linked Data itself: ``/id`` and ``/graph`` (303 to their documents), ``/doc`` in five
representations, the home page, the ontology and shapes pages, ``/context.jsonld``, ``/robots.txt``."""

from .routes import blueprint

__all__ = ["blueprint"]
