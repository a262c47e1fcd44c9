"""The kiosk's two endpoints: its playlist (with ETag revalidation) and its heartbeat.

Both are answered by ``KioskApiMiddleware`` before sessions, CSRF and authentication run: a
kiosk carries a bearer token, never a cookie. A poll whose ETag still matches costs no database
query at all in the common case (token and group schedule are remembered for a few seconds).
"""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from beacon.kiosks import adapter, playlist, tokens
from beacon.kiosks.models import Kiosk
from beacon.kiosks.playlist import Schedule

SCHEDULE_TTL = 1.0
MAX_HEARTBEAT_BYTES = 16_384
MAX_ERRORS_KEPT = 20

_schedules: dict[int, tuple[float, Schedule]] = {}


def cached_schedule(group_id: int) -> Schedule:
    """The group's schedule, read again at most once a second per worker."""
    now = time.monotonic()
    hit = _schedules.get(group_id)
    if hit is not None and hit[0] > now:
        return hit[1]
    schedule = playlist.load_schedule(group_id)
    _schedules[group_id] = (now + SCHEDULE_TTL, schedule)
    return schedule


def forget_cached() -> None:
    """Drop this worker's remembered tokens and schedules (tests; a shell after a fix)."""
    _schedules.clear()
    tokens.forget_all()


def _refuse(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": code, "message": message}, status=status)
    response["Cache-Control"] = "no-store"
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kiosk"'
    return response


def _device(request: HttpRequest) -> tokens.Device | JsonResponse:
    token = tokens.bearer_token(request.META.get("HTTP_AUTHORIZATION", ""))
    if not token:
        return _refuse(401, "no_token", _("This kiosk has no device token."))
    device = tokens.device_for(token)
    if device is None:
        return _refuse(401, "unknown_token", _("This kiosk is not registered."))
    if device.revoked:
        return _refuse(
            401, "revoked_token", _("This kiosk's device token was revoked; register it again.")
        )
    return device


def playlist_view(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return _refuse(405, "method", _("Use GET."))
    device = _device(request)
    if isinstance(device, JsonResponse):
        return device
    now = timezone.now()
    tag = playlist.etag(device.kiosk_id, cached_schedule(device.group_id), now)
    headers = {"ETag": tag, "Cache-Control": "private, no-cache", "Vary": "Authorization"}
    if tag in request.META.get("HTTP_IF_NONE_MATCH", ""):
        return HttpResponse(status=304, headers=headers)
    kiosk = Kiosk.objects.select_related("group").get(pk=device.kiosk_id)
    data = playlist.build_playlist(kiosk, now)
    adapter.acknowledge_fetched(kiosk, playlist.slide_ids_in(data))
    return JsonResponse(data, headers=headers, json_dumps_params={"ensure_ascii": False})


def _text(value: Any, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def _parse_heartbeat(body: bytes) -> dict[str, Any]:
    """The fields of a heartbeat, or ValueError with what is wrong."""
    if len(body) > MAX_HEARTBEAT_BYTES:
        raise ValueError(_("The heartbeat is too large."))
    try:
        data = json.loads(body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(_("The heartbeat is not JSON.")) from None
    if not isinstance(data, dict):
        raise ValueError(_("The heartbeat must be a JSON object."))
    errors = data.get("errors") or []
    if not isinstance(errors, list):
        raise ValueError(_("'errors' must be a list."))
    since = data.get("online_since")
    online_since: datetime | None = None
    if since:
        try:
            online_since = datetime.fromisoformat(str(since).replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(_("'online_since' is not a date and time.")) from None
        if timezone.is_naive(online_since):
            raise ValueError(_("'online_since' needs a time zone."))
    return {
        "version": _text(data.get("version"), 40),
        "slide": _text(data.get("slide"), 200),
        "errors": [_text(error, 300) for error in errors[-MAX_ERRORS_KEPT:] if _text(error, 300)],
        "online_since": online_since,
    }


@csrf_exempt
def heartbeat_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _refuse(405, "method", _("Use POST."))
    device = _device(request)
    if isinstance(device, JsonResponse):
        return device
    try:
        beat = _parse_heartbeat(request.body)
    except ValueError as exc:
        return _refuse(400, "bad_heartbeat", str(exc))
    now = timezone.now()
    kiosk = Kiosk.objects.only("last_errors").get(pk=device.kiosk_id)
    stamped = [f"{now:%Y-%m-%d %H:%M:%S} {error}" for error in beat["errors"]]
    Kiosk.objects.filter(pk=device.kiosk_id).update(
        last_heartbeat_at=now,
        app_version=beat["version"],
        current_slide=beat["slide"],
        online_since=beat["online_since"] or now,
        last_errors=([*kiosk.last_errors, *stamped])[-MAX_ERRORS_KEPT:],
        offline_alerted_at=None,
    )
    return JsonResponse({"ok": True, "server_time": now.isoformat()})
