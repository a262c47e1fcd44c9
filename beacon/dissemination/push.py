"""POST a signed body to a receiver, under the outbound rules of ``beacon.lib.safehttp``.

- HTTPS only; plain HTTP only to a host named in ``BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS`` (a
  receiver on the office's own network, tests on loopback), which is also the only way past the
  refusal of private, loopback and link-local addresses. The checked address is the one
  connected to (no DNS rebinding); redirects are not followed (a moved endpoint is fixed by
  hand).
- The body is signed with HMAC-SHA256 over ``"<timestamp>." + body``, sent as
  ``X-Beacon-Signature: t=<timestamp>,v1=<hex>``, so that the receiver can check who sent it
  and refuse replays outside its tolerance.
- One deadline for the whole exchange; the answer is read up to a small size.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import os
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from beacon.dissemination.adapters import PermanentError, TemporaryError
from beacon.lib import safehttp

USER_AGENT = "BeaconSyndication/0.1 (+https://github.com/beacon-city/beacon)"
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def sign(secret: bytes, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def secret_from_env(name: str) -> bytes:
    """The channel's signing secret, read from the environment variable its settings name."""
    if not name:
        raise PermanentError("The channel names no environment variable for its secret.")
    value = os.environ.get(name, "")
    if not value:
        raise PermanentError(f"The environment variable {name} (the channel's secret) is empty.")
    return value.encode()


def _allowed_private_hosts() -> frozenset[str]:
    return frozenset(
        h.lower() for h in getattr(settings, "BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS", [])
    )


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


def post(url: str, body: bytes, headers: dict[str, str], *, secret_env: str) -> Answer:
    """Send one signed POST; connection trouble and time-outs are ``TemporaryError``.

    The address is checked before the secret is read, so an endpoint that is wrong shows as
    such even while the secret is missing too.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed = host in _allowed_private_hosts()
    if parts.scheme not in ("https", "http") or not host:
        raise PermanentError(f"Not an HTTPS address: {url}")
    if parts.scheme == "http" and not allowed:
        raise PermanentError(f"Plain HTTP is refused for {host}: use HTTPS.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    timeout = float(settings.BEACON_DELIVERY_TIMEOUT)
    deadline = time.monotonic() + timeout
    try:
        address = safehttp.resolve(host, port, allow_private=allowed)
    except safehttp.AddressRefused as exc:
        raise PermanentError(exc.reason) from None
    except safehttp.FetchError as exc:
        raise TemporaryError(exc.reason) from None
    secret = secret_from_env(secret_env)
    cls = _PinnedTLS if parts.scheme == "https" else _Pinned
    connection = cls(host, port, address, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    stamp = int(time.time())
    sent = {
        **headers,
        "User-Agent": USER_AGENT,
        "Content-Length": str(len(body)),
        "X-Beacon-Signature": sign(secret, body, stamp),
    }
    try:
        connection.request("POST", path, body=body, headers=sent)
        answer = connection.getresponse()
        if connection.sock is not None:
            connection.sock.settimeout(max(0.01, deadline - time.monotonic()))
        data = answer.read(MAX_ANSWER_BYTES)
    except TimeoutError:
        raise TemporaryError(f"No answer from {host} within {timeout:g} s.") from None
    except (OSError, http.client.HTTPException) as exc:
        raise TemporaryError(f"Connection to {host} failed: {exc}") from None
    finally:
        connection.close()
    content_type = (answer.getheader("Content-Type") or "").split(";")[0].strip().lower()
    return Answer(answer.status, content_type, data)
