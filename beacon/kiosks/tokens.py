"""Device tokens: who is asking for a playlist, looked up by hash and remembered briefly.

Kiosks poll every few seconds, so each web worker keeps the answer for a token a few seconds
(``TOKEN_TTL``) instead of asking the database each time; a revoked token is refused at once in
the worker that revoked it and within ``TOKEN_TTL`` seconds in the others.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from beacon.kiosks.models import Kiosk, hash_token

TOKEN_TTL = 5.0
_MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class Device:
    kiosk_id: int
    group_id: int
    revoked: bool


_seen: dict[str, tuple[float, Device | None]] = {}


def bearer_token(authorization: str) -> str:
    scheme, _space, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def device_for(token: str) -> Device | None:
    """The kiosk holding this token (possibly revoked), or None for a token nobody holds."""
    if not token or len(token) > 200:
        return None
    now = time.monotonic()
    hit = _seen.get(token)
    if hit is not None and hit[0] > now:
        return hit[1]
    row = (
        Kiosk.objects.filter(token_hash=hash_token(token))
        .values_list("pk", "group_id", "token_revoked_at")
        .first()
    )
    device = Device(row[0], row[1], row[2] is not None) if row else None
    if len(_seen) >= _MAX_ENTRIES:
        _seen.clear()
    _seen[token] = (now + TOKEN_TTL, device)
    return device


def forget_all() -> None:
    """Drop this worker's remembered tokens (after one was issued or revoked here)."""
    _seen.clear()
