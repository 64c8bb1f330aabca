"""Tokens of the write API: made at random, shown once, configured only by their hash.

A token is 256 random bits; ``lodpub.toml`` keeps its SHA-256 under a name, with the
rights it grants (``read``, ``write``)::

    [api.tokens.cms]
    hash = "sha256:…"
    rights = ["read", "write"]

A token's own entropy makes a slow password hash needless; comparing the hashes in
constant time keeps a client from learning one byte by byte.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from .config import CONFIG_FILE, Config
from .errors import ConfigError

PREFIX = "lodpub_"
RIGHTS = ("read", "write")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


@dataclass(frozen=True)
class Token:
    """A configured token: its name, its hash and the rights it grants."""

    name: str
    hash: str
    rights: tuple[str, ...]


def new_token() -> str:
    """A new random token.

    >>> token = new_token()
    >>> token.startswith(PREFIX), len(token) > 40, token != new_token()
    (True, True, True)
    """
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What ``lodpub.toml`` keeps of *token*.

    >>> token_hash("lodpub_x")
    'sha256:db04e75dd99a53ba6f3ffe0cd77a4f652cf5b1328f45c7337b79f7a7a1bd4b10'
    """
    return "sha256:" + hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def configured_tokens(config: Config) -> list[Token]:
    """The tokens of the ``api.tokens`` setting; a ConfigError naming a malformed one."""
    where = config.project_dir / CONFIG_FILE
    tokens = []
    for name, entry in config["api.tokens"].items():
        if not NAME.fullmatch(name):
            raise ConfigError(f"{where}: api.tokens: the name {name!r} must be letters, digits, "
                              "'-' or '_' (at most 64)")
        if not isinstance(entry, dict) or not _HASH.fullmatch(str(entry.get("hash", ""))):
            raise ConfigError(f"{where}: api.tokens.{name} needs hash = \"sha256:<64 hex digits>\"",
                              hint="make a token with: lodpub token new NAME")
        rights = entry.get("rights", list(RIGHTS))
        if not isinstance(rights, list) or not set(rights) <= set(RIGHTS):
            raise ConfigError(f"{where}: api.tokens.{name}.rights must be a list of "
                              f"{' and '.join(RIGHTS)}, not {rights!r}")
        unknown = set(entry) - {"hash", "rights"}
        if unknown:
            raise ConfigError(f"{where}: api.tokens.{name}: unknown field "
                              f"'{sorted(unknown)[0]}'; known fields: hash, rights")
        tokens.append(Token(name, entry["hash"], tuple(rights)))
    return tokens


def holder(tokens: list[Token], presented: str) -> Token | None:
    """The configured token *presented* is, or None; every hash is compared, in constant time."""
    digest = token_hash(presented)
    found = None
    for token in tokens:
        if hmac.compare_digest(token.hash, digest):
            found = token
    return found
