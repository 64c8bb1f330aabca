"""``/download/<name>``: the build's dumps, byte for byte as the catalog describes them.

A compressed dump (``dataset.nt.gz``) is a gzip file and is sent as one:
``Content-Type: application/gzip`` (the distribution's ``dcat:compressFormat``;
its ``dcat:mediaType`` is the type of the data inside), with no
``Content-Encoding``. Browsers, curl (with or without ``--compressed``), wget
and HTTP libraries therefore save the file itself, whose length is the catalog's
``dcat:byteSize`` and whose checksum is the catalog's. A ``Content-Encoding``
would invite every one of them to unpack it under its ``.gz`` name.
"""

from __future__ import annotations

from flask import Response, send_file

from ...errors import NotFound
from ...formats import GZIP, RdfFormat
from ..site.current import current_site


def download(name: str) -> Response:
    site = current_site()
    dumps = {dump["name"]: dump for dump in site.build.manifest["dumps"]}
    dump = dumps.get(name)
    if dump is None:
        raise NotFound(f"no download named {name!r}; available: " + ", ".join(sorted(dumps)),
                       hint="the catalog at /catalog lists every download")
    media_type = GZIP if dump["compressed"] else RdfFormat[dump["format"]].media_type
    response = send_file(site.build.dumps_path / name, mimetype=media_type, etag=dump["sha256"],
                         conditional=True)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
