"""Every write to partners, events and registrations, press requests and community stories.

Staff actions are audited; personal data (a contact's or a registrant's name and address) are
never copied into the audit log, which records only that a row changed. The public's own steps
(register, confirm, cancel, ask, submit) are not audited either, as in the newsletters app: the
row itself says when each step happened. Mails leave in ``transaction.on_commit``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.outreach import access
from beacon.outreach.models import (
    CommunityStory,
    Contact,
    Invitation,
    OutreachEvent,
    Partner,
    PartnerList,
    PressRequest,
    PressStatus,
    Registration,
    RegistrationStatus,
    StoryStatus,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    UserLike = User | AnonymousUser


def _mail(kind: str, pk: int) -> None:
    from beacon.outreach.tasks import send_mail

    transaction.on_commit(lambda: send_mail.delay(kind, pk))


def normalise_email(email: str) -> str:
    return email.strip().lower()


# Partners and contacts


@transaction.atomic
def do_save_partner(partner: Partner, *, acting_user: UserLike | None) -> Partner:
    if acting_user is not None and not policy.can(
        acting_user, access.PARTNERS, "write", partner.agency
    ):
        raise PermissionDenied
    verb = "update" if partner.pk else "create"
    save_with_audit(partner, acting_user=acting_user, verb=verb, agency=partner.agency)
    return partner


@transaction.atomic
def do_save_contact(contact: Contact, *, acting_user: UserLike | None) -> Contact:
    """Record a contact who agreed to be contacted: consent date and source are required."""
    agency = contact.partner.agency
    if acting_user is not None and not policy.can(acting_user, access.PARTNERS, "write", agency):
        raise PermissionDenied
    if contact.consent_on and contact.consent_on > timezone.localdate():
        raise ValidationError({"consent_on": _("Consent cannot be given in the future.")})
    verb = "update" if contact.pk else "create"
    contact.email = normalise_email(contact.email)
    contact.full_clean()
    contact.save()
    audit.record(actor=acting_user, action=f"contact.{verb}", instance=contact, agency=agency)
    return contact


def _erase(contact: Contact, now: datetime) -> None:
    contact.name = _("(erased)")
    contact.role = ""
    contact.email = ""
    contact.erased_at = now
    contact.save(update_fields=["name", "role", "email", "erased_at", "withdrawn_at"])


@transaction.atomic
def do_withdraw_contact(contact: Contact, *, acting_user: UserLike | None) -> Contact:
    """The person withdrew consent: never contacted again, and their details erased at once.

    The row stays (erased) so that the partner's history still says someone was there.
    """
    contact = (
        Contact.objects.select_related("partner__agency").select_for_update().get(pk=contact.pk)
    )
    agency = contact.partner.agency
    if acting_user is not None and not policy.can(acting_user, access.PARTNERS, "write", agency):
        raise PermissionDenied
    now = timezone.now()
    if contact.withdrawn_at is None:
        contact.withdrawn_at = now
    if contact.erased_at is None:
        _erase(contact, now)
        audit.record(actor=acting_user, action="contact.withdraw", instance=contact, agency=agency)
    return contact


@transaction.atomic
def do_erase_expired_contacts(today: date | None = None, *, dry_run: bool = False) -> int:
    """Erase contacts kept past their retention date (run daily by the scheduler)."""
    today = today or timezone.localdate()
    due = list(Contact.objects.due_for_erasure(today).select_for_update())
    if not dry_run:
        now = timezone.now()
        for contact in due:
            _erase(contact, now)
    return len(due)


@dataclass
class ImportResult:
    created: list[Partner] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def do_import_partners(
    rows: list[dict[str, str]], *, acting_user: UserLike | None, agency_code_default: str = ""
) -> ImportResult:
    """Create the partners of an imported table; duplicates (same name and country) are skipped.

    A row names a partner that exists already, or that an earlier row of the same file named,
    when ``Partner.dedupe_key`` matches; such rows are reported, never merged silently. A row
    that does not validate is reported with its line and nothing of it is saved.
    """
    from beacon.core.models import Agency

    agencies = {agency.code: agency for agency in Agency.objects.all()}
    seen = {Partner.dedupe_key(n, c) for n, c in Partner.objects.values_list("name", "country")}
    result = ImportResult()
    for line, row in enumerate(rows, start=2):
        name, country = row.get("name", "").strip(), row.get("country", "").strip().upper()
        key = Partner.dedupe_key(name, country)
        if key in seen:
            result.duplicates.append((line, name))
            continue
        agency = agencies.get(row.get("agency", "").strip() or agency_code_default)
        if agency is None:
            result.errors.append((line, _("Unknown agency code.")))
            continue
        languages = [code.strip() for code in row.get("languages", "").split(",") if code.strip()]
        partner = Partner(
            name=name,
            kind=row.get("kind", "").strip(),
            country=country,
            languages=languages,
            agency=agency,
            website=row.get("website", "").strip(),
        )
        try:
            with transaction.atomic():
                do_save_partner(partner, acting_user=acting_user)
        except ValidationError as error:
            result.errors.append((line, "; ".join(error.messages)))
            continue
        except PermissionDenied:
            result.errors.append((line, _("You may not add partners to this agency.")))
            continue
        seen.add(key)
        result.created.append(partner)
    return result


# Events and registrations


@transaction.atomic
def do_save_event(event: OutreachEvent, *, acting_user: UserLike | None) -> OutreachEvent:
    if acting_user is not None and not policy.can(
        acting_user, access.EVENTS, "write", event.organiser
    ):
        raise PermissionDenied
    verb = "update" if event.pk else "create"
    save_with_audit(event, acting_user=acting_user, verb=verb, agency=event.organiser)
    return event


@transaction.atomic
def do_register(
    event: OutreachEvent, *, name: str, email: str, organisation: str, language: str
) -> bool:
    """Ask the person to confirm by mail (double opt-in); True if a confirmation was mailed.

    The answer shown is the same whatever happens here, so the form never tells whether an
    address is registered. A confirmed registration is left as it is; a cancelled one starts
    again. One confirmation mail an hour per address and event, so the form floods nobody.
    """
    if not event.registration_open or event.is_cancelled:
        return False
    registration, created = Registration.objects.select_for_update().get_or_create(
        event=event,
        email=normalise_email(email),
        defaults={"name": name, "organisation": organisation, "language": language},
    )
    if registration.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
        return False
    recent = timezone.now() - registration.created_at < timedelta(hours=1)
    if not created and registration.status == RegistrationStatus.PENDING and recent:
        return False
    if not created:
        registration.name, registration.organisation = name, organisation
        registration.language = language
        registration.status = RegistrationStatus.PENDING
        registration.created_at = timezone.now()
        registration.cancelled_at = None
        registration.save()
    _mail("registration_confirm", registration.pk)
    return True


@transaction.atomic
def do_confirm_registration(registration: Registration) -> Registration:
    """Confirmed: a seat if one is left, else the waiting list. The ticket mail follows."""
    event = OutreachEvent.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        return registration
    registration.confirmed_at = timezone.now()
    registration.status = (
        RegistrationStatus.CONFIRMED if event.has_seat() else RegistrationStatus.WAITING
    )
    registration.save(update_fields=["status", "confirmed_at"])
    _mail("registration_ticket", registration.pk)
    return registration


@transaction.atomic
def do_cancel_registration(registration: Registration) -> Registration:
    """Cancel by the link in the mail; the first on the waiting list takes the freed seat."""
    event = OutreachEvent.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return registration
    freed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if freed and event.has_seat():
        waiting = (
            event.registrations.filter(status=RegistrationStatus.WAITING)
            .order_by("confirmed_at", "pk")
            .first()
        )
        if waiting is not None:
            waiting.status = RegistrationStatus.CONFIRMED
            waiting.save(update_fields=["status"])
            _mail("registration_promoted", waiting.pk)
    return registration


class CheckInError(Exception):
    """A code that lets nobody in, with the reason to show at the door."""


@transaction.atomic
def do_check_in(event: OutreachEvent, code: str, *, acting_user: UserLike | None) -> Registration:
    """Let in the holder of a ticket code (scanned from the QR code or typed)."""
    if (
        acting_user is not None
        and not access.events_for_user(acting_user, write=True).filter(pk=event.pk).exists()
    ):
        raise PermissionDenied
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    registration = (
        Registration.objects.select_for_update().filter(event=event, code=cleaned).first()
    )
    if registration is None:
        raise CheckInError(_("No ticket with this code for this event."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise CheckInError(
            _("This ticket is not valid: %(status)s.")
            % {"status": registration.get_status_display()}
        )
    if registration.checked_in_at is not None:
        raise CheckInError(
            _("Already checked in at %(time)s.")
            % {"time": timezone.localtime(registration.checked_in_at).strftime("%H:%M")}
        )
    registration.checked_in_at = timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


def due_reminders(now: datetime | None = None) -> list[int]:
    """Confirmed registrations to events starting within a day, not yet reminded."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__is_cancelled=False,
            event__page__start__gt=now,
            event__page__start__lte=now + timedelta(days=1),
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def do_invite(
    event: OutreachEvent, partner_list: PartnerList, *, acting_user: UserLike | None
) -> Invitation:
    """Mail the event's invitation to every reachable contact of the list's partners."""
    if (
        acting_user is not None
        and not access.events_for_user(acting_user, write=True).filter(pk=event.pk).exists()
    ):
        raise PermissionDenied
    contacts = Contact.objects.reachable().filter(partner__lists=partner_list).distinct()
    invitation = Invitation.objects.create(
        event=event,
        partner_list=partner_list,
        sent_to=contacts.count(),
        sent_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    audit.record(
        actor=acting_user, action="event.invite", instance=event, agency=event.organiser,
        changes={"list": [None, partner_list.name]},
    )  # fmt: skip
    _mail("invitation", invitation.pk)
    return invitation


# Foreign press


@transaction.atomic
def do_submit_press_request(request: PressRequest) -> PressRequest:
    request.email = normalise_email(request.email)
    if request.ends_on < request.starts_on:
        raise ValidationError({"ends_on": _("The visit cannot end before it starts.")})
    request.full_clean()
    request.save()
    _mail("press_received", request.pk)
    return request


@transaction.atomic
def do_draft_press_answer(
    request: PressRequest, *, answer: str, approved: bool, acting_user: UserLike
) -> PressRequest:
    """An officer drafts the answer; it waits for review before the journalist sees it."""
    request = PressRequest.objects.select_for_update().get(pk=request.pk)
    if not policy.can(acting_user, access.PRESS, "write", request.agency):
        raise PermissionDenied
    if request.status == PressStatus.ANSWERED:
        raise ValidationError(_("This request has been answered already."))
    request.answer, request.approved = answer.strip(), approved
    request.status = PressStatus.IN_REVIEW
    request.drafted_by = acting_user  # type: ignore[assignment]
    request.save()
    audit.record(
        actor=acting_user, action="pressrequest.draft", instance=request, agency=request.agency
    )
    return request


@transaction.atomic
def do_review_press_answer(
    request: PressRequest, *, accept: bool, acting_user: UserLike
) -> PressRequest:
    """Send the drafted answer (accept) or return it to the officer for another draft."""
    request = PressRequest.objects.select_for_update().get(pk=request.pk)
    if not access.can_review_press(acting_user, request):
        raise PermissionDenied
    if request.status != PressStatus.IN_REVIEW:
        raise ValidationError(_("There is no answer waiting for review."))
    request.reviewed_by = acting_user  # type: ignore[assignment]
    if accept:
        request.status = PressStatus.ANSWERED
        request.answered_at = timezone.now()
        _mail("press_answered", request.pk)
    else:
        request.status = PressStatus.RECEIVED
    request.save()
    verb = "accept" if accept else "return"
    audit.record(
        actor=acting_user, action=f"pressrequest.{verb}", instance=request, agency=request.agency
    )
    return request


# Community stories


@transaction.atomic
def do_submit_story(story: CommunityStory, photos: list[tuple[bytes, str]]) -> CommunityStory:
    """Save a story and its (already checked and cleaned) photos; mail a confirmation link."""
    from beacon.outreach.photos import save_photo

    story.email = normalise_email(story.email)
    story.consent_at = timezone.now()
    story.status = StoryStatus.UNCONFIRMED
    story.full_clean()
    story.save()
    for data, alt in photos:
        save_photo(story, data, alt)
    _mail("story_confirm", story.pk)
    return story


@transaction.atomic
def do_confirm_story(story: CommunityStory) -> CommunityStory:
    story = CommunityStory.objects.select_for_update().get(pk=story.pk)
    if story.status == StoryStatus.UNCONFIRMED:
        story.status = StoryStatus.SUBMITTED
        story.confirmed_at = timezone.now()
        story.save(update_fields=["status", "confirmed_at"])
    return story


@transaction.atomic
def do_moderate_story(
    story: CommunityStory, *, publish: bool, acting_user: UserLike | None
) -> CommunityStory:
    """Publish a confirmed story as a portal story page (translated from there), or refuse it."""
    from beacon.outreach.publishing import publish_story

    story = CommunityStory.objects.select_for_update().select_related("agency").get(pk=story.pk)
    if acting_user is not None and not policy.can(
        acting_user, access.STORIES, "write", story.agency
    ):
        raise PermissionDenied
    if story.status != StoryStatus.SUBMITTED:
        raise ValidationError(_("Only a confirmed story waiting for moderation can be moderated."))
    story.moderated_at = timezone.now()
    if acting_user is not None and acting_user.is_authenticated:
        story.moderated_by = acting_user  # type: ignore[assignment]
    if publish:
        story.page = publish_story(story, acting_user)
        story.status = StoryStatus.PUBLISHED
    else:
        story.status = StoryStatus.REJECTED
    story.save()
    verb = "publish" if publish else "reject"
    audit.record(
        actor=acting_user, action=f"communitystory.{verb}", instance=story, agency=story.agency
    )
    return story
