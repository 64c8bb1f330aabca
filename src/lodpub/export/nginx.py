"""nginx configuration that serves a static export as ``lodpub serve`` answers.

It reproduces the server's contract over the files of ``lodpub.export.static_site``:
303 from ``/id/`` and ``/graph/`` to ``/doc/``, 410 for withdrawn documents, the format
by ``Accept`` (with ``Vary``, ``Link`` and ``Content-Location``), the HTML page by
``Accept-Language``, precompressed files by ``Accept-Encoding``, the media types, CORS,
ETags, and the SPARQL endpoint, the embed and write APIs proxied to a running
``lodpub serve``. nginx picks a format and a language by the *first* type and language
the client lists, where lodpub weighs their q-values; for the Accept headers that
browsers, curl and RDF clients send, both choose the same.
"""

from __future__ import annotations

import re

from ..formats import PageFormat, RdfFormat
from .static_site import LANGUAGE_DIR, NEGOTIATED_SITE_PATHS, STREAM_FORMATS, STREAMS, Export

REDIRECTS = "nginx-redirects.map"
GONE = "nginx-gone.map"
SITE = "nginx-site.conf"
NOT_ACCEPTABLE = "none"
ANY = "any"  # no Accept, or */*: the path's default

RDF = (RdfFormat.TURTLE, RdfFormat.JSONLD, RdfFormat.NTRIPLES, RdfFormat.RDFXML)
HTML = PageFormat.HTML
#: The first media type a client lists → the extension that answers it.
ACCEPTED = [(item.media_type, item.extension) for item in (*RDF, HTML)] + [
    ("text/plain", "nt"), ("application/xhtml+xml", "html")]
TYPES = {"text/turtle": "ttl", "application/ld+json": "jsonld jsonld.gz",
         "application/n-triples": "nt", "application/rdf+xml": "rdf", "text/html": "html",
         "application/trig": "trig", "application/n-quads": "nq", "application/atom+xml": "atom", "application/xml": "xml",
         "text/plain": "txt", "application/json": "json", "application/gzip": "gz",
         "text/css": "css", "image/svg+xml": "svg", "text/javascript": "js"}
#: What the server sends with every answer.
COMMON = ['Access-Control-Allow-Origin "*"',
          'Access-Control-Expose-Headers "ETag, Link, Location, Vary, Content-Location"',
          'X-Content-Type-Options "nosniff"']
PAGE_POLICY = ("default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self'; "
               "img-src 'self' https: data:; base-uri 'none'; form-action 'self'; "
               "frame-ancestors 'self'")


def nginx_files(export: Export, listen: str, sparql: str | None) -> dict[str, str]:
    """Return the configuration files (name → text) for *export*, listening on *listen*."""
    return {SITE: _site(export, listen, sparql),
            REDIRECTS: "".join(f"{_quoted(path)} {_quoted(target)};\n"
                               for path, target in sorted(export.redirects.items())),
            GONE: "".join(f"{_quoted(path)} 1;\n" for path in sorted(export.gone))}


