"""What a worker computes once per build and keeps: the document index, labels, vocabularies."""

from __future__ import annotations

from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ...errors import ConfigError
from ..site.current import Site, per_site
from ..site.labels import TermLabels
from .documents import DocumentIndex
from .embed import EmbedIndex
from .rendered import RenderCache
from .termlabels import TERM_LABELS
from .vocabulary import Vocabulary


class ResourceState:
    """Per-process caches for one site; nothing here changes while the worker lives."""

    def __init__(self, site: Site):
        self.site = site
        self.cache: dict = {}

    @cached_property
    def rendered(self) -> RenderCache:
        """The representations of this build's documents rendered so far."""
        return RenderCache(self.site.config["server.render_cache"] * 1024 * 1024)

    @cached_property
    def index(self) -> DocumentIndex:
        return DocumentIndex.from_store(self.site.store, self.site.base,
                                        self.site.build.manifest.get("withdrawn", {}))

    @cached_property
    def embeds(self) -> EmbedIndex:
        """The articles by the address of their page elsewhere (``schema:url``), for ``/embed``."""
        return EmbedIndex.from_store(self.site.store, self.index.documents)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary(self.site.store)

    @cached_property
    def term_labels(self) -> TermLabels:
        return TermLabels(self.vocabulary.labels, TERM_LABELS)

    @cached_property
    def sources(self) -> dict[str, str]:
        """Return named graph IRI → the path of its source document."""
        return {document["graph"]: document["path"]
                for document in self.site.build.manifest["documents"]}

    @cached_property
    def zone(self) -> ZoneInfo:
        name = self.site.config["dataset.timezone"]
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"setting 'dataset.timezone' must name a time zone such as "
                              f"'Europe/Stockholm' or 'UTC', not {name!r}") from None

    def warm(self) -> None:
        """Compute what the first request would otherwise wait for."""
        _ = self.index, self.embeds, self.term_labels, self.zone


def state() -> ResourceState:
    """Return this worker's state for the current app."""
    return per_site("lodpub.shipped", ResourceState)

