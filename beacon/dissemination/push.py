"""POST a signed body to a receiver, under the outbound rules of ``beacon.lib.safehttp``.

- HTTPS only; plain HTTP only to a host named in ``BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS`` (a
  receiver on the office's own network, tests on loopback), which is also the only way past the
  refusal of private, loopback and link-local addresses. The checked address is the one
  connected to (no DNS rebinding); redirects are not followed (a moved endpoint is fixed by
  hand).
- The body is signed with HMAC-SHA256 over ``"<timestamp>." + body``, sent as
  ``X-Beacon-Signature: t=<timestamp>,v1=<hex>``, so that the receiver can check who sent it
  and refuse replays outside its tolerance.
- The request itself goes through ``beacon.lib.outbound`` (one deadline, a capped answer).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

from beacon.dissemination.adapters import PermanentError, TemporaryError, reason
from beacon.lib import outbound, safehttp
from beacon.lib.env import envsecret

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


NO_SECRET_NAME = reason(gettext_noop("The channel names no environment variable for its secret."))
SECRET_UNSET = reason(
    gettext_noop(
        "The environment variable %(name)s or %(name)s_FILE (the channel's secret) is not set."
    )
)
NOT_HTTPS = reason(gettext_noop("Not an HTTPS address: %(url)s"))
PLAIN_HTTP = reason(gettext_noop("Plain HTTP is refused for %(host)s: use HTTPS."))


def secret_from_env(name: str) -> bytes:
    """The channel's signing secret: the variable its settings name, or the file NAME_FILE names.

    Read through the settings' own reader, so a secret mounted as a file works here as it does
    for the site's key.
    """
    if not name:
        raise PermanentError(NO_SECRET_NAME)
    try:
        value = envsecret(name, default="")
    except ImproperlyConfigured as exc:
        raise PermanentError(str(exc)) from None
    if not value:
        raise PermanentError(SECRET_UNSET, name=name)
    return value.encode()


def _allowed_private_hosts() -> frozenset[str]:
    return frozenset(
        h.lower() for h in getattr(settings, "BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS", [])
    )


def post(url: str, body: bytes, headers: dict[str, str], *, secret_env: str) -> Answer:
    """Send one signed POST; connection trouble and time-outs are ``TemporaryError``.

    The address is checked before the secret is read, so an endpoint that is wrong shows as
    such even while the secret is missing too.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    allowed = host in _allowed_private_hosts()
    if parts.scheme not in ("https", "http") or not host:
        raise PermanentError(NOT_HTTPS, url=url)
    if parts.scheme == "http" and not allowed:
        raise PermanentError(PLAIN_HTTP, host=host)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = safehttp.resolve(host, port, allow_private=allowed)
    except safehttp.AddressRefused as exc:
        raise PermanentError(exc.reason) from None
    except safehttp.FetchError as exc:
        raise TemporaryError(exc.reason) from None
    secret = secret_from_env(secret_env)
    stamp = int(time.time())
    sent = {
        **headers,
        "User-Agent": USER_AGENT,
        "Content-Length": str(len(body)),
        "X-Beacon-Signature": sign(secret, body, stamp),
    }
    try:
        answer = outbound.send(
            "POST",
            url,
            headers=sent,
            body=body,
            timeout=float(settings.BEACON_DELIVERY_TIMEOUT),
            address=address,
            max_answer=MAX_ANSWER_BYTES,
        )
    except safehttp.FetchError as exc:
        raise TemporaryError(exc.reason) from None
    content_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    return Answer(answer.status, content_type, answer.body)
