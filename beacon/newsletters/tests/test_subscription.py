"""Subscribing, confirming and unsubscribing through the public pages, without any cookie."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from beacon.newsletters import actions, tokens
from beacon.newsletters.models import Subscription, SubscriptionStatus
from beacon.newsletters.tests.conftest import Lists, subscribe

FORM = "/fr/newsletters/"


@pytest.fixture
def post(lists: Lists, django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Send the subscribe form; what the action leaves for after the commit (the mail) runs."""

    def send(client: Client, email: str = "reader@example.org", **extra: Any) -> Any:
        data = {"email": email, "newsletter": lists.fr.pk, "token": tokens.form_token(), **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM, data, REMOTE_ADDR="203.0.113.7")

    return send


@pytest.fixture
def ask(django_capture_on_commit_callbacks: Any) -> Callable[[Any, str], bool]:
    def run(newsletter: Any, email: str) -> bool:
        with django_capture_on_commit_callbacks(execute=True):
            return actions.do_subscribe(newsletter, email)

    return run


def _link(body: str) -> str:
    found = re.search(r"https://portal\.example(/\S+)", body)
    assert found, body
    return found.group(1)


def test_it_subscribes_with_double_opt_in_and_sets_no_cookie(lists: Lists, post: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(FORM)
    assert page.status_code == 200
    assert "Lettre de Hanoï" in page.content.decode()
    assert "Bản tin" not in page.content.decode()
    response = post(client, email=" Reader@Example.org ")
    assert response.status_code == 303
    assert response["Location"] == "/fr/newsletters/check-your-mail/"
    assert client.get(response["Location"]).status_code == 200
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.status) == ("reader@example.org", "pending")
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == ["reader@example.org"]
    assert "Lettre de Hanoï" in confirmation.subject
    link = _link(confirmation.body)
    assert link.startswith("/fr/newsletters/confirm/")
    shown = client.get(link)
    assert shown.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING  # a link scanner confirms nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.confirmed_at is not None
    for answer in (page, response, shown, confirmed):
        assert not answer.cookies
        assert "no-store" in answer["Cache-Control"]
    assert not client.cookies


def test_it_refuses_a_missing_forged_or_expired_form_token(lists: Lists, post: Any) -> None:
    client = Client()
    for token in ("", "forged", tokens.form_token(now=time.time() - 4 * 3600)):
        response = post(client, token=token)
        assert response.status_code == 400
        with translation.override("fr"):  # the form is the French list's page
            expired = gettext("This form has expired. Please send it again.")
        assert escape(expired) in response.content.decode()
        assert tokens.check_form_token(response.context["form"]["token"].value())
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_it_refuses_a_form_sent_faster_than_a_person_could(
    lists: Lists, settings: Any, post: Any
) -> None:
    settings.BEACON_NEWSLETTER_FORM_MIN_SECONDS = 3
    assert post(Client()).status_code == 400
    assert post(Client(), token=tokens.form_token(now=time.time() - 5)).status_code == 303


def test_it_answers_robots_like_people_but_does_nothing(lists: Lists, post: Any) -> None:
    response = post(Client(), website="http://spam.example")
    assert response.status_code == 303
    assert not Subscription.objects.exists()
    assert mail.outbox == []


def test_it_refuses_bad_addresses_and_lists_of_other_languages(lists: Lists, post: Any) -> None:
    assert post(Client(), email="not-an-address").status_code == 400
    response = post(Client(), newsletter=lists.vi.pk)
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_it_limits_the_rate_of_requests_from_one_connection(
    lists: Lists, settings: Any, post: Any
) -> None:
    settings.BEACON_NEWSLETTER_RATE_LIMIT = 2
    client = Client()
    assert post(client, email="a@example.org").status_code == 303
    assert post(client, email="b@example.org").status_code == 303
    assert post(client, email="c@example.org").status_code == 429
    assert Subscription.objects.count() == 2


