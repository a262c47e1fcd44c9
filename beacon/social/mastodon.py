"""The Mastodon adapter: a post goes out as a status, with its image and the image's alt text.

Channel settings (``Channel.config``): ``instance`` (https://social.example; plain HTTP and private
addresses only for hosts in ``BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS``), ``token_env`` (the
name of the environment variable holding the access token; never the token itself),
``visibility`` (public by default), ``timeout`` (seconds per request, 20) and ``media_wait``
(seconds to wait for the server to process an image, 30).

The message's ``extra`` carries the approved ``text`` (hashtags included), the Wagtail
``image_id`` with ``image_alt``, and for updates and withdrawals the ``remote_id`` of the status.

- publish: POST /api/v2/media (then GET /api/v1/media/:id while it answers 206: processing goes
  on in the background after a 202), POST /api/v1/statuses with an ``Idempotency-Key`` (Mastodon
  keeps the key an hour: a resend after a crash returns the same status, never a second one);
- update: PUT /api/v1/statuses/:id (an edit; the status keeps its address and replies);
- withdraw: DELETE /api/v1/statuses/:id (already gone counts as done).

Errors: 401, 403, 422 and other 4xx are permanent, with the server's own message; 5xx, timeouts,
refused connections and answers that are not the expected JSON are temporary; 429 is temporary
and ``RateLimited.retry_after`` says when the server allows the next try.
"""

from __future__ import annotations

import email.utils
import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from wagtail.images import get_image_model

from beacon.dissemination.adapters import (
    Message,
    PermanentError,
    Receipt,
    TemporaryError,
    reason,
    register,
)
from beacon.dissemination.models import Channel
from beacon.lib import outbound, safehttp
from beacon.lib.env import envsecret
from beacon.social.actions import record_posted
from beacon.social.images import fitted_jpeg
from beacon.social.models import SocialPost
from beacon.social.platforms import PLATFORMS

# Stored in English, translated when shown (``adapters.display_reason``).
NOT_APPROVED = reason(
    gettext_noop("Only approved social posts go to Mastodon; this delivery should have been held.")
)
IMAGE_GONE = reason(gettext_noop("The image %(image)s is no longer in the library."))
IMAGE_PROCESSING = reason(gettext_noop("The server is still processing the image."))
NO_INSTANCE = reason(gettext_noop("The channel has no Mastodon instance address."))
NOT_HTTPS = reason(gettext_noop("The Mastodon instance must be reached over HTTPS: %(url)s"))
NO_TOKEN = reason(
    gettext_noop("No access token: set the environment variable %(name)s or its _FILE.")
)
SERVER_ERROR = reason(gettext_noop("HTTP %(status)d from %(url)s"))
HTTP_STATUS = reason(gettext_noop("HTTP %(status)d: %(words)s"))
NOT_JSON = reason(gettext_noop("The answer to %(request)s is not JSON."))
NOT_JSON_OBJECT = reason(gettext_noop("The answer to %(request)s is not a JSON object."))
NO_FIELD = reason(gettext_noop("The answer has no %(name)s."))


class RateLimited(TemporaryError):
    """The server asked to slow down; ``retry_after`` is the wait in seconds it asked for."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@register
class MastodonAdapter:
    kind: ClassVar[str] = "mastodon"
    label: ClassVar[str | Promise] = _("Mastodon")
    # The outbox holds a published item's delivery here until its post draft is approved.
    holds_for_approval: ClassVar[bool] = True

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        if message.action != "withdraw" and not message.extra.get("post_id"):
            raise PermanentError(NOT_APPROVED)
        api = _Api(channel)
        remote_id = str(message.extra.get("remote_id") or "") or _posted_id(channel, message)
        if message.action == "withdraw":
            if not remote_id:
                return Receipt(detail="never posted: nothing to withdraw")
            api.call("DELETE", f"/api/v1/statuses/{remote_id}", gone_ok=True)
            return Receipt(remote_id=remote_id, detail="deleted")
        payload: dict[str, Any] = {
            "status": message.extra.get("text") or message.title,
            "language": message.language,
        }
        media_id = self._upload(api, message)
        if media_id:
            payload["media_ids"] = [media_id]
        if message.action == "update" and remote_id:
            status = api.call("PUT", f"/api/v1/statuses/{remote_id}", payload)
        else:
            payload["visibility"] = channel.config.get("visibility", "public")
            status = api.call(
                "POST",
                "/api/v1/statuses",
                payload,
                headers={"Idempotency-Key": message.idempotency_key},
            )
        status_id = _field(status, "id")
        url = str(status.get("url") or "")
        record_posted(int(message.extra["post_id"]), remote_id=status_id, url=url)
        return Receipt(remote_id=status_id, detail=url)

    def _upload(self, api: _Api, message: Message) -> str:
        image_id = message.extra.get("image_id")
        if not image_id:
            return ""
        image = get_image_model().objects.filter(pk=image_id).first()
        if image is None:
            raise PermanentError(IMAGE_GONE, image=image_id)
        data = fitted_jpeg(image, PLATFORMS["mastodon"].image_size)
        body, content_type = _multipart(
            {"description": str(message.extra.get("image_alt") or message.image_alt)},
            ("file", "image.jpg", "image/jpeg", data),
        )
        media = api.call("POST", "/api/v2/media", raw=body, headers={"Content-Type": content_type})
        media_id = _field(media, "id")
        if media.get("url"):
            return media_id
        deadline = time.monotonic() + float(api.config.get("media_wait", 30))
        while time.monotonic() < deadline:
            time.sleep(float(api.config.get("media_poll", 1)))
            answer = api.call("GET", f"/api/v1/media/{media_id}", accepted=(200, 206))
            if answer.get("url"):
                return media_id
        raise TemporaryError(IMAGE_PROCESSING)


def _posted_id(channel: Channel, message: Message) -> str:
    """The status of the item's post on this channel (a withdrawal of the page carries none)."""
    try:
        translation_key = uuid.UUID(message.item_key.removeprefix("page-"))
    except ValueError:
        return ""
    post = (
        SocialPost.objects.filter(
            channel=channel, language=message.language, page__translation_key=translation_key
        )
        .exclude(remote_id="")
        .first()
    )
    return post.remote_id if post is not None else ""


