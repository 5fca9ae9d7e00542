"""Who is asking: the reader's address behind our own proxies, and the unit rate limits count.

Project layer: the apps, the burst limit, the CSP report budget and django-axes
(AXES_CLIENT_IP_CALLABLE) all read the address here, so they can never disagree.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _is_trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The reader's address: REMOTE_ADDR, or, when that is one of TRUSTED_PROXIES, the
    right-most address in X-Forwarded-For that is not a trusted proxy (a reader can put
    anything at the left of that header, so only what our own proxies appended counts)."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    try:
        if remote is None or not _is_trusted(ipaddress.ip_address(remote), networks):
            return remote
    except ValueError:
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed([hop.strip() for hop in hops if hop.strip()]):
        try:
            address = ipaddress.ip_address(hop)
        except ValueError:
            break  # a malformed hop: trust nothing further left
        if not _is_trusted(address, networks):
            return str(address)
    return remote


def ip_block(ip: str | None) -> str:
    """The unit rate limits count: an IPv4 address, or the /64 network of an IPv6 one (one
    subscriber usually holds a whole /64, and can pick a new address in it at will)."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 6:
        if address.ipv4_mapped is not None:  # ::ffff:203.0.113.7 is an IPv4 reader
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_block(request) -> str:
    """The requesting reader's rate-limit unit ("unknown" when there is no address)."""
    return ip_block(client_ip(request)) or "unknown"


def from_trusted_proxy(request) -> bool:
    """Whether the request came straight from one of TRUSTED_PROXIES (its REMOTE_ADDR)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return _is_trusted(address, _networks(tuple(settings.TRUSTED_PROXIES)))
