"""The content calendar: what went out and what is due, per channel and language, day by day.

Rows are (channel, language) pairs, plus one "portal" row per language for pages scheduled to go
live; columns are the days of a week or a month in the city's time zone. Cells hold:

- deliveries that went out (sent or acknowledged), died, or wait (held, queued, failing);
- social posts still in draft or waiting for approval, on the day they are meant to go out;
- pages with a go-live date in the range.

Gaps: for each row, the days since the last delivery that went out, flagged when more than the
channel's ``gap_days`` (its config; ``BEACON_CALENDAR_GAP_DAYS`` by default) — the office must
publish "regularly, continuously". A gap is a fact about the channel, so it is computed over all
of the channel's deliveries, not only those the person may read.

Every source is read with one query for the whole range; nothing is queried per cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from wagtail.models import Page

from beacon.core import policy
from beacon.core.access import scoped
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.social.access import AREA
from beacon.social.models import PostStatus, SocialPost

if TYPE_CHECKING:
    from beacon.core.types import UserLike

PORTAL = "portal"
_WENT_OUT = (DeliveryStatus.SENT, DeliveryStatus.ACKNOWLEDGED)
_WAITING = (
    DeliveryStatus.HELD,
    DeliveryStatus.QUEUED,
    DeliveryStatus.SENDING,
    DeliveryStatus.FAILED,
)


@dataclass(frozen=True)
class Entry:
    kind: str  # "sent", "waiting", "dead", "draft" or "page"
    title: str
    at: datetime
    status: str = ""
    clock: str = ""  # the local time, formatted once here rather than in the template


@dataclass(frozen=True)
class Gap:
    days: int | None  # None: nothing ever went out
    limit: int

    @property
    def flagged(self) -> bool:
        return self.days is None or self.days > self.limit


SHOWN_PER_CELL = 6


@dataclass
class Row:
    key: tuple[str, str]
    label: str
    language: str
    cells: list[list[Entry]]
    gap: Gap | None = None

    @property
    def shown(self) -> list[tuple[list[Entry], int]]:
        """Each day's first entries and how many more there are (a busy day stays readable)."""
        return [(cell[:SHOWN_PER_CELL], max(0, len(cell) - SHOWN_PER_CELL)) for cell in self.cells]


@dataclass
class Calendar:
    days: list[date]
    rows: list[Row] = field(default_factory=list)

    @property
    def gaps(self) -> list[Row]:
        return [row for row in self.rows if row.gap is not None and row.gap.flagged]


def gap_limit(channel: Channel) -> int:
    try:
        return int(channel.config.get("gap_days", settings.BEACON_CALENDAR_GAP_DAYS))
    except (TypeError, ValueError):
        return int(settings.BEACON_CALENDAR_GAP_DAYS)


def _languages(channel: Channel) -> list[str]:
    return list(channel.languages or settings.CONTENT_LANGUAGES)


