"""The mails outreach sends, each in the reader's language, with its private links.

One function per kind, named in ``KINDS``; the task ``send_mail(kind, pk)`` calls it, so every
mail leaves from a worker, after the transaction that caused it has committed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from beacon.outreach import tokens
from beacon.outreach.models import (
    CommunityStory,
    Contact,
    Invitation,
    PressRequest,
    Registration,
)
from beacon.outreach.tickets import ics


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def _send(to: str, language: str, template: str, context: dict, attach: bytes = b"") -> None:
    with translation.override(language):
        subject = render_to_string(f"outreach/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"outreach/email/{template}.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[to],
        connection=get_connection(timeout=settings.BEACON_NEWSLETTER_SMTP_TIMEOUT),
    )
    if attach:
        message.attach("event.ics", attach, "text/calendar")
    message.send()


def registration_links(registration: Registration) -> dict[str, str]:
    with translation.override(registration.language):
        return {
            "ticket_url": absolute(
                reverse("outreach_ticket", args=[tokens.make("ticket", registration)])
            ),
            "cancel_url": absolute(
                reverse("outreach_cancel", args=[tokens.make("cancel", registration)])
            ),
        }


def _registration(kind: str, pk: int) -> None:
    registration = Registration.objects.select_related("event__page").get(pk=pk)
    context: dict = {"registration": registration, "page": registration.event.page}
    if kind == "registration_confirm":
        with translation.override(registration.language):
            path = reverse(
                "outreach_confirm_registration",
                args=[tokens.make_expiring("registration", registration)],
            )
        context["confirm_url"] = absolute(path)
        _send(registration.email, registration.language, kind, context)
        return
    context.update(registration_links(registration))
    attach = ics(registration, context["ticket_url"]) if kind != "registration_reminder" else b""
    _send(registration.email, registration.language, kind, context, attach)
    if kind == "registration_reminder":
        Registration.objects.filter(pk=pk).update(reminded_at=timezone.now())


def _invitation(_kind: str, pk: int) -> None:
    invitation = Invitation.objects.select_related("event__page").get(pk=pk)
    page = invitation.event.page
    contacts = Contact.objects.reachable().filter(partner__lists=invitation.partner_list)
    for contact in contacts.distinct():
        language = contact.language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = absolute(reverse("outreach_register", args=[invitation.event.pk]))
        _send(contact.email, language, "invitation", {"contact": contact, "page": page,
                                                     "register_url": url})  # fmt: skip


def _press(kind: str, pk: int) -> None:
    request = PressRequest.objects.select_related("agency").get(pk=pk)
    with translation.override(request.language):
        path = reverse("outreach_press_status", args=[tokens.make("press", request)])
    _send(request.email, request.language, kind, {"request": request,
                                                  "status_url": absolute(path)})  # fmt: skip


def _story(kind: str, pk: int) -> None:
    story = CommunityStory.objects.get(pk=pk)
    with translation.override(story.language):
        path = reverse("outreach_confirm_story", args=[tokens.make_expiring("story", story)])
    _send(story.email, story.language, kind, {"story": story, "confirm_url": absolute(path)})


KINDS: dict[str, Callable[[str, int], None]] = {
    "registration_confirm": _registration,
    "registration_ticket": _registration,
    "registration_promoted": _registration,
    "registration_reminder": _registration,
    "invitation": _invitation,
    "press_received": _press,
    "press_answered": _press,
    "story_confirm": _story,
}
