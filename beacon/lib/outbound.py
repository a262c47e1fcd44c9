"""Sending to a receiver or a platform's API under the outbound rules of ``beacon.lib.safehttp``.

``safehttp.Client`` only fetches (GET); the outbox's pushes and social APIs also need POST, PUT
and DELETE. The same guards
apply: the host is resolved once and every address checked (private, loopback… refused unless
the host is in ``BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS``), the connection goes to the checked address
(no DNS rebinding), TLS verifies the host name, one deadline for the whole exchange and a cap on
the answer's size. No redirects are followed: an API that redirects a POST is misconfigured.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from beacon.lib import safehttp

MAX_ANSWER = 1024 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def send(
    method: str,
    url: str,
    *,
    headers: dict[str, str],
    body: bytes = b"",
    timeout: float,
    allow_private_hosts: Collection[str] = (),
    address: str = "",
    max_answer: int = MAX_ANSWER,
) -> Answer:
    """One request; raises ``safehttp.FetchError`` (or a subclass) when no answer came back.

    ``address`` is the host's address when the caller has already resolved and checked it
    with ``safehttp.resolve``.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise safehttp.FetchError(f"not an http(s) URL: {url}")
    host = parts.hostname.lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    allowed = {name.lower() for name in allow_private_hosts}
    address = address or safehttp.resolve(host, port, allow_private=host in allowed)
    deadline = time.monotonic() + timeout
    cls = _PinnedTLS if parts.scheme == "https" else _Pinned
    connection = cls(host, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, path, body=body or None, headers=headers)
        answer = connection.getresponse()
        head = {name.lower(): value for name, value in answer.getheaders()}
        data = _read(connection, answer, deadline, host, max_answer)
    except TimeoutError:
        raise safehttp.TimedOut(f"No answer from {host} within {timeout:g} s.") from None
    except (OSError, http.client.HTTPException) as exc:
        raise safehttp.FetchError(f"Connection to {host} failed: {exc}") from None
    finally:
        connection.close()
    return Answer(answer.status, head, data)


def _read(
    connection: http.client.HTTPConnection,
    answer: http.client.HTTPResponse,
    deadline: float,
    host: str,
    max_answer: int,
) -> bytes:
    parts: list[bytes] = []
    size = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise safehttp.TimedOut(f"{host} was still sending at the deadline")
        if connection.sock is not None:
            connection.sock.settimeout(remaining)
        chunk = answer.read1(64 * 1024)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > max_answer:
            raise safehttp.TooLarge(f"answer from {host} is larger than {max_answer} bytes")
        parts.append(chunk)
