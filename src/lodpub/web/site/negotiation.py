"""Content negotiation by table: the client's Accept header against what a route offers."""

from __future__ import annotations

from flask import request

from ...errors import NotAcceptable


def negotiate(offered: list[str], default: str | None = None, listed: list[str] | None = None) -> str:
    """Return the offered media type the client prefers most.

    *default* (normally the first offered type) answers a request with no
    ``Accept`` header or only ``*/*``. Raises NotAcceptable, listing what is
    offered (or *listed*: the offers without their aliases), when nothing
    offered is acceptable.
    """
    default = default or offered[0]
    accept = request.accept_mimetypes
    if not accept or [value for value, _ in accept] == ["*/*"]:
        return default
    # best_match prefers the earlier offer on equal quality; put the default first.
    ordered = [default] + [media_type for media_type in offered if media_type != default]
    chosen = accept.best_match(ordered)
    if chosen is None:
        raise NotAcceptable(
            f"none of the requested media types ({request.headers.get('Accept')}) is available "
            f"here; available: {', '.join(listed or offered)}")
    return chosen
