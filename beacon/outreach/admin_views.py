"""Outreach in the admin: partners, events with check-in, press requests, community stories.

Views are thin: each fetches through ``access`` and writes through ``actions``.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from beacon.core import policy
from beacon.core.city import get_city_profile
from beacon.outreach import access, actions, partner_io
from beacon.outreach.models import (
    Contact,
    OutreachEvent,
    Partner,
    PartnerKind,
    PartnerList,
    PressStatus,
    RegistrationStatus,
    StoryStatus,
)
from beacon.portal.models import EventPage


def _render(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return render(
        request,
        f"outreach/admin/{template}.html",
        {"page_title": title, "header_icon": "group", **context},
    )


def _need(user: Any, area: str) -> None:
    if not policy.can(user, area, "read"):
        raise PermissionDenied


# Partners


class PartnerForm(forms.ModelForm):
    languages_text = forms.CharField(
        label=gettext_lazy("Languages"), required=False, help_text=gettext_lazy("e.g. fr, en")
    )

    class Meta:
        model = Partner
        fields = ["name", "kind", "country", "agency", "website", "notes"]


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "language", "is_press", "consent_on",
                  "consent_source", "keep_until"]  # fmt: skip
        widgets = {
            "consent_on": forms.DateInput(attrs={"type": "date"}),
            "keep_until": forms.DateInput(attrs={"type": "date"}),
        }


@require_GET
def partner_index(request: HttpRequest) -> HttpResponse:
    _need(request.user, access.PARTNERS)
    partners = access.partners_for_user(request.user).annotate(contact_count=Count("contacts"))
    kind, country = request.GET.get("kind", ""), request.GET.get("country", "").upper()
    if kind:
        partners = partners.filter(kind=kind)
    if country:
        partners = partners.filter(country=country)
    if request.GET.get("format") in ("csv", "xlsx"):
        fmt = request.GET["format"]
        data = partner_io.export_csv(partners) if fmt == "csv" else partner_io.export_xlsx(partners)
        kind_header = (
            "text/csv"
            if fmt == "csv"
            else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        response = HttpResponse(data, content_type=kind_header)
        response["Content-Disposition"] = f'attachment; filename="partners.{fmt}"'
        return response
    countries = sorted(set(partners.values_list("country", flat=True)))
    return _render(
        request, "partners", _("Partners"), partners=partners[:500], kinds=PartnerKind.choices,
        kind=kind, country=country, countries=countries,
        can_add=policy.can(request.user, access.PARTNERS, "write"),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def partner_add(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, access.PARTNERS, "write"):
        raise PermissionDenied
    form = PartnerForm(request.POST or None)
    cast(forms.ModelChoiceField, form.fields["agency"]).queryset = policy_agencies(
        request.user, access.PARTNERS
    )
    if request.method == "POST" and form.is_valid():
        partner = form.save(commit=False)
        partner.languages = [
            c.strip() for c in form.cleaned_data["languages_text"].split(",") if c.strip()
        ]
        try:
            actions.do_save_partner(partner, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("outreach_partner", pk=partner.pk)
    return _render(request, "form", _("New partner"), form=form)


def policy_agencies(user: Any, area: str) -> Any:
    from beacon.core.models import Agency

    ids = policy.agency_ids_for(user, area, "write")
    return Agency.objects.all() if ids is None else Agency.objects.filter(pk__in=ids)


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, pk)
    show_contacts = access.can_see_contacts(request.user, partner)
    return _render(
        request, "partner", partner.name, partner=partner,
        contacts=partner.contacts.all() if show_contacts else None,
        agreements=partner.agreements.select_related("document"),
        history=partner.history.all()[:50],
        lists=partner.lists.all(), contact_form=ContactForm() if show_contacts else None,
    )  # fmt: skip


@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        contact = form.save(commit=False)
        contact.partner = partner
        try:
            actions.do_save_contact(contact, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Contact added."))
    else:
        messages.error(
            request, " ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
        )
    return redirect("outreach_partner", pk=partner.pk)


@require_POST
def contact_withdraw(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    partner = access.get_partner_for_user(request.user, pk, write=True)
    contact = partner.contacts.filter(pk=contact_pk).first()
    if contact is not None:
        actions.do_withdraw_contact(contact, acting_user=request.user)
        messages.success(request, _("Consent withdrawn: the contact's details are erased."))
    return redirect("outreach_partner", pk=partner.pk)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


@require_http_methods(["GET", "POST"])
def partner_import(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, access.PARTNERS, "write"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = partner_io.read_table(upload.name, upload.read())
        except ValidationError as error:
            form.add_error("file", error)
        else:
            result = actions.do_import_partners(rows, acting_user=request.user)
    return _render(
        request, "import", _("Import partners"), form=form, result=result,
        columns=partner_io.COLUMNS,
    )  # fmt: skip


# Events


@require_GET
def event_index(request: HttpRequest) -> HttpResponse:
    _need(request.user, access.EVENTS)
    events = access.events_for_user(request.user).annotate(
        registered=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waiting")),
        present=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    )
    return _render(
        request, "events", _("Outreach events"), events=events.order_by("-page__start")[:200],
        can_add=policy.can(request.user, access.EVENTS, "write"),
    )  # fmt: skip


class EventForm(forms.ModelForm):
    languages_text = forms.CharField(
        label=gettext_lazy("Languages spoken"),
        required=False,
        help_text=gettext_lazy("e.g. vi, en"),
    )

    class Meta:
        model = OutreachEvent
        fields = ["page", "kind", "capacity", "organiser", "cooperating", "map_url",
                  "registration_open"]  # fmt: skip


@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest) -> HttpResponse:
    """Outreach details for a portal event page (in the source language, not yet attached)."""
    if not policy.can(request.user, access.EVENTS, "write"):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    profile = get_city_profile()
    source = profile.source_language if profile else Locale.get_default().language_code
    cast(forms.ModelChoiceField, form.fields["page"]).queryset = EventPage.objects.filter(
        locale__language_code=source, outreach__isnull=True
    )
    cast(forms.ModelChoiceField, form.fields["organiser"]).queryset = policy_agencies(
        request.user, access.EVENTS
    )
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        event.languages = [
            c.strip() for c in form.cleaned_data["languages_text"].split(",") if c.strip()
        ]
        try:
            actions.do_save_event(event, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            event.cooperating.set(form.cleaned_data["cooperating"])
            return redirect("outreach_event", pk=event.pk)
    return _render(request, "form", _("Registration for a portal event"), form=form)


@require_http_methods(["GET", "POST"])
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_for_user(request.user, pk)
    can_write = access.events_for_user(request.user, write=True).filter(pk=pk).exists()
    lists = PartnerList.objects.filter(
        agency_id__in=policy_agencies(request.user, access.PARTNERS).values("pk")
    )
    if request.method == "POST":
        chosen = lists.filter(pk=request.POST.get("partner_list") or 0).first()
        if not can_write or chosen is None:
            raise PermissionDenied
        invitation = actions.do_invite(event, chosen, acting_user=request.user)
        messages.success(
            request, _("Invitation sent to %(n)d contacts.") % {"n": invitation.sent_to}
        )
        return redirect("outreach_event", pk=event.pk)
    registrations = event.registrations.all() if can_write else None
    counts = {
        status: event.registrations.filter(status=status).count() for status in RegistrationStatus
    }
    present = event.registrations.filter(checked_in_at__isnull=False).count()
    return _render(
        request, "event", event.page.title, event=event, registrations=registrations,
        counts=counts, present=present, can_write=can_write, lists=lists,
        invitations=event.invitations.select_related("partner_list"),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """The door screen (phone-sized): the camera reads QR codes, or the code is typed.

    POST takes a code and answers JSON for the scanner, or a page for the typed fallback
    without JavaScript.
    """
    event = access.get_event_for_user(request.user, pk, write=True)
    result: dict[str, Any] | None = None
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            registration = actions.do_check_in(event, code, acting_user=request.user)
        except actions.CheckInError as error:
            result = {"ok": False, "message": str(error)}
        else:
            result = {
                "ok": True,
                "message": _("Welcome, %(name)s.") % {"name": registration.name},
            }
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({**result, "present": _present(event)})
    return _render(
        request, "check_in", _("Check-in"), event=event, result=result,
        present=_present(event), seats=event.seats_taken(),
    )  # fmt: skip


def _present(event: Any) -> int:
    return int(event.registrations.filter(checked_in_at__isnull=False).count())


# Foreign press


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 6}))
    approved = forms.BooleanField(label=gettext_lazy("Grant the request"), required=False)


@require_GET
def press_index(request: HttpRequest) -> HttpResponse:
    _need(request.user, access.PRESS)
    requests = access.press_requests_for_user(request.user)[:300]
    press_contacts = (
        Contact.objects.reachable()
        .filter(
            is_press=True,
            partner__in=access.partners_for_user(request.user, write=True),
        )
        .select_related("partner")
    )
    return _render(
        request, "press", _("Foreign press"), requests=requests, press_contacts=press_contacts
    )


@require_http_methods(["GET", "POST"])
def press_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_press_request_for_user(request.user, pk)
    can_draft = policy.can(request.user, access.PRESS, "write", item.agency)
    can_review = access.can_review_press(request.user, item)
    form = AnswerForm(request.POST or None, initial={"answer": item.answer,
                                                      "approved": item.approved})  # fmt: skip
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "draft" and form.is_valid():
                actions.do_draft_press_answer(
                    item, answer=form.cleaned_data["answer"],
                    approved=form.cleaned_data["approved"], acting_user=request.user,
                )  # fmt: skip
                messages.success(request, _("The answer waits for review."))
                return redirect("outreach_press", pk=item.pk)
            if step in ("accept", "return"):
                actions.do_review_press_answer(
                    item, accept=step == "accept", acting_user=request.user
                )
                return redirect("outreach_press", pk=item.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("outreach_press", pk=item.pk)
    return _render(
        request, "press_request", str(item), item=item, form=form,
        can_draft=can_draft and item.status != PressStatus.ANSWERED,
        can_review=can_review and item.status == PressStatus.IN_REVIEW,
    )  # fmt: skip


# Community stories


@require_GET
def story_index(request: HttpRequest) -> HttpResponse:
    _need(request.user, access.STORIES)
    stories = access.stories_for_user(request.user).exclude(status=StoryStatus.UNCONFIRMED)
    return _render(request, "stories", _("Community stories"), stories=stories[:300])


@require_http_methods(["GET", "POST"])
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    story = access.get_story_for_user(request.user, pk)
    if request.method == "POST":
        story = access.get_story_for_user(request.user, pk, write=True)
        try:
            actions.do_moderate_story(
                story, publish=request.POST.get("step") == "publish", acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("outreach_story", pk=story.pk)
    return _render(
        request, "story", story.title, story=story,
        photos=story.photos.select_related("image"),
        can_moderate=policy.can(request.user, access.STORIES, "write", story.agency)
        and story.status == StoryStatus.SUBMITTED,
    )  # fmt: skip
