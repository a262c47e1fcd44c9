"""The public outreach pages: registration, ticket, cancellation, press requests, stories.

No cookie is ever set. Forms post without Django's CSRF cookie and carry a signed, time-limited
token, a honeypot and a rate limit per connection (counted in the cache under a keyed hash of
the address, never stored). Links in mails are authorised by their keyed token; a GET on them
shows one button (mail scanners follow links) and the POST acts.
"""

from __future__ import annotations

import hashlib
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from beacon.outreach import actions, tokens
from beacon.outreach.forms import PressRequestForm, PublicForm, RegisterForm, StoryForm
from beacon.outreach.mailing import registration_links
from beacon.outreach.models import (
    CommunityStory,
    OutreachEvent,
    PressRequest,
    Registration,
    RegistrationStatus,
    StoryStatus,
)
from beacon.outreach.photos import clean_photo
from beacon.outreach.tickets import ics, qr_svg
from beacon.portal.seo import locale_meta

METHODS = ["GET", "HEAD", "POST"]


def _page(
    request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"outreach/{template}.html",
        {"meta": locale_meta(request, title), **context},
        status=status,
    )


def _message(request: HttpRequest, title: str, text: str, status: int = 200) -> HttpResponse:
    return _page(request, "message", title, status=status, text=text)


def _over_limit(request: HttpRequest, what: str) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    key = f"outreach:rate:{what}:{digest}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > settings.BEACON_OUTREACH_RATE_LIMIT


def _refused(request: HttpRequest, form: PublicForm, what: str) -> HttpResponse | None:
    """The answer to a submission that is not processed: too many, or a robot."""
    if _over_limit(request, what):
        return _message(request, _("Too many requests"), _(
            "Too many requests from your connection. Please try again in an hour."
        ), status=429)  # fmt: skip
    if request.POST.get("website"):  # a robot: answered like everyone, nothing done
        return _message(request, _("Check your mailbox"), _(
            "A message with a confirmation link is on its way."
        ))  # fmt: skip
    return None


def _fresh(form: PublicForm, request: HttpRequest) -> bool:
    """Whether the token is good; if not, the error is on the form and a new token given."""
    if tokens.check_form_token(request.POST.get("token", "")):
        return True
    form.add_error(None, _("This form has expired. Please send it again."))
    return False


def _retry(form: PublicForm) -> None:
    data = cast(QueryDict, form.data).copy()
    data["token"] = tokens.form_token()
    form.data = data


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return _message(request, _("This link does not work"), _(
        "The link is not valid or has expired."
    ), status=404)  # fmt: skip


# Events


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(OutreachEvent.objects.select_related("page"), pk=pk)
    page = event.page.localized
    if not page.live:
        raise Http404
    title = _("Register: %(title)s") % {"title": page.title}
    context = {"event": event, "page": page, "seats_left": _seats_left(event)}
    if request.method != "POST":
        form = RegisterForm(initial={"token": tokens.form_token()})
        return _page(request, "register", title, form=form, **context)
    form = RegisterForm(request.POST)
    refused = _refused(request, form, "register")
    if refused is not None:
        return refused
    if _fresh(form, request) and form.is_valid():
        actions.do_register(
            event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            organisation=form.cleaned_data["organisation"],
            language=translation.get_language(),
        )
        return HttpResponseRedirect(reverse("outreach_check_mail"), status=303)
    _retry(form)
    return _page(request, "register", title, status=400, form=form, **context)


def _seats_left(event: OutreachEvent) -> int | None:
    return max(event.capacity - event.seats_taken(), 0) if event.capacity else None


@never_cache
@require_GET
def check_mail(request: HttpRequest) -> HttpResponse:
    return _message(request, _("Check your mailbox"), _(
        "A message with a confirmation link is on its way. Nothing is registered or sent on "
        "until you follow that link."
    ))  # fmt: skip


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def confirm_registration(request: HttpRequest, token: str) -> HttpResponse:
    registration = tokens.check_expiring("registration", Registration, token)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return _invalid_link(request)
    if request.method == "POST":
        registration = actions.do_confirm_registration(registration)
    return _page(
        request, "confirm_registration", _("Confirm your registration"),
        registration=registration, page=registration.event.page.localized,
        pending=registration.status == RegistrationStatus.PENDING,
        ticket_url=registration_links(registration)["ticket_url"],
    )  # fmt: skip