def _site(export: Export, listen: str, sparql: str | None) -> str:
    root = export.root.resolve()
    extensions = "|".join(item.extension for item in (*RDF, HTML))
    languages = [language for language in export.languages if language != export.default_language]
    site_paths = "|".join(re.escape(path.lstrip("/")) for path in NEGOTIATED_SITE_PATHS)
    streams = "|".join(re.escape(path.lstrip("/")) for path in STREAMS)
    lines = [
        f"# lodpub: serve the static export in {root} as `lodpub serve` answers.",
        "# Include this file in nginx's http { } block; regenerate it with the export.",
        "map_hash_bucket_size 256;  # long paths as keys (remove if your http block sets it)",
        "map_hash_max_size 262144;",
        "map $http_accept $lodpub_accepted {",
        f'    default {NOT_ACCEPTABLE};',
        f'    "" {ANY};',
        *[f'    "~*^\\s*{re.escape(media_type)}" {extension};' for media_type, extension in ACCEPTED],
        f'    "~\\*/\\*" {ANY};',
        "}",
        "map $http_accept $lodpub_stream_accepted {",
        f'    default {NOT_ACCEPTABLE};',
        f'    "" {STREAM_FORMATS[0].extension};',
        *[f'    "~*^\\s*{re.escape(fmt.media_type)}" {fmt.extension};' for fmt in STREAM_FORMATS],
        f'    "~\\*/\\*" {STREAM_FORMATS[0].extension};',
        "}",
        "map $http_accept_language $lodpub_language {",
        f'    default "{export.default_language}";',
        *[f'    "~*^\\s*{re.escape(language)}\\b" {language};' for language in languages],
        "}",
        "map $uri $lodpub_content_language {",  # the page language of the file served
        '    default "";',
        f'    "~^/{LANGUAGE_DIR}/[^/]+/(?<lodpub_served>[^/_]+)/" $lodpub_served;',
        "}",
        f"map $uri $lodpub_see_other {{ default \"\"; include {root / REDIRECTS}; }}",
        f"map $uri $lodpub_gone {{ default \"\"; include {root / GONE}; }}",
        "server {",
        f"    listen {listen};",
        f"    root {root};",
        "    absolute_redirect off;  # Location is a path, as the server sends it",
        "    charset utf-8;",
        "    charset_types text/turtle application/n-triples text/plain application/xml;",
        "    gzip_static on;",
        "    gzip_vary on;",
        "    types {",
        *[f"        {media_type} {extensions};" for media_type, extensions in TYPES.items()],
        "    }",
        "    default_type application/octet-stream;",
        "    set $lodpub_content_location \"\";",
        "    set $lodpub_vary \"\";",
        "",
        "    location ~ ^/(id|graph)/ {",
        *_headers(cache=300),
        "        if ($lodpub_see_other) { return 303 $lodpub_see_other; }",
        "        return 404;",
        "    }",
        f"    location ~ ^(?<lodpub_doc>/doc/.+)\\.(?<lodpub_ext>{extensions})$ {{",
        "        if ($lodpub_gone) { return 410; }",
        *_headers(cache=300, link="$lodpub_doc", vary="$lodpub_vary",
                  content_location="$lodpub_content_location"),
        "        add_header Vary $lodpub_page_vary;",
        "        add_header Content-Language $lodpub_page_language;",
        f"        add_header Content-Security-Policy $lodpub_page_policy;",
        f"        try_files {_variants(export, '$uri')} $uri =404;",
        "    }",
        "    location /doc/ {",
        "        if ($lodpub_gone) { return 410; }",
        "        set $lodpub_chosen $lodpub_accepted;",
        f"        if ($lodpub_chosen = {NOT_ACCEPTABLE}) {{ return 406; }}",
        f"        if ($lodpub_chosen = {ANY}) {{ set $lodpub_chosen {RdfFormat.TURTLE.extension}; }}",
        "        set $lodpub_content_location $uri.$lodpub_chosen;",
        '        set $lodpub_vary "Accept";',
        "        rewrite ^ $uri.$lodpub_chosen last;",
        "    }",
        f"    location ~ ^/(?<lodpub_site>{site_paths})\\.(?<lodpub_ext>{extensions})$ {{",
        *_headers(cache=300, vary="$lodpub_vary"),
        "        add_header Link $lodpub_site_link;",  # see the map below
        "        add_header Vary $lodpub_page_vary;",
        "        add_header Content-Language $lodpub_page_language;",
        "        add_header Content-Security-Policy $lodpub_page_policy;",
        f"        try_files {_variants(export, '$uri')} $uri =404;",
        "    }",
    ]
    for path in NEGOTIATED_SITE_PATHS:
        offered = export.offered.get(path, [])
        default = export.defaults.get(path, RdfFormat.TURTLE.extension)
        lines += [
            f"    location = {path} {{",
            '        set $lodpub_vary "Accept";',
            "        set $lodpub_chosen $lodpub_accepted;",
            *[f'        if ($lodpub_chosen = "{extension}") {{ rewrite ^ {path}.{extension} last; }}'
              for extension in offered],
            f"        if ($lodpub_chosen = {ANY}) {{ rewrite ^ {path}.{default} last; }}",
            "        return 406;",
            "    }"]
    lines += [
        "    location = / {",
        *_headers(cache=300, vary="Accept-Language"),
        "        add_header Content-Language $lodpub_content_language;",
        "        add_header Content-Security-Policy \"" + PAGE_POLICY + "\";",
        f"        try_files {_variants(export, '/index.html')} /index.html =404;",
        "    }",
        f"    location ~ ^/({streams})(/(page|event)/\\d+)?$ {{",
        *_headers(cache=60, vary="Accept"),
        f"        if ($lodpub_stream_accepted = {NOT_ACCEPTABLE}) {{ return 406; }}",
        "        try_files $uri.$lodpub_stream_accepted =404;",
        "    }",
        "    location ~ ^/download/(?<lodpub_download>[^/]+)$ {",
        *_headers(cache=None),
        '        add_header Cache-Control "no-cache";',
        "        add_header Content-Disposition 'attachment; filename=\"$lodpub_download\"';",
        "        gzip_static off;",
        "    }",
        f"    location ^~ /{LANGUAGE_DIR}/ {{ internal; }}",
        "    location / {",
        *_headers(cache=300),
        "    }",
    ]
    if sparql:
        upstream = sparql.rstrip("/")
        lines += [
            "    location ~ ^/(sparql|embed|api/) {",
            f"        proxy_pass {upstream};",
            "        proxy_set_header Host $http_host;",
            "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
            "        proxy_buffering on;",
            "    }"]
    lines += ["}",
              "# a site document's Link: on its negotiated path, and on its formats where lodpub has it",
              'map "$lodpub_vary:$lodpub_site" $lodpub_site_link {',
              '    default "";',
              *[f"    {_quoted(prefix + ':' + path.lstrip('/'))} "
                f"{_quoted(_site_link(path, export.offered.get(path, [])))};"
                for path in NEGOTIATED_SITE_PATHS
                for prefix in (("Accept", "") if path in export.linked else ("Accept",))],
              "}",
              "map $lodpub_ext $lodpub_page_language_wanted { html 1; default \"\"; }",
              "map $lodpub_page_language_wanted $lodpub_page_language "
              "{ 1 $lodpub_content_language; default \"\"; }",
              f"map $lodpub_page_language_wanted $lodpub_page_policy {{ 1 \"{PAGE_POLICY}\"; "
              "default \"\"; }",
              "map $lodpub_page_language_wanted $lodpub_page_vary { 1 Accept-Language; default \"\"; }"]
    return "\n".join(lines) + "\n"


def _variants(export: Export, uri: str) -> str:
    """The files that may hold the page in the reader's language, one per page language."""
    return " ".join(f"/{LANGUAGE_DIR}/$lodpub_language/{language}{uri}"
                    for language in sorted(export.page_languages))


def _site_link(path: str, offered: list[str]) -> str:
    media = {item.extension: item.media_type for item in (*RDF, HTML)}
    return ", ".join(f'<{path}.{extension}>; rel="alternate"; type="{media[extension]}"'
                     for extension in offered)


def _headers(cache: int | None, link: str | None = None, vary: str | None = None,
             content_location: str | None = None) -> list[str]:
    lines = [f"        add_header {header};" for header in COMMON]
    if cache is not None:
        lines.append(f'        add_header Cache-Control "public, max-age={cache}";')
    if link is not None:
        lines.append('        add_header Link "' + ", ".join(
            f'<{link}.{item.extension}>; rel=\\"alternate\\"; type=\\"{item.media_type}\\"'
            for item in (*RDF, HTML)) + '";')
    if vary is not None:
        lines.append(f'        add_header Vary "{vary}";')
    if content_location is not None:
        lines.append(f"        add_header Content-Location {content_location};")
    return lines


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