class _Api:
    def __init__(self, channel: Channel) -> None:
        self.config = channel.config
        self.base = str(channel.config.get("instance") or "").rstrip("/")
        if not self.base:
            raise PermanentError(NO_INSTANCE)
        host = (urlsplit(self.base).hostname or "").lower()
        self.allowed = settings.BEACON_DELIVERY_ALLOW_PRIVATE_HOSTS
        if not self.base.startswith("https://") and host not in self.allowed:
            # The access token travels in every request: never in clear over the Internet.
            raise PermanentError(NOT_HTTPS, url=self.base)
        token_env = str(channel.config.get("token_env") or "")
        try:
            self.token = envsecret(token_env, default="") if token_env else ""
        except ImproperlyConfigured as exc:
            raise PermanentError(str(exc)) from None
        if not self.token:
            raise PermanentError(NO_TOKEN, name=repr(token_env))

    def call(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None = None,
        *,
        raw: bytes = b"",
        headers: dict[str, str] | None = None,
        gone_ok: bool = False,
        accepted: tuple[int, ...] = (200, 202),
    ) -> dict[str, Any]:
        head = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        head["User-Agent"] = safehttp.USER_AGENT
        if payload is not None:
            raw = json.dumps(payload).encode()
            head["Content-Type"] = "application/json"
        head.update(headers or {})
        try:
            answer = outbound.send(
                method,
                self.base + path,
                headers=head,
                body=raw,
                timeout=float(self.config.get("timeout", 20)),
                allow_private_hosts=self.allowed,
            )
        except safehttp.AddressRefused as exc:
            raise PermanentError(exc.reason) from None
        except safehttp.FetchError as exc:
            raise TemporaryError(exc.reason) from None
        if gone_ok and answer.status == 404:
            return {}
        if answer.status == 429:
            raise RateLimited("HTTP 429: rate limited", _retry_after(answer.headers))
        if answer.status >= 500:
            raise TemporaryError(SERVER_ERROR, status=answer.status, url=self.base)
        if answer.status not in accepted:
            raise PermanentError(HTTP_STATUS, status=answer.status, words=_error_text(answer.body))
        if method == "DELETE":
            return {}
        try:
            data = json.loads(answer.body)
        except ValueError:
            raise TemporaryError(NOT_JSON, request=f"{method} {path}") from None
        if not isinstance(data, dict):
            raise TemporaryError(NOT_JSON_OBJECT, request=f"{method} {path}")
        return data


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str | int) or not str(value):
        raise TemporaryError(NO_FIELD, name=name)
    return str(value)


def _error_text(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200].decode("utf-8", "replace")
    if isinstance(data, dict) and data.get("error"):
        return str(data["error"])[:500]
    return body[:200].decode("utf-8", "replace")


def _retry_after(headers: dict[str, str]) -> float | None:
    """Seconds to wait: Retry-After (seconds or an HTTP date), else X-RateLimit-Reset (ISO)."""
    value = headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    when: datetime | None = None
    try:
        if value:
            when = email.utils.parsedate_to_datetime(value)
        elif headers.get("x-ratelimit-reset"):
            when = datetime.fromisoformat(headers["x-ratelimit-reset"].replace("Z", "+00:00"))
    except (TypeError, ValueError):
        when = None
    if when is None:
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _multipart(fields: dict[str, str], file: tuple[str, str, str, bytes]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    lines: list[bytes] = []
    for name, value in fields.items():
        lines += [
            f"--{boundary}".encode(),
            f'Content-Disposition: form-data; name="{name}"'.encode(),
            b"",
            value.encode(),
        ]
    field, filename, content_type, data = file
    lines += [
        f"--{boundary}".encode(),
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"'.encode(),
        f"Content-Type: {content_type}".encode(),
        b"",
        data,
        f"--{boundary}--".encode(),
        b"",
    ]
    return b"\r\n".join(lines), f"multipart/form-data; boundary={boundary}"
