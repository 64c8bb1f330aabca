"""Fetch one web document for an import, safely.

* http and https only; at most :data:`MAX_REDIRECTS` redirects, each hop checked;
* a timeout (:data:`TIMEOUT` seconds for the whole fetch) and a size limit
  (:data:`MAX_BYTES`; reading stops beyond it);
* an honest User-Agent: ``lodpub/<version> (+https://w3id.org/lodpub)``;
* no private, loopback, link-local, multicast, reserved or unspecified addresses
  (IPv4 and IPv6, also inside IPv4-mapped, 6to4, Teredo and NAT64 addresses) unless
  ``allow_private``: every address a host name resolves to is checked, and the
  connection goes to an address that was checked, so a second DNS answer
  (DNS rebinding) cannot slip a private address in between;
* proxies from the environment are not used: the checked address is the one connected to.

A SOURCE that is not a URL is read as a local file.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import Location, SourceError

TIMEOUT = 20.0
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"lodpub/{__version__} (+https://w3id.org/lodpub)"
ALLOW_HINT = "to fetch from this address anyway (e.g. a server on your own network), add --allow-private"

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_REDIRECTS = (301, 302, 303, 307, 308)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


@dataclass(frozen=True)
class Fetched:
    """A fetched document: its bytes and where they came from."""

    source: str                 # what the user gave
    url: str | None             # the final URL after redirects; None for a file
    content: bytes
    content_type: str = ""      # media type without parameters, lower case
    charset: str | None = None  # from the Content-Type header, when given

    @property
    def is_file(self) -> bool:
        return self.url is None


def is_url(source: str) -> bool:
    """Tell whether *source* is a URL (any scheme) rather than a file path."""
    return bool(_URL.match(source))


def read_source(source: str, *, allow_private: bool = False, timeout: float = TIMEOUT,
                max_bytes: int = MAX_BYTES, accept: str = "*/*") -> Fetched:
    """Fetch *source* when it is a URL, else read it as a file; SourceError when neither works."""
    if is_url(source):
        return fetch(source, allow_private=allow_private, timeout=timeout, max_bytes=max_bytes,
                     accept=accept)
    path = Path(source)
    if not path.is_file():
        raise SourceError(Location(source), "no such file; expected a file or an http(s) URL")
    if path.stat().st_size > max_bytes:
        raise SourceError(Location(source), f"the file is larger than {max_bytes} bytes, "
                                            "the most an import reads")
    return Fetched(source, None, path.read_bytes())


# --- addresses ------------------------------------------------------------------------------

def refusal(address: str) -> str | None:
    """Why an import must not connect to *address* (e.g. 'a loopback address'), or None.

    >>> refusal("127.0.0.1"), refusal("::ffff:10.0.0.1"), refusal("93.184.215.14")
    ('a loopback address', 'a private address (inside ::ffff:10.0.0.1)', None)
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])   # drop an IPv6 zone (fe80::1%eth0)
    if ip.version == 6:     # an IPv4 address inside an IPv6 one is checked as itself first
        embedded = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 0xFFFF):
            embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        for inner in embedded:
            if inner is not None and _own_refusal(inner):
                return f"{_own_refusal(inner)} (inside {address})"
        if ip.ipv4_mapped is not None:
            return None
    return _own_refusal(ip)


