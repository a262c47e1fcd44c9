"""Fetching URLs from outside without becoming a way into the office's own network.

Framework-free, so that any app (monitoring, embeds, syndication checks) can use it. Guards:

- The host name is resolved once; every resolved address is checked (private, loopback,
  link-local, multicast, reserved, unspecified, and IPv4 mapped into IPv6) and the connection is
  made to the checked address itself, so DNS cannot answer differently between check and connect
  (no rebinding window). TLS still verifies the certificate against the host name (SNI).
- Redirects are followed by hand, each hop checked again, at most ``max_redirects``.
- Hosts that may resolve to private addresses are named explicitly in ``allow_private_hosts``
  (a source on the office's own network; tests on loopback).
- The body is counted after decompression, so a small gzip bomb stops at ``max_bytes``; the whole
  exchange (every hop) shares one deadline.
- Conditional GET (ETag, Last-Modified), an identifying User-Agent, robots.txt, and a minimum
  interval between two requests to one host.
- The text is decoded with a byte-order mark, else the charset of the header, else of the
  document, else detected.
- A reason is an English template with named parameters (``FetchError.message`` and
  ``.params``), so that an app can store it and show it translated; ``reason`` is the English.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import SplitResult, urljoin, urlsplit

import charset_normalizer

USER_AGENT = "BeaconMonitor/0.1 (+https://github.com/beacon-city/beacon; city media monitoring)"
_CHUNK = 64 * 1024
_REDIRECTS = {301, 302, 303, 307, 308}


def gettext_noop(message: str) -> str:
    """Mark a reason for the catalogues (``makemessages`` reads this name) without Django."""
    return message


class FetchError(Exception):
    """A fetch that did not give a usable answer; ``reason`` is short and shown to people.

    ``message`` is the template (a msgid of the catalogues when marked with ``gettext_noop``)
    and ``params`` its values, kept apart so that the reason can be shown translated later.
    """

    def __init__(self, message: str, **params: str | int | float) -> None:
        self.message = message
        self.params = params
        self.reason = message % params if params else message
        super().__init__(self.reason)


class AddressRefused(FetchError):
    """The host resolves to an address Beacon must not reach."""


class TooLarge(FetchError):
    """The decoded body passed the size limit."""


class TimedOut(FetchError):
    """The exchange took longer than the time limit."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, code: int, **params: str | int | float) -> None:
        super().__init__(message, **params)
        self.status = code


class RobotsDisallowed(FetchError):
    """The site's robots.txt asks robots like Beacon's to stay away from this URL."""


@dataclass(frozen=True)
class Limits:
    """How far one fetch may go."""

    max_bytes: int = 5 * 1024 * 1024
    timeout: float = 20.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    min_interval: float = 1.0
    obey_robots: bool = True


@dataclass
class Response:
    """What came back: the final URL after redirects, the status and the decoded body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self) -> str:
        return decode(self.body, self.headers.get("content-type", ""))


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-.]+)""", re.IGNORECASE)


# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# "<?" without a mark, as XML's appendix F sniffs it.
_WIDE_STARTS = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
# Text codecs that no document is written in, and whose decoders are slow on large input.
_NOT_DOCUMENT_CODECS = {"idna", "punycode", "undefined"}


