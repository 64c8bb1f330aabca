"""``/download/<name>``: the build's dumps, byte for byte as the catalog describes them.

A compressed dump (``dataset.nt.gz``) is served the way DCAT describes it: its
``Content-Type`` is the media type of the data (``application/n-triples``, the
distribution's ``dcat:mediaType``) and ``Content-Encoding: gzip`` says how it is
packed (its ``dcat:compressFormat``). The body is the file itself, so its length
is the catalog's ``dcat:byteSize`` and its SHA-256 the catalog's checksum; it is
never compressed a second time. A client that refuses gzip (``Accept-Encoding``
without it) gets the data unpacked on the fly instead.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from flask import Response, request, send_file

from ...errors import NotFound
from ...formats import RdfFormat
from ..site.current import current_site

CHUNK = 1 << 16


def download(name: str) -> Response:
    site = current_site()
    dumps = {dump["name"]: dump for dump in site.build.manifest["dumps"]}
    dump = dumps.get(name)
    if dump is None:
        raise NotFound(f"no download named {name!r}; available: " + ", ".join(sorted(dumps)),
                       hint="the catalog at /catalog lists every download")
    path = site.build.dumps_path / name
    media_type = RdfFormat[dump["format"]].media_type
    if dump["compressed"] and not _gzip_acceptable():
        response = Response(_unpacked(path), mimetype=media_type)
        response.set_etag(f"{dump['sha256']}-identity")
        response.make_conditional(request)
    else:
        response = send_file(path, mimetype=media_type, etag=dump["sha256"], conditional=True)
        if dump["compressed"]:
            response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _gzip_acceptable() -> bool:
    """A request without Accept-Encoding accepts any coding (RFC 9110, 12.5.3)."""
    return "Accept-Encoding" not in request.headers or request.accept_encodings["gzip"] > 0


def _unpacked(path: Path):
    with gzip.open(path, "rb") as data:
        yield from iter(lambda: data.read(CHUNK), b"")
