"""Who may use the write API, and how often: bearer tokens by their hash, writes per minute.

Tokens are read from ``lodpub.toml`` again whenever it changes, so a token made or
removed with ``lodpub token`` counts at once, without a restart. The count of writes
is kept per token in the build folder under a file lock, so that every worker
process of the server counts the same writes.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import time
from pathlib import Path

from flask import request

from ...config import CONFIG_FILE, Config, load_config
from ...errors import LodpubError
from ...tokens import Token, configured_tokens, holder

REALM = 'Bearer realm="lodpub"'
RATE_FOLDER = ".write-rate"
WINDOW = 60.0


class AccessRefused(LodpubError):
    """401, 403 or 429, with the header that tells the client what to do."""

    def __init__(self, status: int, message: str, headers: dict[str, str], hint: str | None = None):
        super().__init__(message, hint)
        self.status = status
        self.headers = headers


class Tokens:
    """The project's configured tokens, read again when ``lodpub.toml`` changes."""

    def __init__(self, project_dir: Path, config: Config):
        self.path = project_dir / CONFIG_FILE
        self._seen: int | None = None
        self._tokens: list[Token] = configured_tokens(config)

    def current(self) -> list[Token]:
        try:
            changed = self.path.stat().st_mtime_ns
        except OSError:
            return self._tokens
        if changed != self._seen:
            self._tokens = configured_tokens(load_config(self.path.parent))
            self._seen = changed
        return self._tokens


def authenticate(tokens: Tokens, right: str) -> Token:
    """The request's token, which must grant *right*; AccessRefused (401, 403) otherwise."""
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    presented = presented.strip()
    if scheme.lower() != "bearer" or not presented:
        raise AccessRefused(401, "this needs a token: send 'Authorization: Bearer <token>'",
                            {"WWW-Authenticate": REALM},
                            hint="the site's maintainers make one with: lodpub token new NAME")
    token = holder(tokens.current(), presented)
    if token is None:
        raise AccessRefused(401, "the token is not one of this site's (or it was removed)",
                            {"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
    if right not in token.rights:
        raise AccessRefused(403, f"the token '{token.name}' has no '{right}' right",
                            {"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'},
                            hint=f"give it the right in lodpub.toml: api.tokens.{token.name}.rights")
    return token


def admit_write(build_dir: Path, token: Token, per_minute: int) -> None:
    """Count one write of *token*; AccessRefused (429, Retry-After) beyond *per_minute*."""
    folder = build_dir / RATE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{token.name}.json", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "r+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)
        now = time.time()
        try:
            times = [moment for moment in json.loads(file.read() or "[]")
                     if isinstance(moment, (int, float)) and 0 <= now - moment < WINDOW]
        except ValueError:
            times = []
        if len(times) >= per_minute:
            wait = max(1, math.ceil(WINDOW - (now - min(times)))) if times else int(WINDOW)
            raise AccessRefused(429, f"the token '{token.name}' made {len(times)} writes in the "
                                     f"last minute, the most api.writes_per_minute allows",
                                {"Retry-After": str(wait)}, hint=f"try again in {wait} s")
        times.append(now)
        file.seek(0)
        file.truncate()
        file.write(json.dumps(times))
