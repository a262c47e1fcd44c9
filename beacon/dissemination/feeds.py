"""Pull feeds for partners that poll: the items of one ``feed`` channel as ninjs JSON or Atom.

A partner authenticates with its token (``Authorization: Bearer …``, or ``?token=`` for feed
readers that cannot send headers); a revoked or unknown token gets 401, and the feed of another
channel 404. Each item appears once, in its latest version (a withdrawn one as a tombstone);
pages are newest first, with an ETag so an unchanged page costs a 304. Serving a page to a
partner acknowledges the deliveries it lists: that is the channel's proof of delivery.
"""

from __future__ import annotations

import hashlib

from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from beacon.dissemination import atom, ninjs
from beacon.dissemination.actions import hash_token
from beacon.dissemination.adapters import Message
from beacon.dissemination.models import (
    DONE_STATUSES,
    Channel,
    Delivery,
    DeliveryStatus,
    FeedToken,
)

PAGE_SIZE = 50


def latest_items(channel: Channel) -> QuerySet[Delivery]:
    """The channel's delivered rows, one per item and language: its latest version."""
    newer = Delivery.objects.filter(
        channel=channel,
        item_key=OuterRef("item_key"),
        language=OuterRef("language"),
        version__gt=OuterRef("version"),
        status__in=DONE_STATUSES,
    )
    return (
        Delivery.objects.filter(channel=channel, status__in=DONE_STATUSES)
        .exclude(Exists(newer))
        .order_by("-sent_at", "-pk")
    )


def _authorised_channel(request: HttpRequest, channel_id: int) -> Channel | HttpResponse:
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    token = token or request.GET.get("token", "")
    row = (
        FeedToken.objects.select_related("channel")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
        if token
        else None
    )
    if row is None:
        response = HttpResponse("A valid feed token is needed.", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="beacon-feed"'
        return response
    if row.channel_id != channel_id or not row.channel.is_active or row.channel.kind != "feed":
        raise Http404
    return row.channel


def _page(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        raise Http404 from None


def _serve(request: HttpRequest, channel_id: int, fmt: str) -> HttpResponse:
    found = _authorised_channel(request, channel_id)
    if isinstance(found, HttpResponse):
        return found
    channel = found
    page = _page(request)
    items = latest_items(channel)
    stats = items.aggregate(n=Count("pk"), last=Max("sent_at"), top=Max("pk"))
    etag = '"{}"'.format(
        hashlib.sha256(
            f"{fmt}:{channel.pk}:{page}:{stats['n']}:{stats['last']}:{stats['top']}".encode()
        ).hexdigest()[:32]
    )
    if etag in request.headers.get("If-None-Match", ""):
        unchanged = HttpResponse(status=304)
        unchanged["ETag"] = etag
        return unchanged
    rows = list(items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    if page > 1 and not rows:
        raise Http404
    url_name = "dissemination-feed-ninjs" if fmt == "ninjs" else "dissemination-feed-atom"
    base = request.build_absolute_uri(reverse(url_name, args=[channel.pk]))
    next_url = f"{base}?page={page + 1}" if stats["n"] > page * PAGE_SIZE else None
    messages = [(Message.from_dict(row.payload), row.sent_at or row.approved_at) for row in rows]
    response: HttpResponse
    if fmt == "ninjs":
        body = {"items": [ninjs.document(m) for m, _when in messages], "next": next_url}
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        links = {"self": f"{base}?page={page}", **({"next": next_url} if next_url else {})}
        response = HttpResponse(
            atom.feed_document(f"{base}#feed", channel.name, messages, links=links),
            content_type="application/atom+xml; charset=utf-8",
        )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    _acknowledge(rows)
    return response


def _acknowledge(rows: list[Delivery]) -> None:
    waiting = [row.pk for row in rows if row.status == DeliveryStatus.SENT]
    if waiting:
        Delivery.objects.filter(pk__in=waiting, status=DeliveryStatus.SENT).update(
            status=DeliveryStatus.ACKNOWLEDGED,
            acknowledged_at=timezone.now(),
            detail="fetched from the pull feed",
        )


@require_GET
def ninjs_feed(request: HttpRequest, channel_id: int) -> HttpResponse:
    return _serve(request, channel_id, "ninjs")


@require_GET
def atom_feed(request: HttpRequest, channel_id: int) -> HttpResponse:
    return _serve(request, channel_id, "atom")
