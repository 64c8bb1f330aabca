"""The OpenAPI 3.1 description of the write API, made from the content format's field table.

Each collection (articles and every registry section) gets its paths; each record
kind its JSON Schema, one property per field of ``sources.fields`` with the JSON it
is written in. What the schema cannot say (a date that exists, a key that is
referenced) the API checks and answers with 400 naming the field.
"""

from __future__ import annotations

from .. import __version__
from ..sources import fields as f
from .entities import ARTICLES, BODY, COLLECTIONS

KEY_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._~-]{0,149}$"
_STRING = {"type": "string"}
_LANGTEXT = {"anyOf": [_STRING, {"type": "object", "additionalProperties": _STRING}],
             "description": "a string, or a map of language tag to string"}
_VALUES = {
    f.TEXT: _STRING,
    f.LANGTEXT: _LANGTEXT,
    f.DATE: {"type": "string", "description": "YYYY-MM-DD"},
    f.DATETIME: {"type": "string", "description": "YYYY-MM-DD, or an ISO 8601 date-time with a timezone"},
    f.IRI: {"type": "string", "description": "an http(s) address"},
    f.REF: {"type": "string", "description": "a key, or a name as written in prose"},
    f.CONCEPT: {"type": "string", "description": "a concept's local name in the ontology"},
    f.LANGUAGE: {"type": "string", "description": "a BCP 47 language tag"},
    f.INTEGER: {"type": "integer"},
    f.NUMBER: {"type": "number"},
    f.IDENTIFIERS: {"type": "object", "additionalProperties": {"type": ["string", "integer"]},
                    "description": "scheme: value"},
    f.REVIEW: {"type": "object", "description": "suggestions for review; never published"},
}
_STATUS = {
    200: "Replaced (or already so); the change is live",
    201: "Created; the change is live",
    204: "Removed; the change is live",
    400: "The request's fields are not what the content format expects",
    401: "No token, or an unknown one",
    403: "The token lacks the right this needs",
    404: "No such entity or collection",
    409: "The key is taken",
    412: "If-Match (or If-None-Match) does not hold",
    413: "The request is larger than api.max_request_bytes",
    415: "The body is not JSON",
    422: "The change violates the shapes; the SHACL report names each field",
    429: "More writes than api.writes_per_minute; Retry-After says when to try again",
    503: "The project has no build yet",
}


def openapi_document() -> dict:
    """The API's OpenAPI document."""
    paths, schemas = {}, {"Error": _error_schema(), "Written": _written_schema()}
    for collection, kind in COLLECTIONS.items():
        name = kind.name.capitalize()
        schemas[name] = _record_schema(kind, article=collection == ARTICLES)
        for nested in _nested_kinds(kind):
            schemas.setdefault(nested.name.capitalize(), _record_schema(nested))
        paths[f"/api/{collection}"] = {"post": _operation(
            f"Create a new {kind.name}", name, (201, 400, 409, 413, 415, 422, 429, 503),
            body=True)}
        paths[f"/api/{collection}/{{id}}"] = {
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string", "pattern": KEY_PATTERN}}],
            "get": _operation(f"Read a {kind.name} as the content files hold it", name, (200, 404),
                              right="read"),
            "put": _operation(f"Replace (or create) a {kind.name}", name,
                              (200, 201, 400, 404, 412, 413, 415, 422, 429, 503), body=True,
                              conditional=True),
            "delete": _operation(f"Remove a {kind.name}", name, (204, 404, 412, 422, 429, 503),
                                 conditional=True),
        }
    paths["/api/openapi.json"] = {"get": {
        "summary": "This document", "operationId": "openapi", "security": [],
        "responses": {"200": {"description": "The OpenAPI document",
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "lodpub write API", "version": __version__,
                 "description": "Create, replace and remove articles and registry entries in "
                                "the content format's fields (docs/format.md). Every write is "
                                "validated with the shapes, goes into the content files and "
                                "is answered once the new build is live. See docs/api.md."},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "token": {"type": "http", "scheme": "bearer",
                      "description": "a token made by 'lodpub token new NAME'"}}},
        "security": [{"token": []}],
    }


