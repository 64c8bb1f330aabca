"""``/sparql``: the SPARQL 1.1 Protocol endpoint, its service description and the query page."""

from .endpoint import blueprint

__all__ = ["blueprint"]
