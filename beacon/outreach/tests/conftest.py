"""Outreach fixtures on top of the personas and the portal's newsroom: an event page with its
outreach row, a partner with contacts, and helpers that follow the links mailed to people."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from beacon.core.city import forget_city_profile
from beacon.outreach.models import Contact, OutreachEvent, Partner, PartnerList
from beacon.portal.tests.fixtures import eager_tasks, newsroom  # noqa: F401


@pytest.fixture(autouse=True)
def _outreach_settings(settings: Any) -> Iterator[None]:
    settings.BEACON_NEWSLETTER_FORM_MIN_SECONDS = 0
    cache.clear()  # the rate limit counts in the cache
    forget_city_profile()
    yield
    forget_city_profile()


def make_event(sections: dict[str, Any], organiser: Any, *, capacity: int = 2,
               in_days: int = 5, slug: str = "gap-mat") -> OutreachEvent:  # fmt: skip
    from beacon.portal.models import EventPage

    start = timezone.now() + datetime.timedelta(days=in_days)
    page = EventPage(
        title="Gặp mặt hữu nghị",
        slug=slug,
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="Cung Văn hóa Hữu nghị",
        address="91 Trần Hưng Đạo",
        summary="Gặp gỡ cộng đồng người nước ngoài.",
    )
    sections["events"].add_child(instance=page)
    page.save_revision().publish()
    return OutreachEvent.objects.create(
        page=page, kind="friendship", capacity=capacity, organiser=organiser,
        languages=["vi", "en"], map_url="https://www.openstreetmap.org/#map=18/21.02/105.84",
    )  # fmt: skip


@dataclass
class City:
    newsroom: Any
    event: OutreachEvent
    partner: Partner
    contact: Contact
    partner_list: PartnerList


@pytest.fixture
def city(newsroom: Any) -> City:  # noqa: F811  (the fixture imported above, by name)
    personas = newsroom.personas
    event = make_event(newsroom.tree.sections, personas.district)
    event.cooperating.add(personas.lead)
    partner = Partner.objects.create(
        name="Ville de Toulouse", kind="sister_city", country="FR", languages=["fr"],
        agency=personas.district,
    )  # fmt: skip
    today = timezone.localdate()
    contact = Contact.objects.create(
        partner=partner, name="Claire Martin", email="claire@toulouse.example", language="fr",
        consent_on=today, consent_source="Signed form, 2025 visit",
        keep_until=today + datetime.timedelta(days=365),
    )  # fmt: skip
    partner_list = PartnerList.objects.create(name="Villes jumelles", agency=personas.district)
    partner_list.partners.add(partner)
    return City(newsroom, event, partner, contact, partner_list)


class CommittingClient(Client):
    """A test client whose requests run their on-commit callbacks (mails) as a commit would."""

    capture: Any = None

    def request(self, **request: Any) -> Any:
        with self.capture(execute=True):
            return super().request(**request)


@pytest.fixture
def people(django_capture_on_commit_callbacks: Any) -> Callable[[], CommittingClient]:
    """Make a new person's browser (a client with its own cookies)."""

    def make() -> CommittingClient:
        client = CommittingClient()
        client.capture = django_capture_on_commit_callbacks
        return client

    return make


def link_in(message: Any, fragment: str) -> str:
    """The path of the first link in a mail whose URL contains ``fragment``."""
    match = re.search(rf"https?://[^/\s]+(/\S*{re.escape(fragment)}\S*)", message.body)
    assert match, (fragment, message.body)
    return match.group(1)


def last_mail_to(address: str) -> Any:
    found = [m for m in mail.outbox if address in m.to]
    assert found, (address, [m.to for m in mail.outbox])
    return found[-1]
