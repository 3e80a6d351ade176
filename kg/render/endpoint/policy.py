"""Who may do what at the endpoint: hosts served, origins that may read (CORS), requests that may write.

Plain functions of a request's headers, so each rule is tested on its own
(``tests/render/test_endpoint_policy.py``) and the gate only applies them.

* **Host** — on a loopback address only the loopback names are served
  (``localhost``, ``127.0.0.1``, ``[::1]``, and the bound address): a DNS
  rebinding page, whose own name resolves to 127.0.0.1, is refused, since its
  requests carry its name. ``--allow-host NAME`` adds names (a reverse proxy).
* **CORS** (reads only) — by default any page served from a loopback origin
  (``http://localhost:3000``, a YASGUI you run) may read; ``--cors ORIGIN``
  lists origins instead, ``--cors '*'`` allows any, ``--cors none`` none.
* **Writes** (only with ``--allow-update``) — a request carrying the token
  printed at start (``Authorization: Bearer TOKEN``) is accepted; without it,
  a request is accepted only from this endpoint's own origin: a browser
  sends ``Origin`` with every POST, and a request without one (curl, kg's own
  remote store) must use a content type no HTML form can send
  (``application/sparql-update``, ``text/turtle``), so a form auto-submitted
  by another site is refused whatever it holds.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Content types an HTML form (or a CORS "simple" request) can send without asking the server first.
SIMPLE_CONTENT_TYPES = frozenset({"", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or address, IPv6 with or without brackets) is this machine's loopback.

    >>> is_loopback("localhost"), is_loopback("[::1]"), is_loopback("127.3.4.5"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def split_host(value: str) -> str:
    """The name in a ``Host`` header or an origin's netloc, without port or brackets.

    >>> split_host("[::1]:7878"), split_host("localhost:7878"), split_host("example.org")
    ('::1', 'localhost', 'example.org')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


@dataclass(frozen=True)
class Policy:
    """The endpoint's rules, fixed at start."""

    bound_host: str
    allow_update: bool = False
    allow_service: bool = False
    #: ``("localhost",)`` (the default: loopback origins), explicit origins, ``("*",)``, or ``()`` for none.
    cors: tuple[str, ...] = ("localhost",)
    #: Extra names accepted in the ``Host`` header.
    allow_hosts: tuple[str, ...] = ()
    token: str | None = None
    max_body: int = 16 * 1024 * 1024

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether a request with this ``Host`` header is served (DNS-rebinding guard on loopback).

        >>> p = Policy("127.0.0.1")
        >>> p.host_allowed("localhost:7878"), p.host_allowed("evil.example:7878"), p.host_allowed(None)
        (True, False, False)
        >>> Policy("0.0.0.0").host_allowed("kg.example.org")
        True
        """
        if not host_header:
            return False
        name = split_host(host_header)
        if name in {split_host(h) for h in self.allow_hosts}:
            return True
        if is_loopback(self.bound_host):
            return is_loopback(name) or name == split_host(self.bound_host)
        return not self.allow_hosts or name == split_host(self.bound_host)

    def cors_origin(self, origin: str | None) -> str | None:
        """The ``Access-Control-Allow-Origin`` value for a read from ``origin``, or None (no CORS headers).

        >>> Policy("127.0.0.1").cors_origin("http://localhost:3000")
        'http://localhost:3000'
        >>> Policy("127.0.0.1").cors_origin("https://evil.example") is None
        True
        >>> Policy("127.0.0.1", cors=("*",)).cors_origin("https://a.example")
        '*'
        """
        if not origin or not self.cors:
            return None
        if "*" in self.cors:
            return "*"
        if origin in self.cors:
            return origin
        parts = urlsplit(origin)
        if "localhost" in self.cors and parts.scheme in ("http", "https") and is_loopback(parts.hostname or ""):
            return origin
        return None

    def write_refusal(self, method: str, headers: Mapping[str, str], own_origin: str) -> str | None:
        """Why a write request is refused (one line), or None when it may go through.

        >>> p = Policy("127.0.0.1", allow_update=True, token="s3cret")
        >>> p.write_refusal("POST", {"Origin": "https://evil.example",
        ...     "Content-Type": "application/x-www-form-urlencoded"}, "http://127.0.0.1:7878")
        'cross-origin write refused (Origin https://evil.example is not this endpoint)'
        >>> p.write_refusal("POST", {"Content-Type": "application/sparql-update"}, "http://127.0.0.1:7878") is None
        True
        >>> p.write_refusal("POST", {"Authorization": "Bearer s3cret", "Origin": "http://localhost:3000",
        ...     "Content-Type": "text/plain"}, "http://127.0.0.1:7878") is None
        True
        """
        if not self.allow_update:
            return "this kg endpoint is read-only: updates are refused (start it with `kg serve --allow-update`)"
        if self.token and headers.get("Authorization", "") == f"Bearer {self.token}":
            return None
        if headers.get("Authorization"):
            return "wrong update token (use the one `kg serve --allow-update` printed at start)"
        origin = headers.get("Origin")
        if origin is not None and origin != own_origin:
            return f"cross-origin write refused (Origin {origin} is not this endpoint)"
        if headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return "cross-site write refused (the browser says the request comes from another site)"
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if origin is None and method == "POST" and content_type in SIMPLE_CONTENT_TYPES:
            return (
                "a write without an Origin must be sent as application/sparql-update (or an RDF type), "
                "or carry the update token"
            )
        return None
