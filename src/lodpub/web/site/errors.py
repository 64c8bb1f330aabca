"""Errors in the format the client asked for: an HTML page, JSON, or an RDF comment; never a trace.

Every error has one shape: a status, a message that says what was wrong, and
(often) a hint that says what to do. JSON clients get
``{"error": {"status": 404, "title": "Not Found", "message": "…", "hint": "…"}}``.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from ...errors import LodpubError, ServerBusy
from ...formats import PageFormat, RdfFormat

HTML, JSON, TEXT = PageFormat.HTML.media_type, "application/json", "text/plain"
#: RDF formats an error is written in as a comment (in an empty RDF/XML document for RDF/XML).
COMMENTED = (RdfFormat.TURTLE.media_type, RdfFormat.NTRIPLES.media_type)
#: What an error can be written as, the route's own default first.
ERROR_TYPES = (HTML, JSON, RdfFormat.JSONLD.media_type, *COMMENTED, RdfFormat.RDFXML.media_type, TEXT)
RDF_PATHS = ("/id/", "/doc/", "/graph/")
API_PATH = "/api/"  # the write API speaks JSON, its routing errors (404, 405) too


def register(blueprint: Blueprint) -> None:
    """Render every error the app meets through :func:`error_response`."""
    blueprint.app_errorhandler(LodpubError)(_lodpub_error)
    blueprint.app_errorhandler(HTTPException)(_http_error)
    blueprint.app_errorhandler(Exception)(_unexpected)


def _lodpub_error(error: LodpubError) -> Response:
    if isinstance(error, ServerBusy):
        response = error_response(error.status, error.message, error.hint)
        response.headers["Retry-After"] = str(error.retry_after)
        response.status = f"{error.status} {error.reason}"  # what HTTP libraries show their users
        return response
    if error.status >= 500:
        current_app.logger.error("%s %s: %s", request.method, request.path, error)
    return error_response(error.status, error.message, error.hint)


def _http_error(error: HTTPException) -> Response:
    status = error.code or 500
    if status == 404:
        message, hint = f"nothing is published at {request.path}", "start at the home page, /"
    else:
        message, hint = error.description or HTTP_STATUS_CODES.get(status, "error"), None
    response = error_response(status, message, hint)
    if status == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _unexpected(error: Exception) -> Response:
    if _unreadable_request(error):
        return error_response(400, f"the request could not be read: {error}",
                              "send the body again, well formed: with a Content-Length, or in "
                              "HTTP/1.1 chunks without malformed chunk extensions")
    current_app.logger.exception("%s %s failed", request.method, request.path)
    return error_response(500, "the server met an unexpected error; its log says more",
                          "try again later, or tell the site's maintainers")


def _unreadable_request(error: Exception) -> bool:
    """True for the HTTP server's errors in reading the request's body (a malformed chunk,
    a chunk extension it refuses, a body cut short): the client's fault, not the server's."""
    return type(error).__module__.startswith("gunicorn.http.")


def error_format() -> str:
    """Return the media type to write an error in for the current request."""
    explicit = g.get("representation")
    if explicit is not None:
        return explicit.media_type
    default = RdfFormat.TURTLE.media_type if request.path.startswith(RDF_PATHS) else \
        JSON if request.path.startswith(API_PATH) else TEXT
    accept = request.accept_mimetypes
    if not accept or [value for value, _ in accept] == ["*/*"]:
        return default
    return accept.best_match([default] + [item for item in ERROR_TYPES if item != default]) \
        or TEXT


def error_response(status: int, message: str, hint: str | None = None) -> Response:
    """Return an error response with *status*, written as the client prefers."""
    media_type = error_format()
    title = HTTP_STATUS_CODES.get(status, "Error")
    if media_type == HTML:
        try:
            from .html import page

            return page("error.html", status=status, code=status, reason=title, message=message,
                        hint=hint)
        except Exception:  # the page itself failed (a broken build): fall back to text
            current_app.logger.exception("could not render the error page")
            media_type = TEXT
    if media_type in (JSON, RdfFormat.JSONLD.media_type):
        body = json.dumps({"error": {"status": status, "title": title, "message": message,
                                     **({"hint": hint} if hint else {})}}, ensure_ascii=False)
    else:
        lines = [f"{status} {title}", *message.splitlines(), *([f"hint: {hint}"] if hint else [])]
        if media_type in COMMENTED:
            body = "".join(f"# {line}\n" for line in lines)
        elif media_type == RdfFormat.RDFXML.media_type:
            comment = "\n".join(lines).replace("--", "- -")
            body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {comment} -->\n'
                    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
        else:
            body = "\n".join(lines) + "\n"
    return Response(body, status, mimetype=media_type)
