"""The write side a CMS uses: one article or registry entry created, replaced or removed
through the content files, validated with the shapes first, built and live when answered.

``Writer`` does the work; the web API (``lodpub.web.api``) takes requests to it.
"""

from .openapi import openapi_document
from .writer import Outcome, Writer

__all__ = ["Writer", "Outcome", "openapi_document"]
