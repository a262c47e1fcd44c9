"""The delivery board, mounted in the admin under /admin/deliveries/."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.dissemination import access, actions, figures, outbox
from beacon.dissemination.models import OPEN_STATUSES, Channel, DeliveryStatus, FeedToken

PERIODS = (7, 30, 90)
WAITING = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)


def _period(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    return days if days in PERIODS else 30


def board(request: HttpRequest) -> HttpResponse:
    if not access.can_see_board(request.user):
        raise PermissionDenied
    days = _period(request)
    since = timezone.now() - timedelta(days=days)
    deliveries = access.deliveries_for_user(request.user)
    latency = figures.latency_by_channel(deliveries, since)
    counts = {
        row["channel_id"]: row
        for row in deliveries.values("channel_id").annotate(
            queued=Count(
                "pk", filter=Q(status__in=[DeliveryStatus.QUEUED, DeliveryStatus.SENDING])
            ),
            failing=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
            dead=Count("pk", filter=Q(status=DeliveryStatus.DEAD)),
            held=Count("pk", filter=Q(status=DeliveryStatus.HELD)),
        )
    }
    channels: list[dict[str, Any]] = [
        {"channel": c, "counts": counts.get(c.pk, {}), "latency": latency.get(c.pk)}
        for c in Channel.objects.all()
    ]
    recent = (
        deliveries.filter(approved_at__gte=since)
        .exclude(status=DeliveryStatus.CANCELLED)
        .order_by("-approved_at")
    )
    items: dict[str, dict[str, Any]] = {}
    for delivery in recent[:600]:
        item = items.setdefault(
            delivery.item_key,
            {"key": delivery.item_key, "title": delivery.title, "at": delivery.approved_at,
             "total": 0, "done": 0, "dead": 0, "languages": set()},
        )  # fmt: skip
        item["total"] += 1
        item["done"] += delivery.is_done
        item["dead"] += delivery.status == DeliveryStatus.DEAD
        item["languages"].add(delivery.language)
    return TemplateResponse(
        request,
        "dissemination/board.html",
        {
            "page_title": _("Deliveries"),
            "header_icon": "mail",
            "days": days,
            "periods": PERIODS,
            "channels": channels,
            "completeness": figures.completeness(deliveries, since),
            "items": list(items.values())[:40],
            "dead": deliveries.filter(status=DeliveryStatus.DEAD).order_by("-approved_at")[:20],
            "can_manage": access.can_manage_channels(request.user),
        },
    )


def item(request: HttpRequest, item_key: str) -> HttpResponse:
    deliveries = access.deliveries_for_user(request.user).filter(item_key=item_key)
    rows = list(
        deliveries.order_by("language", "channel__name", "-version").prefetch_related("log")
    )
    if not rows:
        raise Http404
    latest: dict[tuple[str, int], Any] = {}
    for delivery in rows:
        latest.setdefault((delivery.language, delivery.channel_id), delivery)
    languages = sorted({d.language for d in rows})
    channels = sorted({d.channel for d in rows}, key=lambda c: c.name)
    grid = [
        {
            "channel": channel,
            "cells": [latest.get((language, channel.pk)) for language in languages],
        }
        for channel in channels
    ]
    return TemplateResponse(
        request,
        "dissemination/item.html",
        {
            "page_title": _("Deliveries of %(title)s") % {"title": rows[0].title},
            "header_icon": "mail",
            "languages": languages,
            "grid": grid,
            "history": rows,
            "can_act": access.can_act_on(request.user, rows[0]),
        },
    )


def channel(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_see_board(request.user):
        raise PermissionDenied
    found = get_object_or_404(Channel, pk=pk)
    deliveries = access.deliveries_for_user(request.user).filter(channel=found)
    since = timezone.now() - timedelta(days=_period(request))
    return TemplateResponse(
        request,
        "dissemination/channel.html",
        {
            "page_title": found.name,
            "header_icon": "mail",
            "channel": found,
            "latency": figures.latency_by_channel(deliveries, since).get(found.pk),
            "open": deliveries.filter(status__in=OPEN_STATUSES).order_by("next_attempt_at")[:100],
            "dead": deliveries.filter(status=DeliveryStatus.DEAD).order_by("-approved_at")[:50],
            "tokens": found.tokens.order_by("-created_at") if found.kind == "feed" else [],
            "can_manage": access.can_manage_channels(request.user),
        },
    )


@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = access.get_delivery_for_user(request.user, pk, write=True)
    try:
        outbox.retry(delivery, request.user)
        messages.success(request, _("The delivery is queued again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("dissemination:item", delivery.item_key)


@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = access.get_delivery_for_user(request.user, pk, write=True)
    try:
        outbox.cancel(delivery, request.user)
        messages.success(request, _("The delivery is cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("dissemination:item", delivery.item_key)


@require_POST
def issue_token(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_channels(request.user):
        raise PermissionDenied
    found = get_object_or_404(Channel, pk=pk, kind="feed")
    label = request.POST.get("label", "").strip()[:120]
    if not label:
        messages.error(request, _("Name the partner the token is for."))
        return redirect("dissemination:channel", found.pk)
    token = actions.do_issue_feed_token(found, label, acting_user=request.user)
    messages.success(
        request,
        _("Token for %(label)s (shown only now, copy it): %(token)s")
        % {"label": label, "token": token},
    )
    return redirect("dissemination:channel", found.pk)


@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_channels(request.user):
        raise PermissionDenied
    token = get_object_or_404(FeedToken, pk=pk)
    actions.do_revoke_feed_token(token, acting_user=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect("dissemination:channel", token.channel_id)