def test_it_mails_one_confirmation_an_hour_and_never_tells_who_is_subscribed(
    lists: Lists, post: Any
) -> None:
    subscribe(lists.fr, "known@example.org")
    client = Client()
    assert post(client, email="known@example.org").status_code == 303
    assert post(client, email="new@example.org").status_code == 303
    assert post(client, email="new@example.org").status_code == 303
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_it_keeps_an_unsubscribed_address_unsubscribed_until_its_owner_confirms(
    lists: Lists, ask: Any
) -> None:
    subscription = subscribe(lists.fr, "gone@example.org")
    actions.do_unsubscribe(subscription)
    assert ask(lists.fr, "gone@example.org") is True
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    link = _link(mail.outbox[-1].body)
    Client().post(link)
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED


def test_it_refuses_forged_and_expired_confirmation_links(lists: Lists, settings: Any) -> None:
    actions.do_subscribe(lists.fr, "late@example.org")
    subscription = Subscription.objects.get()
    client = Client()
    forged = f"{subscription.pk}-{tokens.confirm_token(subscription).split('-')[1]}-0000"
    old = tokens.confirm_token(subscription, now=time.time() - 73 * 3600)
    unsubscribe_link = tokens.unsubscribe_token(subscription)
    for token in (forged, old, "x", f"{subscription.pk + 1}-1-2", unsubscribe_link):
        response = client.post(f"/fr/newsletters/confirm/{token}/")
        assert response.status_code == 404, token
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.PENDING


def test_it_purges_unconfirmed_subscriptions_after_the_window(lists: Lists) -> None:
    actions.do_subscribe(lists.fr, "old@example.org")
    actions.do_subscribe(lists.fr, "fresh@example.org")
    subscribe(lists.fr, "kept@example.org")
    Subscription.objects.filter(email="old@example.org").update(
        confirmation_sent_at=timezone.now() - timedelta(hours=73)
    )
    assert actions.do_purge_unconfirmed(dry_run=True) == 1
    assert Subscription.objects.count() == 3
    assert actions.do_purge_unconfirmed() == 1
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "fresh@example.org",
        "kept@example.org",
    }


def test_it_unsubscribes_with_one_button(lists: Lists) -> None:
    subscription = subscribe(lists.fr, "reader@example.org")
    url = f"/fr/newsletters/unsubscribe/{tokens.unsubscribe_token(subscription)}/"
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "<button" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    done = client.post(url)
    assert done.status_code == 200
    assert not done.cookies
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribed_at is not None
    assert client.post(url).status_code == 200  # twice is fine


def test_it_unsubscribes_on_an_rfc_8058_one_click_post(lists: Lists) -> None:
    subscription = subscribe(lists.fr, "reader@example.org")
    url = f"/fr/newsletters/unsubscribe/{tokens.unsubscribe_token(subscription)}/"
    response = Client(enforce_csrf_checks=True).post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED


@pytest.mark.parametrize("token", ["1-deadbeef", "nope", "-", "99999-abc"])
def test_it_refuses_forged_unsubscribe_links(lists: Lists, token: str) -> None:
    subscription = subscribe(lists.fr, "reader@example.org")
    assert Client().post(f"/fr/newsletters/unsubscribe/{token}/").status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED


def test_it_voids_old_links_when_the_address_subscribes_anew(lists: Lists) -> None:
    subscription = subscribe(lists.fr, "reader@example.org")
    old = tokens.unsubscribe_token(subscription)
    actions.do_unsubscribe(subscription)
    actions.do_subscribe(lists.fr, "reader@example.org")
    assert tokens.check_unsubscribe_token(old) is None


def test_it_does_not_let_an_old_confirmation_link_undo_an_unsubscription(
    lists: Lists, ask: Any
) -> None:
    ask(lists.fr, "reader@example.org")
    link = _link(mail.outbox[-1].body)
    client = Client()
    client.post(link)
    subscription = Subscription.objects.get()
    actions.do_unsubscribe(subscription)
    assert client.post(link).status_code == 404
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