def _own_refusal(ip) -> str | None:
    checks = (("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
              ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
              ("is_reserved", "a reserved address"), ("is_private", "a private address"))
    for attribute, reason in checks:
        if getattr(ip, attribute):
            return reason
    if not ip.is_global:
        return "an address that is not publicly routable"
    return None


def _resolve(host: str, port: int) -> list[str]:
    """Every address *host* resolves to (one DNS lookup)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        if sockaddr[0] not in addresses:
            addresses.append(sockaddr[0])
    return addresses


def _checked_addresses(url: str, host: str, port: int, allow_private: bool) -> list[str]:
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        try:
            addresses = _resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise SourceError(Location(url), f"cannot resolve the host name '{host}' ({exc}); "
                                             "expected a reachable http(s) URL") from None
    if not addresses:
        raise SourceError(Location(url), f"the host name '{host}' has no address")
    if not allow_private:
        for address in addresses:
            reason = refusal(address)
            if reason:
                named = host if host == address else f"{host} ({address})"
                raise SourceError(Location(url), f"refused to connect to {named}: {reason}",
                                  hint=ALLOW_HINT)
    return addresses


# --- HTTP -----------------------------------------------------------------------------------

def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT,
          max_bytes: int = MAX_BYTES, max_redirects: int = MAX_REDIRECTS,
          accept: str = "*/*") -> Fetched:
    """GET *url*, following at most *max_redirects* redirects; SourceError on any failure."""
    deadline = time.monotonic() + timeout
    current = url
    for hop in range(max_redirects + 1):
        status, headers, response, pool = _request(url, current, allow_private, deadline, accept)
        try:
            if status in _REDIRECTS and headers.get("location"):
                if hop == max_redirects:
                    raise SourceError(Location(url), f"more than {max_redirects} redirects; "
                                                     "stopped at " + current)
                current = urljoin(current, headers["location"].strip())
                continue
            if not 200 <= status < 300:
                raise SourceError(Location(url), f"the server answered HTTP {status}"
                                  + (f" for {current}" if current != url else "")
                                  + "; expected the document")
            content = _read_limited(url, response, headers, max_bytes, deadline)
        finally:
            response.close()
            pool.close()
        media, charset = _content_type(headers.get("content-type", ""))
        return Fetched(url, current, content, media, charset)
    raise AssertionError("unreachable")


def _request(original: str, url: str, allow_private: bool, deadline: float, accept: str):
    import urllib3

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        where = "" if url == original else f" (redirected to {url})"
        raise SourceError(Location(original), f"only http and https URLs can be fetched, "
                                              f"not {scheme}:{where}")
    host = parts.hostname
    if not host:
        raise SourceError(Location(original), f"{url} has no host name")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise SourceError(Location(original), f"{url} has a bad port number") from None
    addresses = _checked_addresses(url if url == original else f"{original} (redirected to {url})",
                                   host, port, allow_private)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    default_port = port == (443 if scheme == "https" else 80)
    host_header = (f"[{host}]" if ":" in host else host) + ("" if default_port else f":{port}")
    headers = {"Host": host_header, "User-Agent": USER_AGENT, "Accept": accept,
               "Accept-Encoding": "identity"}
    failure = None
    for address in addresses:          # the checked addresses, and nothing else
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        timeout = urllib3.Timeout(connect=remaining, read=remaining)
        if scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, port, timeout=timeout, retries=False, maxsize=1,
                server_hostname=host, assert_hostname=host, cert_reqs="CERT_REQUIRED")
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False,
                                              maxsize=1)
        try:
            response = pool.urlopen("GET", target, headers=headers, redirect=False,
                                    retries=False, preload_content=False, assert_same_host=False)
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            failure = exc
            continue
        headers_found = {name.lower(): value for name, value in response.headers.items()}
        return response.status, headers_found, response, pool
    reason = _describe_failure(failure) if failure else "no answer within the time limit"
    where = "" if url == original else f" (redirected to {url})"
    raise SourceError(Location(original), f"cannot fetch{where}: {reason}; expected a reachable "
                                          "http(s) URL")


def _read_limited(url: str, response, headers: dict, max_bytes: int, deadline: float) -> bytes:
    import urllib3

    too_big = f"larger than {max_bytes} bytes, the most an import reads; stopped reading"
    length = headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise SourceError(Location(url), too_big)
    chunks, total = [], 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise SourceError(Location(url), "the download took longer than the time limit")
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > max_bytes:
                raise SourceError(Location(url), too_big)
            chunks.append(chunk)
    except urllib3.exceptions.HTTPError as exc:
        raise SourceError(Location(url), f"the download broke off: {_describe_failure(exc)}") from None
    return b"".join(chunks)


def _describe_failure(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    text = str(reason)
    # urllib3 prefixes messages with the connection object's repr; keep the useful part
    return re.sub(r"^(<[^>]*>|\w*Connection(Pool)?\([^)]*\)):\s*", "", text) or type(exc).__name__


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, rest = value.partition(";")
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", rest, re.IGNORECASE)
    return media.strip().lower(), (match.group(1) if match else None)
