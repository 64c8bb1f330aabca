"""``lodpub export static``: the current build as files under the URLs the server answers.

Every answer is taken from the server's own application (in-process, as ``--get``
does), so a file holds exactly the bytes ``lodpub serve`` sends. What the server
chooses by request headers becomes several files, which the generated web-server
configuration (``lodpub.export.nginx``) chooses among again:

- by ``Accept``: a path without an extension (``/doc/…``, ``/ontology``, ``/catalog``,
  ``/.well-known/void``) is written once per format, with the format's extension
  (``/doc/x.ttl`` …), exactly the URLs the server also answers;
- by ``Accept-Language``: an HTML page is written once per label language asked for, as
  ``_lang/{asked}/{page language}/…`` (the page's language, its ``Content-Language``, is
  the content's, which is not always the one asked for); the project's own order is also
  at the path itself;
- by ``Accept-Encoding``: every text file also as ``.gz`` beside it.

Paths of the feeds that have no extension (``/ldes``, ``/ldes/page/1`` …) are written
with their format's extension, which the configuration adds back. Writing is
incremental: a file whose bytes are unchanged is not touched, and files that the
build no longer publishes are removed.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..config import Config
from ..errors import LodpubError
from ..formats import PageFormat, RdfFormat
from ..web.harvest.ldes import FORMATS as STREAM_FORMATS

#: The extension a response's media type is written with.
EXTENSIONS = {
    RdfFormat.TURTLE.media_type: "ttl", RdfFormat.JSONLD.media_type: "jsonld",
    RdfFormat.NTRIPLES.media_type: "nt", RdfFormat.RDFXML.media_type: "rdf",
    PageFormat.HTML.media_type: "html", "application/trig": "trig",
    "application/atom+xml": "atom", "application/xml": "xml", "text/plain": "txt",
    "application/json": "json", "application/gzip": "gz", "application/n-quads": "nq",
}
#: Paths whose representations are chosen by Accept, each with the extensions it offers.
NEGOTIATED_SITE_PATHS = ("/ontology", "/shapes", "/catalog", "/.well-known/void")
#: The event streams: their root, pages and events, each in the STREAM_FORMATS.
STREAMS = ("/ldes", "/catalog/feed")
#: Site paths answered in one format under their own name.
PLAIN_SITE_PATHS = ("/robots.txt", "/context.jsonld", "/feed.atom", "/sitemap.xml")
LANGUAGE_DIR = "_lang"
NO_LANGUAGE = "_"
MANIFEST = ".lodpub-export"


@dataclass
class Export:
    """What an export wrote: the files, the 303s and the gone, for the configuration."""

    root: Path
    base: str
    languages: list[str]
    default_language: str
    redirects: dict[str, str] = field(default_factory=dict)  # /id/… path → /doc/… path
    gone: list[str] = field(default_factory=list)
    offered: dict[str, list[str]] = field(default_factory=dict)  # site path → its extensions
    defaults: dict[str, str] = field(default_factory=dict)  # site path → extension without Accept
    linked: set[str] = field(default_factory=set)  # site paths whose every format has a Link
    #: the Content-Language values of the pages written
    page_languages: set[str] = field(default_factory=set)
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    files: set[str] = field(default_factory=set)


def export_static(project_dir: Path, config: Config, target: Path) -> Export:
    """Write the current build of *project_dir* as files in *target* (see the module)."""
    from ..web.app import create_app
    from ..web.resources.documents import location
    from ..web.resources.state import state

    target = Path(target)
    _check_target(target)
    app = create_app(project_dir, config=config)
    client = app.test_client()
    languages = list(config["dataset.label_languages"])
    export = Export(target, config.base, languages, languages[0])
    with app.app_context():
        index = state().index
        documents = sorted(index.documents)
        iris = sorted({iri for described in index.documents.values() for iri in described
                       if "#" not in iri} | set(documents))
        withdrawn = sorted(index.withdrawn)
        paths = [index.path_of(document) for document in documents]
        redirect_paths = ["/" + iri[len(index.base):] for iri in iris]
        gone_paths = [index.path_of(document) for document in withdrawn]
    for path in redirect_paths:
        answer = client.get(location(path))
        if answer.status_code == 303:
            export.redirects[path] = unquote(answer.headers["Location"])
    export.gone = gone_paths
    for path in paths:
        for extension in _offered(client, location(path)):
            _page(client, export, f"{path}.{extension}")
    for path in NEGOTIATED_SITE_PATHS:
        export.offered[path] = _offered(client, path)
        export.defaults[path] = EXTENSIONS[client.get(path).mimetype]
        if client.get(f"{path}.{export.defaults[path]}").headers.get("Link"):
            export.linked.add(path)
        for extension in export.offered[path]:
            _page(client, export, f"{path}.{extension}")
    _page(client, export, "/", name="/index.html")
    for path in PLAIN_SITE_PATHS:
        _save(export, path, client.get(path))
    for path in _sitemap_parts(client):
        _save(export, path, client.get(path))
    for stream in STREAMS:
        for path in _stream_paths(client, stream):
            for fmt in STREAM_FORMATS:
                _save(export, f"{path}.{fmt.extension}",
                      client.get(path, headers={"Accept": fmt.media_type}))
    for dump in _dumps(client):
        _save(export, dump, client.get(dump), compress=False)  # sent as they are, like lodpub
    _static_files(export, app)
    _remove_stale(export)
    return export


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise LodpubError(f"{target} is a file, not a folder", hint="give a folder to export into")
    if target.is_dir() and any(target.iterdir()) and not (target / MANIFEST).exists():
        raise LodpubError(f"{target} is not empty and holds no earlier export",
                          hint="export into a new or empty folder, or the folder of an earlier export")


def _offered(client, path: str) -> list[str]:
    """The extensions of the representations the server offers for *path* (its Link header)."""
    answer = client.get(path)
    if answer.status_code != 200:
        raise LodpubError(f"the server answered {answer.status_code} for {path}; export stopped")
    return re.findall(r'<[^>]*\.([a-z]+)>; rel="alternate"', answer.headers.get("Link", ""))


def _page(client, export: Export, path: str, name: str | None = None) -> None:
    """Save *path*; an HTML page also once in each label language."""
    from ..web.resources.documents import location

    name = name or path
    _save(export, name, client.get(location(path)))
    if name.endswith(".html"):
        for language in export.languages:
            answer = client.get(location(path), headers={"Accept-Language": language})
            page_language = answer.headers.get("Content-Language") or NO_LANGUAGE
            export.page_languages.add(page_language)
            _save(export, f"/{LANGUAGE_DIR}/{language}/{page_language}{name}", answer)


def _sitemap_parts(client) -> Iterator[str]:
    index = client.get("/sitemap.xml").get_data(as_text=True)
    for url in re.findall(r"<loc>([^<]+/sitemap/\d+\.xml)</loc>", index):
        yield urlsplit(url).path


def _stream_paths(client, stream: str) -> Iterator[str]:
    """The stream's root, then every page and event it links, in order."""
    seen, queue = set(), [stream]
    pattern = re.compile(re.escape(stream) + r"/(?:page|event)/\d+")
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        yield path
        answer = client.get(path)
        queue += sorted(set(pattern.findall(answer.get_data(as_text=True))) - seen)


