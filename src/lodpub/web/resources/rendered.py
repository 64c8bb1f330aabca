"""Representations a worker has rendered for its build, kept so that the next request for
the same one is answered without describing and rendering again.

The cache belongs to one build (it lives in the worker's per-build state, which a new
build replaces) and is keyed by resource, format and the reader's languages. It holds at
most ``server.render_cache`` MiB of bodies, forgetting the least recently used first; a
representation larger than a quarter of that is rendered every time and never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Response

#: Headers the route sets after rendering: not part of what is kept.
_SET_LATER = frozenset({"Content-Length", "Link", "Content-Location"})


class RenderCache:
    """Rendered responses by key, at most *budget* bytes of bodies; safe to share between threads.

    >>> cache = RenderCache(budget=100)
    >>> cache.get_or_render("a", lambda: Response(b"x" * 10)).get_data(), cache.renders
    (b'xxxxxxxxxx', 1)
    >>> cache.get_or_render("a", lambda: Response(b"other")).get_data(), cache.renders
    (b'xxxxxxxxxx', 1)
    """

    def __init__(self, budget: int):
        self.budget = budget
        self.renders = 0  # how many times a representation was rendered (for tests and logs)
        self._kept: OrderedDict[Hashable, tuple[int, bytes, list]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], Response]) -> Response:
        """The response kept under *key*, else ``render()``'s (kept when it fits)."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
        if kept is not None:
            status, body, headers = kept
            return Response(body, status=status, headers=headers)
        response = render()
        body = response.get_data()
        with self._lock:
            self.renders += 1
            if len(body) * 4 <= self.budget and key not in self._kept:
                headers = [(name, value) for name, value in response.headers
                           if name not in _SET_LATER]
                self._kept[key] = (response.status_code, body, headers)
                self._size += len(body)
                while self._size > self.budget:
                    _, (_, dropped, _) = self._kept.popitem(last=False)
                    self._size -= len(dropped)
        return response