def _operation(summary: str, schema: str, statuses, *, body: bool = False,
               conditional: bool = False, right: str = "write") -> dict:
    operation_id = summary.split()[0].lower() + schema
    statuses = sorted({*statuses, 401, 403, 429} if right == "write" else {*statuses, 401, 403})
    responses = {}
    for status in statuses:
        response = {"description": _STATUS[status]}
        if status in (200, 201) and right == "write":
            response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Written"}}}
            response["headers"] = {"ETag": {"schema": _STRING}}
        elif status == 200:
            response["content"] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
            response["headers"] = {"ETag": {"schema": _STRING}}
        elif status >= 400:
            response["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        if status == 401:
            response["headers"] = {"WWW-Authenticate": {"required": True, "schema": _STRING}}
        if status == 429:
            response["headers"] = {"Retry-After": {"required": True, "schema": {"type": "integer"}}}
        responses[str(status)] = response
    operation = {"summary": summary, "operationId": operation_id,
                 "description": f"Needs a token with the '{right}' right.", "responses": responses}
    parameters = []
    if conditional:
        parameters.append({"name": "If-Match", "in": "header", "required": False,
                           "schema": _STRING,
                           "description": "the ETag you read: the write happens only if it still holds"})
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema}"}}}}
    return operation


def _record_schema(kind: f.RecordKind, article: bool = False) -> dict:
    properties = {}
    if kind.key_required or article:
        properties["id"] = {"type": "string", "pattern": KEY_PATTERN,
                            "description": "the key" + (" (the file name); made from the date "
                                                        "and headline when absent" if article else "")}
    for spec in kind.fields:
        properties[spec.name] = _field_schema(spec)
    if article:
        properties[BODY] = {"type": "string", "description": "the article's Markdown body"}
    required = [spec.name for spec in kind.fields if spec.required]
    return {"type": "object", "description": kind.help, "properties": properties,
            "required": required, "additionalProperties": False}


def _field_schema(spec: f.Field) -> dict:
    if spec.kind == f.NESTED:
        return {"type": "array", "items": {"$ref": f"#/components/schemas/{spec.nested.capitalize()}"},
                "description": spec.help}
    if spec.kind == f.CHOICE:
        value = {"enum": list(spec.choices)}
        if set(spec.choices) == {"true", "false"}:
            value = {"anyOf": [value, {"type": "boolean"}]}
    else:
        value = dict(_VALUES[spec.kind])
    if spec.many:
        value = {"anyOf": [value, {"type": "array", "items": value}]}
    return {**value, "description": spec.help} if spec.help else value


def _nested_kinds(kind: f.RecordKind):
    for spec in kind.fields:
        if spec.kind == f.NESTED:
            nested = f.KINDS[spec.nested]
            yield nested
            yield from _nested_kinds(nested)


def _error_schema() -> dict:
    problem = {"type": "object", "properties": {
        "field": _STRING, "message": _STRING, "key": _STRING, "file": _STRING, "path": _STRING,
        "severity": _STRING, "value": {"type": ["string", "null"]}}, "required": ["message"]}
    return {"type": "object", "required": ["error"], "properties": {
        "error": {"type": "object", "required": ["status", "title", "message"], "properties": {
            "status": {"type": "integer"}, "title": _STRING, "message": _STRING, "hint": _STRING,
            "problems": {"type": "array", "items": problem}}},
        "report": {"type": "object", "description": "the SHACL report (422)", "properties": {
            "conforms": {"type": "boolean"}, "results": {"type": "array"}}}}}


def _written_schema() -> dict:
    return {"type": "object", "required": ["id", "iri", "etag"], "properties": {
        "id": _STRING, "iri": {"type": ["string", "null"]}, "etag": {"type": ["string", "null"]},
        "warnings": {"type": "array", "items": {"type": "object"}}}}