def day_bounds(first: date, count: int = 1) -> tuple[datetime, datetime]:
    """From the start of ``first`` to the start of the day ``count`` days later, in local time."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    return start, datetime.combine(first + timedelta(days=count), time.min, tzinfo=zone)


def gaps(today: date | None = None) -> dict[tuple[int, str], Gap]:
    """Days since the last delivery that went out, for every active channel and language."""
    today = today or timezone.localdate()
    channels = list(Channel.objects.filter(is_active=True))
    last = {
        (row["channel_id"], row["language"]): row["last"]
        for row in Delivery.objects.filter(status__in=_WENT_OUT)
        .values("channel_id", "language")
        .annotate(last=Max("sent_at"))
    }
    result: dict[tuple[int, str], Gap] = {}
    for channel in channels:
        for language in _languages(channel):
            when = last.get((channel.pk, language))
            days = (today - timezone.localdate(when)).days if when else None
            result[(channel.pk, language)] = Gap(days, gap_limit(channel))
    return result


def build(user: UserLike, days: list[date]) -> Calendar:
    start, end = day_bounds(days[0], len(days))
    index = {day: i for i, day in enumerate(days)}
    calendar = Calendar(days)
    rows: dict[tuple[str, str], Row] = {}
    channel_gaps = gaps()
    for channel in Channel.objects.filter(is_active=True):
        for language in _languages(channel):
            key = (str(channel.pk), language)
            rows[key] = Row(
                key,
                channel.name,
                language,
                [[] for _ in days],
                channel_gaps[(channel.pk, language)],
            )
    for language in settings.CONTENT_LANGUAGES:
        rows[(PORTAL, language)] = Row((PORTAL, language), "", language, [[] for _ in days])

    zone = timezone.get_current_timezone()

    def place(
        key: tuple[str, str], kind: str, title: str, at: datetime | None, status: str
    ) -> None:
        row = rows.get(key)
        local = at.astimezone(zone) if at is not None else None
        slot = index.get(local.date()) if local is not None else None
        if row is not None and local is not None and slot is not None:
            short = title if len(title) <= 40 else title[:39] + "…"
            row.cells[slot].append(Entry(kind, short, local, status, f"{local:%H:%M}"))

    # Labels looked up once: a lazy label per row costs more than the query (bench/).
    delivery_labels = {value: str(label) for value, label in DeliveryStatus.choices}
    for channel_id, language, title, status, sent_at, next_at, approved_at in _deliveries(
        user, start, end
    ):
        if status in _WENT_OUT:
            kind, at = "sent", sent_at
        elif status == DeliveryStatus.DEAD:
            kind, at = "dead", approved_at
        else:
            kind, at = "waiting", next_at or approved_at
        place((str(channel_id), language), kind, title, at, delivery_labels[status])
    post_labels = {value: str(label) for value, label in PostStatus.choices}
    for post in _unapproved_posts(user, start, end):
        key = (str(post.channel_id), post.language)
        place(key, "draft", post.page.title, post.scheduled_for, post_labels[post.status])
    for page in _scheduled_pages(user, start, end):
        place((PORTAL, page.locale.language_code), "page", page.title, page.go_live_at, "")
    calendar.rows = [row for row in rows.values() if row.gap is not None or any(row.cells)]
    for row in calendar.rows:
        for cell in row.cells:
            cell.sort(key=lambda entry: entry.at)
    return calendar


DeliveryRow = tuple[int, str, str, str, datetime | None, datetime | None, datetime]


def _deliveries(user: UserLike, start: datetime, end: datetime) -> list[DeliveryRow]:
    went = Q(status__in=_WENT_OUT, sent_at__gte=start, sent_at__lt=end)
    waiting = Q(status__in=_WAITING, next_attempt_at__gte=start, next_attempt_at__lt=end)
    held = Q(status=DeliveryStatus.HELD, approved_at__gte=start, approved_at__lt=end)
    dead = Q(status=DeliveryStatus.DEAD, approved_at__gte=start, approved_at__lt=end)
    queryset = scoped(
        Delivery.objects.filter(went | waiting | held | dead), user, AREA, "read", "agency_id"
    )
    return list(
        queryset.values_list(
            "channel_id", "language", "title", "status", "sent_at", "next_attempt_at", "approved_at"
        )
    )


def _unapproved_posts(user: UserLike, start: datetime, end: datetime) -> list[SocialPost]:
    queryset = SocialPost.objects.filter(
        status__in=("draft", "submitted", "rejected"),
        scheduled_for__gte=start,
        scheduled_for__lt=end,
    ).select_related("page")
    return list(scoped(queryset, user, AREA, "read", "agency_id"))


def _scheduled_pages(user: UserLike, start: datetime, end: datetime) -> list[Page]:
    from beacon.portal.access import hidden_page_ids

    queryset = Page.objects.filter(go_live_at__gte=start, go_live_at__lt=end).select_related(
        "locale"
    )
    if policy.agency_ids_for(user, "content", "read") is not policy.ALL_AGENCIES:
        queryset = queryset.exclude(pk__in=hidden_page_ids(user))
    return list(queryset)


def week(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=i) for i in range(7)]


def month(day: date) -> list[date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def current_gaps(user: UserLike) -> list[tuple[Channel, str, Gap]]:
    """The flagged gaps, for the dashboard line; only for those who read the whole calendar.

    Channels belong to the city, not to an agency: a district officer can neither fill nor
    answer for them, so the line is for city-wide readers only.
    """
    if policy.agency_ids_for(user, AREA, "read") is not policy.ALL_AGENCIES:
        return []
    channels = {c.pk: c for c in Channel.objects.filter(is_active=True)}
    return [
        (channels[pk], language, gap)
        for (pk, language), gap in gaps().items()
        if gap.flagged and pk in channels
    ]
