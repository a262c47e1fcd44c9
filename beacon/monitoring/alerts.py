"""Raising alerts from rules, and delivering them.

An alert is raised once per rule and story (or per rule and hour for a spike, per silence of a
source), so evaluating twice changes nothing. E-mail goes out after the transaction commits:
at once for "immediate" rules, in a daily digest for "digest" rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext

from beacon.monitoring.models import Alert, AlertRule, Article, Source, Story, ToneLabel
from beacon.monitoring.search import search_form


def _(message: str) -> str:
    """Alert titles and e-mails are written once, for everyone, in the office's language.

    Never in whatever language the last request happened to leave active in this thread.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


# A spike needs at least this many articles in the hour, whatever the usual level.
SPIKE_FLOOR = 5
# A negative-tone spike needs at least this many negative articles in its window.
TONE_SPIKE_FLOOR = 3
# The usual level of negative coverage is read over this many days before the window.
TONE_BASELINE_DAYS = 14


def _story_matches(rule: AlertRule, story: Story) -> bool:
    articles = Article.objects.filter(story=story)
    if rule.kind == AlertRule.Kind.TOPIC:
        return rule.topic in story.topics
    if rule.kind == AlertRule.Kind.KEYWORD:
        return (
            bool(rule.keyword)
            and articles.filter(search_text__contains=search_form(rule.keyword)).exists()
        )
    if rule.kind == AlertRule.Kind.COUNTRY:
        return rule.country.upper() in story.countries
    if rule.kind == AlertRule.Kind.GROUP:
        return rule.group_id is not None and articles.filter(source__groups=rule.group_id).exists()
    if rule.kind == AlertRule.Kind.SPREAD:
        return early_sources(story, rule.hours) >= rule.min_sources
    return False


def early_sources(story: Story, hours: int) -> int:
    """How many sources carried the story within ``hours`` of its first copy."""
    window_end = story.first_seen_at + timedelta(hours=hours)
    early = Article.objects.filter(story=story).annotate(dated=Coalesce("published_at", "seen_at"))
    return early.filter(dated__lte=window_end).values("source_id").distinct().count()


def _describe(rule: AlertRule, story: Story) -> str:
    if rule.kind == AlertRule.Kind.SPREAD:
        return _("Spreading fast: %(sources)d sources in %(countries)d countries — %(title)s") % {
            "sources": story.source_count,
            "countries": len(story.countries),
            "title": story.title,
        }
    return _("%(rule)s: %(title)s") % {"rule": rule.name, "title": story.title}


def raise_alert(
    key: str,
    title: str,
    *,
    rule: AlertRule | None = None,
    story: Story | None = None,
    source: Source | None = None,
    detail: str = "",
) -> Alert | None:
    """Create the alert unless its key exists; e-mail it after commit if its rule says so."""
    alert, created = Alert.objects.get_or_create(
        key=key,
        defaults={
            "title": title[:300],
            "rule": rule,
            "story": story,
            "source": source,
            "detail": detail,
            "agency": rule.agency if rule is not None else None,
        },
    )
    if not created:
        return None
    if rule is not None and rule.delivery == AlertRule.Delivery.IMMEDIATE and rule.recipients():
        transaction.on_commit(lambda: deliver_now(alert.pk))
    return alert


def evaluate_stories(story_ids: Iterable[int]) -> list[Alert]:
    raised = []
    rules = list(
        AlertRule.objects.filter(is_active=True).exclude(
            kind__in=[AlertRule.Kind.SPIKE, AlertRule.Kind.TONE]
        )
    )
    for story in Story.objects.filter(pk__in=list(story_ids)):
        for rule in rules:
            if _story_matches(rule, story):
                alert = raise_alert(
                    f"rule:{rule.pk}:story:{story.pk}",
                    _describe(rule, story),
                    rule=rule,
                    story=story,
                )
                if alert is not None:
                    raised.append(alert)
    return raised


def check_spikes(now: datetime | None = None) -> list[Alert]:
    """Articles about the city in the last hour against the hourly mean of the week before."""
    now = now or timezone.now()
    raised = []
    for rule in AlertRule.objects.filter(is_active=True, kind=AlertRule.Kind.SPIKE):
        articles = Article.objects.about_city()
        if rule.country:
            articles = articles.filter(country=rule.country.upper())
        if rule.topic:
            articles = articles.with_topic(rule.topic)
        if rule.group_id:
            articles = articles.filter(source__groups=rule.group_id)
        hour = articles.filter(seen_at__gte=now - timedelta(hours=1)).count()
        week = articles.filter(
            seen_at__gte=now - timedelta(days=7, hours=1), seen_at__lt=now - timedelta(hours=1)
        ).count()
        usual = week / (7 * 24)
        if hour >= max(SPIKE_FLOOR, rule.spike_factor * usual):
            stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:00")
            title = _("%(rule)s: %(count)d articles in the last hour (usually %(usual).1f)") % {
                "rule": rule.name,
                "count": hour,
                "usual": usual,
            }
            alert = raise_alert(f"rule:{rule.pk}:spike:{stamp}", title, rule=rule)
            if alert is not None:
                raised.append(alert)
    return raised


