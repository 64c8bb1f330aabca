"""What harvesters, feed readers and crawlers fetch: the DCAT-AP catalog, VoID, the downloads,
the Atom feed, the event streams (LDES) and the sitemap."""

from .routes import blueprint

__all__ = ["blueprint"]
