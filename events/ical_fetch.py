"""Fetching a calendar by its address, without letting the address reach
inside the province's network (SSRF).

Only http and https (webcal is https), no user name or password in the
address. The host is resolved once and every address it resolves to must be
a public one: private, loopback, link-local (169.254.169.254, the cloud
metadata service), shared, reserved, multicast and unspecified addresses
are refused. The connection is then made to the address that was checked,
never resolved again (so a DNS answer changed between the check and the
connection cannot reach another host); TLS still checks the certificate
against the host name. Redirects are followed by hand, each new address
checked the same way. A time limit covers the whole fetch and the body is
cut at the size limit.

`CALENDAR_IMPORT_ALLOWED_NETWORKS` (a setting, empty in production) lists
networks allowed despite the rule above: the tests allow 127.0.0.1/32 to
fetch from a server of their own, and nothing else.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from .ical_reader import MAX_BYTES, too_large_message

TIMEOUT_SECONDS = 20
MAX_REDIRECTS = 5
USER_AGENT = "AgendaLampung-calendar-import/1.0"


class FetchError(Exception):
    """The calendar could not be fetched; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def fetch(url: str) -> bytes:
    """The body of the calendar at `url`, at most MAX_BYTES."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_url(url)
        status, location, body = _get(target, deadline)
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise FetchError(
                _("The calendar's server answered with status %(status)s.")
                % {"status": status}
            )
        return body
    raise FetchError(_("The calendar's address redirects too many times."))


def check_url(url: str) -> Target:
    """The address split and its host resolved to one checked address;
    FetchError for any address that may not be fetched."""
    scheme, host, port, path = parse_url(url)
    return Target(scheme, host, port, path, resolve(host, port))


def parse_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path) of an address that may be fetched, as far
    as can be told without resolving its host: FetchError otherwise."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchError(_("The calendar's address is not valid.")) from error
    scheme = parts.scheme.lower()
    if scheme == "webcal":
        scheme = "https"
    if not scheme:
        raise FetchError(
            _("Give the calendar's whole address, beginning with https://.")
        )
    if scheme not in ("http", "https"):
        raise FetchError(
            _("Only http, https and webcal addresses can be read, not “%(scheme)s”.")
            % {"scheme": parts.scheme[:20]}
        )
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchError(
            _("The address may not hold a user name or password: use a public link.")
        )
    host = parts.hostname or ""
    if not host:
        raise FetchError(_("The calendar's address is not valid."))
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None and not is_allowed(str(literal)):
        raise FetchError(_private_message(host))
    port = port or (443 if scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return scheme, host, port, path


def _private_message(host: str) -> str:
    return _(
        "The address “%(host)s” points inside a private network; "
        "only calendars on the public internet can be read."
    ) % {"host": host[:100]}


def resolve(host: str, port: int) -> str:
    """The first address of `host`, once every address it has is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(
            _("The calendar's server “%(host)s” could not be found.") % {"host": host}
        ) from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(
            _("The calendar's server “%(host)s” could not be found.") % {"host": host}
        )
    for address in addresses:
        if not is_allowed(address):
            raise FetchError(_private_message(host))
    return addresses[0]


def is_allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for network in getattr(settings, "CALENDAR_IMPORT_ALLOWED_NETWORKS", ()):
        if ip in ipaddress.ip_network(network):
            return True
    return (
        ip.is_global
        and not ip.is_multicast
        and not ip.is_private
        and not ip.is_loopback
        and not ip.is_link_local
        and not ip.is_reserved
        and not ip.is_unspecified
    )


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header keeps the name."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = target.address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host,
            target.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
        self.address = target.address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _get(target: Target, deadline: float) -> tuple[int, str, bytes]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(_timeout_message())
    connection_class = (
        _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(target, timeout=min(remaining, TIMEOUT_SECONDS))
    try:
        connection.request(
            "GET",
            target.path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/calendar, */*;q=0.5",
                "Accept-Encoding": "identity",
            },
        )
        response = connection.getresponse()
        location = response.getheader("Location", "") or ""
        length = response.getheader("Content-Length", "")
        if length.isdigit() and int(length) > MAX_BYTES:
            raise FetchError(too_large_message())
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(_timeout_message())
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                raise FetchError(too_large_message())
            chunks.append(chunk)
        return response.status, location, b"".join(chunks)
    except TimeoutError as error:
        raise FetchError(_timeout_message()) from error
    except (OSError, http.client.HTTPException) as error:
        raise FetchError(
            _("The calendar's server could not be reached (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    finally:
        connection.close()


def _timeout_message() -> str:
    return _("The calendar's server did not answer within %(seconds)s seconds.") % {
        "seconds": TIMEOUT_SECONDS
    }
