"""Outreach journeys in headless Chromium, each in two portal languages: registering to an event
and being checked in at the door (typed code, phone-sized screen), asking to report as a
foreign journalist, sharing a story with a photo; axe on every public page on the way.

Data come from the demo loaders (portal, then outreach). With ``BEACON_SCREENSHOTS`` set, the
screens the issue asks for are saved there.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core import mail
from PIL import Image

from beacon.core.models import Agency
from beacon.core.tests.journeys import Journey
from beacon.outreach.demo import load_outreach_demo
from beacon.outreach.models import (
    CommunityStory,
    OutreachEvent,
    Partner,
    PressRequest,
    Registration,
    RegistrationStatus,
    StoryStatus,
)
from beacon.portal.setup import do_set_up_portal
from beacon.portal.tests.test_accessibility import AXE, TAGS

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _setup() -> None:
    do_set_up_portal()
    load_outreach_demo()
    mail.outbox.clear()


def _axe(page: Any) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is missing: run `npm ci` in the project root")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, (page.url, [(v["id"], v["help"]) for v in serious])


def _link(address: str, fragment: str) -> str:
    found = [m for m in mail.outbox if address in m.to]
    assert found, (address, [m.to for m in mail.outbox])
    match = re.search(rf"https?://\S*{re.escape(fragment)}\S*", found[-1].body)
    assert match, found[-1].body
    return match.group(0)


def _register(journey: Journey, event: OutreachEvent, language: str, name: str,
              email: str) -> Registration:  # fmt: skip
    page = journey.new_page(locale=f"{language}-{language.upper()}")
    journey.goto(f"/{language}/events/{event.pk}/register/", page)
    _axe(page)
    page.fill("input[name=name]", name)
    page.fill("input[name=email]", email)
    journey.clock.shift(30)  # a person reads the page before sending it
    page.locator("form.public-form button[type=submit]").click()
    page.wait_for_url(f"**/{language}/outreach/check-your-mail/")
    _axe(page)
    page.goto(_link(email, "/events/confirm/"))
    _axe(page)
    page.locator("main form button[type=submit]").click()
    page.locator(f"a[href*='/{language}/events/ticket/']").click()
    page.locator(".ticket-qr svg").wait_for()
    _axe(page)
    assert page.context.cookies() == []
    return Registration.objects.get(email=email)


def test_it_registers_in_two_languages_and_checks_in_at_the_door(journey: Journey) -> None:
    _setup()
    event = OutreachEvent.objects.get(page__slug="hop-bao-quoc-te-le-hoi-ao-dai")
    first = _register(journey, event, "en", "Emily Carter", "emily@example.org")
    second = _register(journey, event, "fr", "Luc Bernard", "luc@example.org")
    assert first.status == second.status == RegistrationStatus.CONFIRMED
    assert (first.language, second.language) == ("en", "fr")

    screen = journey.new_page()
    journey.goto(f"/en/events/{event.pk}/register/", screen)
    journey.screenshot("outreach-event-registration", screen)

    door = journey.browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True)
    phone = door.new_page()
    journey.login("lan", phone)
    journey.goto(f"/admin/outreach/events/{event.pk}/check-in/", phone)
    phone.fill("#check-in-code", second.code.lower())
    phone.locator("[data-form] button[type=submit]").click()
    phone.locator("[data-result].is-ok").wait_for()
    assert "Luc Bernard" in phone.locator("[data-result]").inner_text()
    phone.fill("#check-in-code", second.code)
    phone.locator("[data-form] button[type=submit]").click()
    phone.locator("[data-result].is-bad").wait_for()
    phone.fill("#check-in-code", first.code)
    phone.locator("[data-form] button[type=submit]").click()
    phone.locator("[data-result].is-ok").wait_for()
    assert phone.locator("[data-present]").inner_text() == "2"
    journey.screenshot("outreach-check-in-phone", phone)
    assert Registration.objects.filter(event=event, checked_in_at__isnull=False).count() == 2

    cancel = journey.new_page(locale="fr-FR")
    cancel.goto(_link("luc@example.org", "/events/cancel/"))
    _axe(cancel)
    cancel.locator("main form button[type=submit]").click()
    cancel.locator("main h1").wait_for()
    _axe(cancel)
    assert Registration.objects.get(pk=second.pk).status == RegistrationStatus.CANCELLED


def test_it_takes_press_requests_in_two_languages(journey: Journey) -> None:
    _setup()
    for language, email in (("en", "reporter@bbc.example"), ("fr", "journaliste@rfi.example")):
        page = journey.new_page(locale=f"{language}-{language.upper()}")
        journey.goto(f"/{language}/press/request/", page)
        _axe(page)
        page.fill("input[name=name]", "Alex Martin")
        page.fill("input[name=email]", email)
        page.fill("input[name=outlet]", "Radio" if language == "fr" else "BBC")
        page.fill("input[name=country]", "gb" if language == "en" else "fr")
        page.select_option("select[name=agency]", str(Agency.objects.get(code="SO-TTTT").pk))
        page.fill("textarea[name=topic]", "Street food and heritage")
        page.fill("input[name=starts_on]", "2025-12-01")
        page.fill("input[name=ends_on]", "2025-11-28")  # before the start: refused
        journey.clock.shift(30)
        page.locator("form.public-form button[type=submit]").click()
        page.locator("[aria-invalid=true], [role=alert]").first.wait_for()
        _axe(page)
        page.fill("input[name=ends_on]", "2025-12-04")
        page.locator("form.public-form button[type=submit]").click()
        page.wait_for_url(f"**/{language}/outreach/check-your-mail/")
        page.goto(_link(email, "/press/status/"))
        page.locator(".press-status").wait_for()
        _axe(page)
        request = PressRequest.objects.get(email=email)
        assert request.language == language and request.agency.code == "SO-TTTT"


def _jpeg() -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (800, 600), (30, 120, 170))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 42.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_it_takes_community_stories_in_two_languages(journey: Journey) -> None:
    _setup()
    for language, email, title in (
        ("en", "visitor@example.org", "Lanterns on Hang Ma"),
        ("vi", "ban.doc@example.org", "Phố Hàng Mã mùa trung thu"),
    ):
        page = journey.new_page(locale=f"{language}-{language.upper()}")
        journey.goto(f"/{language}/stories/share/", page)
        _axe(page)
        page.fill("input[name=title]", title)
        page.fill("textarea[name=body]", "Red and gold lanterns fill the street.")
        page.select_option("select[name=agency]", str(Agency.objects.get(code="Q-HOANKIEM").pk))
        page.set_input_files("input[name=photos]", files=[
            {"name": "lanterns.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
        ])  # fmt: skip
        page.fill("input[name=photo_description]", "Lanterns hanging over the street")
        page.fill("input[name=author_name]", "Sam")
        page.fill("input[name=email]", email)
        journey.clock.shift(30)
        page.locator("form.public-form button[type=submit]").click()
        page.locator("[aria-invalid=true]").first.wait_for()  # consent not given yet
        _axe(page)
        page.set_input_files("input[name=photos]", files=[
            {"name": "lanterns.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}
        ])  # fmt: skip
        page.check("input[name=consent]")
        page.locator("form.public-form button[type=submit]").click()
        page.wait_for_url(f"**/{language}/outreach/check-your-mail/")
        page.goto(_link(email, "/stories/confirm/"))
        page.locator("main form button[type=submit]").click()
        page.locator("main h1").wait_for()
        _axe(page)
        story = CommunityStory.objects.get(email=email)
        assert story.status == StoryStatus.SUBMITTED and story.language == language
        assert story.photos.count() == 1

    published = CommunityStory.objects.filter(status=StoryStatus.PUBLISHED).select_related("page")
    assert published.count() == 3
    story_page = journey.new_page(locale="en-GB")
    journey.goto(published.get(language="en").page.url, story_page)
    _axe(story_page)
    journey.screenshot("outreach-community-story", story_page)

    admin = journey.new_page()
    journey.login("lan", admin)
    toulouse = Partner.objects.get(name="Ville de Toulouse")
    journey.goto(f"/admin/outreach/partners/{toulouse.pk}/", admin)
    admin.locator("main h2").first.wait_for()
    journey.screenshot("outreach-partner", admin)
