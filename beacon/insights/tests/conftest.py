"""A small city's quarter with known rows behind every section, for the insights tests.

The period is the last complete quarter before the test day; each row is placed a number of
days into it (or into the quarter before, for the comparisons), never on a literal date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from beacon.core.city import city_today
from beacon.dissemination.models import Channel, Delivery, DeliveryStatus
from beacon.factbase.models import Claim, ClaimStatus
from beacon.insights import periods
from beacon.monitoring.models import Article, Source, Story
from beacon.plans.models import Activity
from beacon.plans.tests.factories import make_activity
from beacon.training.models import Attendance, Certificate, Course, Enrolment, Officer, Session


@dataclass
class Quarter:
    period: periods.Period
    personas: Any
    item_a: str = "page:1"
    item_b: str = "page:2"

    def at(self, days: float, period: periods.Period | None = None) -> datetime:
        return (period or self.period).since + timedelta(days=days)

    def day(self, days: int, period: periods.Period | None = None) -> date:
        return (period or self.period).start + timedelta(days=days)


def _delivery(
    channel: Channel, item: str, language: str, agency: Any, approved: datetime, **kw: Any
) -> Delivery:
    return Delivery.objects.create(
        channel=channel,
        language=language,
        item_key=item,
        agency=agency,
        title=f"Item {item}",
        idempotency_key=f"{item}:{language}:{channel.pk}:{approved.isoformat()}",
        approved_at=approved,
        **kw,
    )


def fill_deliveries(q: Quarter) -> None:
    """Item A (district A): en in 2 h, fr in 4 h. Item B (district B): en in 10 h, fr dead.
    The quarter before: one delivery in 1 h."""
    channel = Channel.objects.create(name="Portal files", kind="file")
    district, other = q.personas.district, q.personas.other_district
    start = q.at(10)
    done = DeliveryStatus.ACKNOWLEDGED
    _delivery(
        channel,
        q.item_a,
        "en",
        district,
        start,
        status=done,
        sent_at=start,
        acknowledged_at=start + timedelta(hours=2),
    )
    _delivery(
        channel,
        q.item_a,
        "fr",
        q.personas.ward,
        start,
        status=done,
        acknowledged_at=start + timedelta(hours=4),
    )
    _delivery(
        channel,
        q.item_b,
        "en",
        other,
        start,
        status=DeliveryStatus.SENT,
        sent_at=start + timedelta(hours=10),
    )
    _delivery(channel, q.item_b, "fr", other, start, status=DeliveryStatus.DEAD)
    before = q.at(5, q.period.previous())
    _delivery(
        channel,
        "page:0",
        "en",
        district,
        before,
        status=done,
        acknowledged_at=before + timedelta(hours=1),
    )


def fill_plan(q: Quarter) -> None:
    """District A leads one activity in progress (to train 4 officers) and one done; district B
    one late."""
    p = q.personas
    make_activity(
        lead=p.district,
        start=q.period.start,
        deadline=q.period.end,
        title="Running",
        targets=((4, "trainees"),),
    )
    done = make_activity(
        lead=p.district, start=q.period.start, deadline=q.period.end, title="Finished", budget=1500
    )
    Activity.objects.filter(pk=done.pk).update(completed_on=q.day(20))
    make_activity(lead=p.other_district, start=q.period.start, deadline=q.day(5), title="Overdue")


def fill_coverage(q: Quarter) -> None:
    """Three French articles and one American in the quarter, one French the quarter before."""
    source = Source.objects.create(name="Le Monde", url="https://lemonde.example/rss", country="FR")
    story = Story.objects.create(
        title="Hanoi metro opens",
        language="fr",
        first_seen_at=q.at(3),
        last_seen_at=q.at(4),
        source_count=3,
        copies=4,
        signature=b"x",
    )
    rows = [
        ("FR", "fr", q.at(3), ["transport"]),
        ("FR", "fr", q.at(40), ["transport"]),
        ("FR", "en", q.at(41), ["culture"]),
        ("US", "en", q.at(70), []),
        ("FR", "fr", q.at(3, q.period.previous()), []),
    ]
    for n, (country, language, seen, topics) in enumerate(rows):
        Article.objects.create(
            source=source,
            story=story,
            url=f"https://lemonde.example/{n}",
            url_hash=f"h{n}",
            title=f"A{n}",
            text="…",
            language=language,
            country=country,
            media_kind="press",
            seen_at=seen,
            topics=topics,
        )


def fill_claims(q: Quarter) -> None:
    Claim.objects.create(
        text="The metro is unsafe",
        language="en",
        detected_at=q.at(6),
        status=ClaimStatus.MATCHED,
        matched_at=q.at(6.5),
    )
    Claim.objects.create(text="Tourism fell by half", language="en", detected_at=q.at(30))


def fill_training(q: Quarter) -> None:
    """Two officers of district A (one of its ward) and one of district B trained; one
    certificate issued to district A's officer, expiring 30 days after the quarter."""
    p = q.personas
    course = Course.objects.create(code="basics", title="Basics")
    session = Session.objects.create(
        course=course, code="basics-1", starts_on=q.day(20), ends_on=q.day(21)
    )
    for n, agency in enumerate((p.district, p.ward, p.other_district)):
        officer = Officer.objects.create(agency=agency, full_name=f"Officer {n}")
        enrolment = Enrolment.objects.create(
            session=session, officer=officer, status="enrolled", passed=True
        )
        Attendance.objects.create(enrolment=enrolment, day=q.day(20), present=True)
        if n == 0:
            Certificate.objects.create(
                enrolment=enrolment,
                number="C-1",
                holder_name="Officer 0",
                course_title="Basics",
                issued_on=q.day(22),
                expires_on=q.period.end + timedelta(days=30),
            )


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Stored reports go to a throwaway folder, not the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def quarter(personas: Any) -> Quarter:
    q = Quarter(periods.last_complete("quarter", city_today()), personas)
    fill_deliveries(q)
    fill_plan(q)
    fill_coverage(q)
    fill_claims(q)
    fill_training(q)
    return q


def now() -> datetime:
    return timezone.now()