def _codec(name: str) -> str | None:
    """The codec for a declared name, or None: unknown names and non-text codecs are ignored."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT_CODECS:
        return None
    return info.name


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, codec in _BOMS:
        if body.startswith(mark):
            return codec, len(mark)
    return None


def decode(body: bytes, content_type: str = "") -> str:
    """Decode a body to text, whatever it declares.

    In order: a byte-order mark; the charset of the header; the document's own declaration
    (XML, then HTML meta); "<?" in UTF-16 without a mark; UTF-8; detection. A declared name
    that is unknown or does not decode the body is passed over. A wide (UTF-16/32) name is
    believed only when the bytes are wide: a document that starts in ASCII and says
    ``encoding="utf-16"`` was re-encoded on the way and declares its old encoding.
    """
    marked = _bom(body)
    if marked:
        return body[marked[1] :].decode(marked[0], "replace")
    match = re.search(r"charset=([^\s;]+)", content_type, re.IGNORECASE)
    declared = [match.group(1).strip("\"'")] if match else []
    head = body[:2048]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found:
            declared.append(found.group(1).decode("ascii", "ignore"))
    wide = b"\x00" in body[:4]
    for name in declared:
        codec = _codec(name)
        if codec is None or (codec.startswith(("utf-16", "utf-32")) and not wide):
            continue
        try:
            return body.decode(codec)
        except (UnicodeError, ValueError):
            continue
    for start, codec in _WIDE_STARTS:
        if body.startswith(start):
            return body.decode(codec, "replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        best = charset_normalizer.from_bytes(body[:200_000]).best()
        codec = _codec(best.encoding) if best is not None else None
        return body.decode(codec or "utf-8", "replace")


# Special-purpose blocks (IANA's IPv4 and IPv6 Special-Purpose Address Registries, and the
# multicast and deprecated blocks) that ``ipaddress.is_global`` of Python 3.11 still calls global.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(block)
    for block in (
        "192.0.0.0/24",  # IETF protocol assignments (3.11 knows only parts of it)
        "192.88.99.0/24",  # 6to4 relay anycast, deprecated (RFC 7526)
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation (RFC 8215)
        "100:0:0:1::/64",  # dummy IPv6 prefix (RFC 9780)
        "2001::/23",  # IETF protocol assignments: Teredo, benchmarking, ORCHID, anycast services
        "3fff::/20",  # documentation (RFC 9637)
        "5f00::/16",  # segment routing SIDs (RFC 9602)
        "fec0::/10",  # site-local, deprecated (RFC 3879) but still routed inside some networks
    )
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: str) -> bool:
    """True when the address is an ordinary public unicast address.

    ``ipaddress.is_global`` plus the special-purpose blocks it misses; an IPv6 address that
    carries an IPv4 one (mapped, 6to4, NAT64) is judged by the IPv4 address it leads to.
    """
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif ip.sixtofour is not None:
            ip = ip.sixtofour
        elif ip in _NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
        or any(ip in block for block in _NOT_PUBLIC)
    )


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve a host and return one address Beacon may connect to, or refuse.

    Every address the name resolves to is checked: a name that mixes public and private answers
    is refused whole, since which one a later lookup returns is the attacker's choice.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(
            gettext_noop("cannot resolve %(host)s: %(error)s"), host=host, error=str(exc.strerror)
        ) from None
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise FetchError(gettext_noop("cannot resolve %(host)s"), host=host)
    if not allow_private:
        for address in addresses:
            if not is_public_address(address):
                raise AddressRefused(
                    gettext_noop("%(host)s resolves to a non-public address (%(address)s)"),
                    host=host,
                    address=address,
                )
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever DNS says now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is verified for the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


class Limiter(Protocol):
    def wait(self, host: str, interval: float, deadline: float) -> None: ...


class RateLimiter:
    """At least ``interval`` seconds between two requests to one host, within this process.

    Several worker processes share a limit through another ``Limiter`` (the monitor passes one
    kept in the shared cache).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, host: str, interval: float, deadline: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + interval
        delay = start - time.monotonic()
        if delay > 0:
            if time.monotonic() + delay > deadline:
                raise TimedOut(
                    gettext_noop("rate limit for %(host)s leaves no time to fetch"), host=host
                )
            time.sleep(delay)


class RobotsCache:
    """robots.txt per site, fetched through the same guards and kept for ``ttl`` seconds."""

    def __init__(self, ttl: float = 3600.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._parsers: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}

    def allowed(self, url: str, client: Client) -> bool:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            cached = self._parsers.get(site)
        if cached is None or cached[0] < time.monotonic():
            parser = urllib.robotparser.RobotFileParser()
            try:
                answer = client.get(f"{site}/robots.txt", robots=False)
                lines = answer.text().splitlines()
            except HTTPStatusError as exc:
                # 4xx: no robots.txt, everything allowed; 5xx: the site is unwell, stay away.
                lines = [] if exc.status < 500 else ["User-agent: *", "Disallow: /"]
            except FetchError:
                lines = []
            parser.parse(lines)
            cached = (time.monotonic() + self.ttl, parser)
            with self._lock:
                self._parsers[site] = cached
        return cached[1].can_fetch(client.limits.user_agent, url)


def _effective_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _check_private_redirect(current: str, target: str, allowed: frozenset[str]) -> None:
    """A redirect to a host allowed on a private address keeps the port it was reached on.

    The allowance names a host, meaning one service on the office's network; a redirect to
    another port of it (an admin console, a database) would reach a service nobody allowed.
    Going from http to https on their default ports is the one change of port kept.
    """
    before, after = urlsplit(current), urlsplit(target)
    host = (after.hostname or "").lower()
    if host not in allowed:
        return
    same_host = (before.hostname or "").lower() == host
    port_before, port_after = _effective_port(before), _effective_port(after)
    upgrade = (before.scheme, port_before, after.scheme, port_after) == ("http", 80, "https", 443)
    if not same_host or (port_before != port_after and not upgrade):
        raise AddressRefused(f"redirect from {current} to {target} refused: a private host")


