"""Push to the national external-information portal and to partners: ninjs or Atom over HTTPS.

Channel settings: ``{"endpoint": "https://…", "secret_env": "NAME_OF_THE_ENV_VAR"}``. Every
attempt of one delivery carries the same ``Idempotency-Key`` and the item's stable id, so a
receiver that got it before (a worker died before recording the answer) keeps one copy.

The answer decides what happens next: 2xx with a JSON body is an acknowledgement (its ``id`` or
``uri`` is recorded); 408, 429, 5xx, time-outs and anything unreadable are temporary (retried
with backoff); any other status is permanent (the delivery is dead, with the status and the
receiver's words as its reason).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from beacon.dissemination import atom, ninjs, push
from beacon.dissemination.adapters import (
    Message,
    PermanentError,
    Receipt,
    TemporaryError,
    reason,
    register,
)
from beacon.dissemination.models import Channel

_TEMPORARY_STATUSES = {408, 425, 429}


def _headers(message: Message, content_type: str) -> dict[str, str]:
    return {
        "Content-Type": content_type,
        "Accept": "application/json",
        "Idempotency-Key": message.idempotency_key,
        "X-Beacon-Item": ninjs.item_uri(message),
        "X-Beacon-Action": message.action,
        "X-Beacon-Version": str(message.version),
    }


HTTP_STATUS = reason(gettext_noop("HTTP %(status)d: %(words)s"))
NOT_JSON = reason(gettext_noop("HTTP %(status)d but the answer is not JSON: %(words)s"))
NOT_JSON_OBJECT = reason(gettext_noop("HTTP %(status)d but the answer is not a JSON object."))
NO_ENDPOINT = reason(gettext_noop("The channel has no endpoint."))


def read_answer(answer: push.Answer) -> Receipt:
    """Turn the receiver's answer into a receipt, or the right kind of error."""
    words = answer.body[:300].decode("utf-8", "replace").strip()
    if answer.status in _TEMPORARY_STATUSES or answer.status >= 500:
        raise TemporaryError(HTTP_STATUS, status=answer.status, words=words)
    if not 200 <= answer.status < 300:
        raise PermanentError(HTTP_STATUS, status=answer.status, words=words)
    try:
        data: Any = json.loads(answer.body)
    except ValueError:
        raise TemporaryError(NOT_JSON, status=answer.status, words=repr(words)) from None
    if not isinstance(data, dict):
        raise TemporaryError(NOT_JSON_OBJECT, status=answer.status)
    remote_id = str(data.get("id") or data.get("uri") or "")[:300]
    return Receipt(remote_id=remote_id, detail=str(data.get("status", ""))[:300], acknowledged=True)


class _Push:
    kind: ClassVar[str]
    label: ClassVar[str | Promise]
    content_type: ClassVar[str]

    def body(self, message: Message) -> bytes:
        raise NotImplementedError

    def deliver(self, channel: Channel, message: Message) -> Receipt:
        endpoint = str(channel.config.get("endpoint", ""))
        if not endpoint:
            raise PermanentError(NO_ENDPOINT)
        answer = push.post(
            endpoint,
            self.body(message),
            _headers(message, self.content_type),
            secret_env=str(channel.config.get("secret_env", "")),
        )
        return read_answer(answer)


@register
class NinjsPush(_Push):
    kind: ClassVar[str] = "ninjs"
    label: ClassVar[str | Promise] = _("IPTC ninjs push (national portal, partners)")
    content_type = "application/json"

    def body(self, message: Message) -> bytes:
        return json.dumps(ninjs.document(message), ensure_ascii=False).encode()


@register
class AtomPush(_Push):
    kind: ClassVar[str] = "atom"
    label: ClassVar[str | Promise] = _("Atom push (partners)")
    content_type = "application/atom+xml"

    def body(self, message: Message) -> bytes:
        return atom.entry_document(message, message.published_at or timezone.now())
