"""The API's routes: read, create, replace and remove; the OpenAPI document; errors as JSON.

Every answer is JSON and never cached (``no-store``). A write is answered when the
writer has built it and the new build is current: the next request of any client
sees the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, request
from werkzeug.http import HTTP_STATUS_CODES

from ...errors import LodpubError, WriteRefused
from ..site.current import current_site
from .access import AccessRefused, Tokens, admit_write, authenticate

JSON = "application/json"
EXTENSION = "lodpub-api"  # not "lodpub.…": those go when a new build is followed


@dataclass
class Api:
    """What the API needs: the writer (``lodpub.writes.Writer``) and the tokens."""

    writer: object
    tokens: Tokens


def register(blueprint: Blueprint) -> None:
    blueprint.get("/openapi.json")(openapi)
    blueprint.post("/<collection>")(create)
    blueprint.get("/<collection>/<key>")(read)
    blueprint.put("/<collection>/<key>")(replace)
    blueprint.delete("/<collection>/<key>")(delete)
    blueprint.errorhandler(LodpubError)(_refused)


def api() -> Api:
    return current_app.extensions[EXTENSION]


def openapi() -> Response:
    return _json(api().writer.openapi(), 200, cache=True)


def read(collection: str, key: str) -> Response:
    authenticate(api().tokens, "read")
    entity = api().writer.read(collection, key)
    response = _json(entity.fields, 200)
    response.set_etag(entity.etag)
    return response


def create(collection: str) -> Response:
    data = _write_request()
    return _written(api().writer.create(collection, data))


def replace(collection: str, key: str) -> Response:
    data = _write_request()
    return _written(api().writer.replace(collection, key, data, if_match=_tags("If-Match"),
                                         if_none_match=_tags("If-None-Match")))


def delete(collection: str, key: str) -> Response:
    _write_request(body=False)
    return _written(api().writer.delete(collection, key, if_match=_tags("If-Match")))


def _write_request(body: bool = True) -> dict | None:
    """Authenticate a write, count it, and return its JSON body (bounded in size)."""
    token = authenticate(api().tokens, "write")
    site = current_site()
    admit_write(site.config.build_dir, token, site.config["api.writes_per_minute"])
    if not body:
        return None
    limit = site.config["api.max_request_bytes"]
    if request.content_length is not None and request.content_length > limit:
        raise WriteRefused(413, f"the request has {request.content_length:,} bytes, more than "
                                f"the {limit:,} that api.max_request_bytes allows")
    if request.mimetype != JSON and not request.mimetype.endswith("+json"):
        raise WriteRefused(415, f"the body is {request.mimetype or 'of no type'}, not {JSON}",
                           hint="send the fields as a JSON object with Content-Type: application/json")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise WriteRefused(413, f"the request has more than the {limit:,} bytes that "
                                "api.max_request_bytes allows")
    return api().writer.parse(data)


def _tags(header: str) -> list[str] | None:
    """The entity tags of a conditional header ("*" for any), or None when it is absent."""
    if header not in request.headers:
        return None
    tags = request.if_match if header == "If-Match" else request.if_none_match
    return ["*"] if tags.star_tag else sorted(tags.as_set())


def _written(outcome) -> Response:
    if outcome.status == 204:
        response = Response(status=204)
        response.headers["Cache-Control"] = "no-store"
        return response
    response = _json(outcome.as_json(), outcome.status)
    if outcome.etag:
        response.set_etag(outcome.etag)
    if outcome.status == 201:
        response.headers["Location"] = f"/api/{outcome.collection}/{outcome.key}"
    if outcome.iri:
        response.headers["Link"] = f'<{outcome.iri}>; rel="about"'
    return response


def _refused(error: LodpubError) -> Response:
    if error.status >= 500:
        current_app.logger.error("%s %s: %s", request.method, request.path, error)
    body = {"error": {"status": error.status, "title": _title(error.status),
                      "message": error.message, **({"hint": error.hint} if error.hint else {}),
                      **({"problems": error.problems} if getattr(error, "problems", None) else {})}}
    if getattr(error, "report", None) is not None:
        body["report"] = error.report
    response = _json(body, error.status)
    if isinstance(error, AccessRefused):
        response.headers.update(error.headers)
    return response


def _title(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def _json(data, status: int, cache: bool = False) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False, indent=1) + "\n", status, mimetype=JSON)
    if not cache:
        response.headers["Cache-Control"] = "no-store"
    return response