def _dumps(client) -> list[str]:
    catalog = client.get("/catalog.nt").get_data(as_text=True)
    return sorted({urlsplit(url).path for url in re.findall(r"<([^>]+/download/[^>]+)>", catalog)})


def _static_files(export: Export, app) -> None:
    folder = Path(app.static_folder)
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            _write(export, "/static/" + path.relative_to(folder).as_posix(), path.read_bytes())


def _save(export: Export, name: str, answer, compress: bool = True) -> None:
    if answer.status_code != 200:
        raise LodpubError(f"the server answered {answer.status_code} for {name}; export stopped")
    _write(export, unquote(name), answer.get_data(), compress)


def _write(export: Export, name: str, data: bytes, compress: bool = True) -> None:
    relative = name.lstrip("/")
    path = export.root / relative
    if ".." in Path(relative).parts:
        raise LodpubError(f"refusing to write {name} outside the export folder")
    _write_file(export, path, relative, data)
    if compress and not relative.endswith(".gz"):
        compressed = gzip.compress(data, compresslevel=9, mtime=0)
        _write_file(export, path.with_name(path.name + ".gz"), relative + ".gz", compressed)


def _write_file(export: Export, path: Path, relative: str, data: bytes) -> None:
    export.files.add(relative)
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            export.unchanged += 1
            return
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)
    export.written += 1


def _remove_stale(export: Export) -> None:
    for path in sorted(export.root.rglob("*"), reverse=True):
        relative = path.relative_to(export.root).as_posix()
        if path.is_file() and relative not in export.files and relative != MANIFEST \
                and not relative.startswith("nginx"):
            path.unlink()
            export.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    (export.root / MANIFEST).write_text(f"lodpub static export of {export.base}\n", encoding="utf-8")