def _decoder(encoding: str) -> zlib._Decompress | None:  # type: ignore[name-defined]
    encoding = encoding.strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS)
    return None


class Client:
    """A fetcher with its limits, its host allow-list, its rate limiter and robots cache.

    One client per process is enough; it is thread-safe.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        allow_private_hosts: Collection[str] = (),
        rate: Limiter | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self.allow_private_hosts = frozenset(host.lower() for host in allow_private_hosts)
        self.rate = rate or RateLimiter()
        self.robots = RobotsCache()

    def get(
        self,
        url: str,
        *,
        etag: str = "",
        last_modified: str = "",
        robots: bool = True,
        allow_private_hosts: Collection[str] = (),
    ) -> Response:
        """GET a URL under every guard; 304 gives ``not_modified=True`` and an empty body."""
        deadline = time.monotonic() + self.limits.timeout
        allowed = self.allow_private_hosts | {host.lower() for host in allow_private_hosts}
        redirects: list[str] = []
        current = url
        for _hop in range(self.limits.max_redirects + 1):
            if robots and self.limits.obey_robots and not self.robots.allowed(current, self):
                raise RobotsDisallowed(gettext_noop("robots.txt disallows %(url)s"), url=current)
            status, headers, body = self._exchange(current, etag, last_modified, deadline, allowed)
            if status in _REDIRECTS and headers.get("location"):
                redirects.append(current)
                target = urljoin(current, headers["location"])
                _check_private_redirect(current, target, allowed)
                current = target
                etag = last_modified = ""
                continue
            if status == 304:
                return Response(current, status, headers, b"", True, redirects)
            if status >= 400:
                raise HTTPStatusError(
                    gettext_noop("HTTP %(status)s from %(url)s"), status, status=status, url=current
                )
            return Response(current, status, headers, body, False, redirects)
        raise FetchError(
            gettext_noop("more than %(count)s redirects from %(url)s"),
            count=self.limits.max_redirects,
            url=url,
        )

    def _exchange(
        self, url: str, etag: str, last_modified: str, deadline: float, allowed: frozenset[str]
    ) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(gettext_noop("not an http(s) URL: %(url)s"), url=url)
        host = parts.hostname.lower()
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = resolve(host, port, allow_private=host in allowed)
        self.rate.wait(host, self.limits.min_interval, deadline)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out(host)
        cls = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = cls(host, port, address, remaining)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        headers = {
            "User-Agent": self.limits.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "*/*",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            connection.request("GET", path, headers=headers)
            sock = connection.sock
            answer = connection.getresponse()
            head = {name.lower(): value for name, value in answer.getheaders()}
            body = self._read(sock, answer, head.get("content-encoding", ""), deadline, host)
        except TimeoutError:
            raise self._timed_out(host) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(
                gettext_noop("connection to %(host)s failed: %(error)s"), host=host, error=str(exc)
            ) from None
        finally:
            connection.close()
        return answer.status, head, body

    def _timed_out(self, host: str) -> TimedOut:
        return TimedOut(
            gettext_noop("no answer from %(host)s within %(seconds)s s"),
            host=host,
            seconds=f"{self.limits.timeout:g}",
        )

    def _too_large(self, host: str) -> TooLarge:
        return TooLarge(
            gettext_noop("body from %(host)s is larger than %(limit)s bytes"),
            host=host,
            limit=self.limits.max_bytes,
        )

    def _read(
        self,
        sock: socket.socket | None,
        answer: http.client.HTTPResponse,
        encoding: str,
        deadline: float,
        host: str,
    ) -> bytes:
        """Read the body chunk by chunk, decompressing as it comes, within size and time."""
        limit = self.limits.max_bytes
        decoder = _decoder(encoding)
        parts: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() > deadline:
                raise TimedOut(
                    gettext_noop("%(host)s was still sending after %(seconds)s s"),
                    host=host,
                    seconds=f"{self.limits.timeout:g}",
                )
            if sock is not None:
                # Each read may wait only for what is left of the one deadline (slow drip).
                sock.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = answer.read1(_CHUNK)
            if not chunk:
                break
            if decoder is not None:
                # Never inflate more than one byte past the limit, whatever the ratio.
                chunk = decoder.decompress(chunk, limit + 1 - size)
            size += len(chunk)
            if size > limit:
                raise self._too_large(host)
            parts.append(chunk)
        if decoder is not None:
            tail = decoder.flush()
            size += len(tail)
            if size > limit:
                raise self._too_large(host)
            parts.append(tail)
        return b"".join(parts)
