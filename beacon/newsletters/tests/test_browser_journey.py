"""The reader abroad (JOURNEYS.md) in Chromium: the French portal, a newsletter, double opt-in."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from beacon.core.tests.journeys import Journey
from beacon.newsletters.demo import load_newsletters_demo
from beacon.newsletters.models import Subscription, SubscriptionStatus
from beacon.portal.setup import do_set_up_portal

pytestmark = pytest.mark.browser

LIST_NAME = "Hanoï : la lettre de l'investissement"


def test_it_subscribes_a_reader_in_lyon_to_a_french_newsletter_by_double_opt_in(
    journey: Journey,
) -> None:
    do_set_up_portal()
    load_newsletters_demo()
    mail.outbox.clear()
    page = journey.new_page(locale="fr-FR")

    journey.goto("/", page)
    page.wait_for_url("**/fr/")
    page.get_by_role("link", name="Lettre d'information").click()
    page.get_by_role("heading", name="Lettres d'information").wait_for()
    page.get_by_label(LIST_NAME).check()
    page.locator("input[type=email]").fill("journaliste@lyon.example")
    journey.clock.shift(30)  # she reads the page before sending it (robots do not)
    page.get_by_role("button", name="S'abonner").click()
    page.wait_for_url("**/fr/newsletters/check-your-mail/")
    subscription = Subscription.objects.get(email="journaliste@lyon.example")
    assert subscription.status == SubscriptionStatus.PENDING

    (message,) = mail.outbox
    assert message.to == ["journaliste@lyon.example"]
    link = re.search(r"https?://\S+/fr/newsletters/confirm/\S+/", message.body)
    assert link is not None, message.body
    page.goto(link.group(0))
    page.get_by_role("button", name="Oui, je m'abonne").click()
    page.get_by_role("heading", name="Vous êtes abonné").wait_for()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.newsletter.name == LIST_NAME
    assert page.context.cookies() == []
    journey.screenshot("journey-reader-abroad", page)