@never_cache
@require_GET
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration = tokens.check("ticket", Registration, token)
    if registration is None:
        return _invalid_link(request)
    if request.GET.get("format") == "ics":
        response = HttpResponse(
            ics(registration, request.build_absolute_uri()), content_type="text/calendar"
        )
        response["Content-Disposition"] = 'attachment; filename="event.ics"'
        return response
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return _page(
        request, "ticket", _("Your ticket"), registration=registration,
        page=registration.event.page.localized, confirmed=confirmed,
        qr=qr_svg(registration.code) if confirmed else "",
        cancel_url=reverse("outreach_cancel", args=[tokens.make("cancel", registration)]),
    )  # fmt: skip


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = tokens.check("cancel", Registration, token)
    if registration is None:
        return _invalid_link(request)
    if request.method == "POST":
        registration = actions.do_cancel_registration(registration)
    return _page(
        request, "cancel", _("Cancel your registration"), registration=registration,
        page=registration.event.page.localized,
        done=registration.status == RegistrationStatus.CANCELLED,
    )  # fmt: skip


# Foreign press


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def press_request(request: HttpRequest) -> HttpResponse:
    title = _("Reporting in the city: a request for foreign journalists")
    if request.method != "POST":
        form = PressRequestForm(initial={"token": tokens.form_token()})
        return _page(request, "press_request", title, form=form)
    form = PressRequestForm(request.POST)
    refused = _refused(request, form, "press")
    if refused is not None:
        return refused
    if _fresh(form, request) and form.is_valid():
        item: PressRequest = form.save(commit=False)
        item.language = translation.get_language()
        try:
            actions.do_submit_press_request(item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return HttpResponseRedirect(reverse("outreach_check_mail"), status=303)
    _retry(form)
    return _page(request, "press_request", title, status=400, form=form)


@never_cache
@require_GET
def press_status(request: HttpRequest, token: str) -> HttpResponse:
    item = tokens.check("press", PressRequest, token)
    if item is None:
        return _invalid_link(request)
    return _page(request, "press_status", _("Your press request"), item=item)


# Community stories


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def story_submit(request: HttpRequest) -> HttpResponse:
    title = _("Hanoi through your eyes: share your story")
    if request.method != "POST":
        form = StoryForm(initial={"token": tokens.form_token(), "licence": "cc-by-4.0"})
        return _page(request, "story_submit", title, form=form)
    form = StoryForm(request.POST, request.FILES)
    refused = _refused(request, form, "story")
    if refused is not None:
        return refused
    if _fresh(form, request) and form.is_valid():
        photos = []
        for upload in form.cleaned_data["photos"]:
            data = upload.read()
            try:
                clean_photo(data)
            except ValidationError as error:
                form.add_error("photos", f"{upload.name}: {' '.join(error.messages)}")
                continue
            photos.append((data, form.cleaned_data["photo_description"]))
        if not form.errors:
            story: CommunityStory = form.save(commit=False)
            story.language = translation.get_language()
            actions.do_submit_story(story, photos)
            return HttpResponseRedirect(reverse("outreach_check_mail"), status=303)
    _retry(form)
    return _page(request, "story_submit", title, status=400, form=form)


@never_cache
@csrf_exempt
@require_http_methods(METHODS)
def confirm_story(request: HttpRequest, token: str) -> HttpResponse:
    story = tokens.check_expiring("story", CommunityStory, token)
    if story is None:
        return _invalid_link(request)
    if request.method == "POST":
        story = actions.do_confirm_story(story)
    return _page(
        request, "confirm_story", _("Confirm your story"), story=story,
        confirmed=story.status != StoryStatus.UNCONFIRMED,
    )  # fmt: skip
