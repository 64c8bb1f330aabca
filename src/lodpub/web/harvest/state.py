"""What the feeds read from a build, kept per worker: the catalog and VoID files, the event log."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from ...errors import LodpubError
from ...formats import RdfFormat
from ...namespaces import PREFIXES
from ...publish.catalog import DCATAP, SPDX, VCARD, as_dcat_ap_2
from ...publish.changelog import ChangeLog, log_path
from ...publish.harvest import CATALOG_FILE, FEEDS_DIR, VOID_FILE
from ...store import convert
from ..site.current import Site, per_site


class FeedsMissing(LodpubError):
    """The build predates the feeds: it has no catalog or VoID description."""

    status = 503


class HarvestState:
    """Per-process state of the feeds for one site; the build never changes under a worker."""

    def __init__(self, site: Site):
        self.site = site
        self._documents: dict[tuple[str, RdfFormat, str | None], bytes] = {}
        self.sitemaps: dict[int, bytes] = {}          # sitemap part (0: the whole or the index) → XML

    @property
    def folder(self) -> Path:
        return self.site.build.path / FEEDS_DIR

    @cached_property
    def log(self) -> ChangeLog:
        return ChangeLog(log_path(self.site.config.build_dir, self.site.base))

    @cached_property
    def prefixes(self) -> dict[str, str]:
        prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        prefixes.update({"dcatap": str(DCATAP), "spdx": str(SPDX), "vcard": str(VCARD),
                         "foaf": "http://xmlns.com/foaf/0.1/"})
        return prefixes

    def document(self, name: str, fmt: RdfFormat, profile: str | None = None) -> bytes:
        """Return the build's catalog or VoID description (*name*: a file of ``feeds/``) in *fmt*.

        *profile* ``dcat-ap-2.1.1`` gives the catalog as DCAT-AP 2.1.1 types it.
        """
        key = (name, fmt, profile)
        if key not in self._documents:
            path = self.folder / name
            if not path.is_file():
                raise FeedsMissing(f"this build has no {name}: it was made before lodpub wrote feeds",
                                   hint=f"rebuild: lodpub build {self.site.project_dir}")
            data = path.read_bytes()
            if profile == DCAT_AP_2:
                data = as_dcat_ap_2(data)
            self._documents[key] = convert(data, RdfFormat.NTRIPLES, fmt, self.prefixes)
        return self._documents[key]


CATALOG, VOID = CATALOG_FILE, VOID_FILE
DCAT_AP_3, DCAT_AP_2 = "dcat-ap-3", "dcat-ap-2.1.1"


def harvest_state() -> HarvestState:
    """Return this worker's feed state for the current app."""
    return per_site("lodpub.feeds", HarvestState)