def check_tone_spikes(now: datetime | None = None) -> list[Alert]:
    """Negative articles on a theme in a country: the rule's window against the usual level.

    The window is the rule's ``hours``; the usual level is the mean number of negative articles
    per window of that length over the two weeks before. One alert per rule and window; the
    alert names the story with the most negative articles in the window, for the analyst.
    """
    now = now or timezone.now()
    raised = []
    for rule in AlertRule.objects.filter(is_active=True, kind=AlertRule.Kind.TONE):
        hours = max(1, rule.hours)
        window_start = now - timedelta(hours=hours)
        articles = Article.objects.about_city().filter(
            tone=ToneLabel.NEGATIVE,
            seen_at__gte=window_start - timedelta(days=TONE_BASELINE_DAYS),
        )
        if rule.country:
            articles = articles.filter(country=rule.country.upper())
        if rule.group_id:
            articles = articles.filter(source__groups=rule.group_id)
        # The theme is matched here rather than in SQL: SQLite has no JSON "contains".
        in_window: Counter[int] = Counter()
        before = 0
        for topics, story_id, seen_at in articles.values_list("topics", "story_id", "seen_at"):
            if rule.topic and rule.topic not in topics:
                continue
            if seen_at >= window_start:
                in_window[story_id] += 1
            else:
                before += 1
        count = sum(in_window.values())
        usual = before / (TONE_BASELINE_DAYS * 24 / hours)
        if count < max(TONE_SPIKE_FLOOR, rule.spike_factor * usual):
            continue
        local = timezone.localtime(now)
        stamp = f"{local:%Y-%m-%d}-{local.hour // hours if hours < 24 else 0}"
        top = min(in_window, key=lambda story_id: (-in_window[story_id], story_id))
        title = _(
            "%(rule)s: %(count)d negative articles in %(hours)d hours (usually %(usual).1f)"
        ) % {"rule": rule.name, "count": count, "hours": hours, "usual": usual}
        alert = raise_alert(
            f"rule:{rule.pk}:tone:{stamp}",
            title,
            rule=rule,
            story=Story.objects.filter(pk=top).first(),
        )
        if alert is not None:
            raised.append(alert)
    return raised


def check_silent_sources(now: datetime | None = None) -> list[Alert]:
    raised = []
    for source in Source.objects.silent(now):
        since = source.last_item_at or source.created_at
        title = _("Source silent since %(date)s: %(source)s") % {
            "date": timezone.localtime(since).strftime("%Y-%m-%d %H:%M"),
            "source": source.name,
        }
        alert = raise_alert(
            f"silent:{source.pk}:{since.isoformat()}",
            title,
            source=source,
            detail=source.last_error,
        )
        if alert is not None:
            raised.append(alert)
    return raised


def _body(alerts: list[Alert]) -> str:
    lines = []
    for alert in alerts:
        lines.append(f"- {alert.title}")
        if alert.story_id:
            lines.append(f"  {settings.BASE_URL}/admin/monitoring/stories/{alert.story_id}/")
    return "\n".join(lines)


def deliver_now(alert_id: int) -> None:
    alert = (
        Alert.objects.select_related("rule").filter(pk=alert_id, emailed_at__isnull=True).first()
    )
    if alert is None or alert.rule is None:
        return
    send_mail(
        _("[Beacon] %(title)s") % {"title": alert.title[:150]},
        _body([alert]),
        None,
        alert.rule.recipients(),
    )
    Alert.objects.filter(pk=alert.pk).update(emailed_at=timezone.now())


def send_digests() -> int:
    """One e-mail per digest rule with every alert not yet sent; returns how many were sent."""
    sent = 0
    rules = AlertRule.objects.filter(delivery=AlertRule.Delivery.DIGEST).annotate(n=Count("alert"))
    for rule in rules.filter(n__gt=0):
        pending = list(
            Alert.objects.filter(rule=rule, emailed_at__isnull=True).order_by("created_at")
        )
        if not pending or not rule.recipients():
            continue
        send_mail(
            _("[Beacon] %(count)d alerts: %(rule)s") % {"count": len(pending), "rule": rule.name},
            _body(pending),
            None,
            rule.recipients(),
        )
        Alert.objects.filter(pk__in=[a.pk for a in pending]).update(emailed_at=timezone.now())
        sent += 1
    return sent
