"""The analyst's screens: claims inbox, a claim with its candidates, fact requests, responses.

Each view checks access through ``access``, calls one action, and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.factbase import access, actions, index, matching
from beacon.factbase.forms import ClaimForm, FactRequestForm, ResponseForm, RetireForm
from beacon.factbase.models import (
    Candidate,
    Claim,
    ClaimStatus,
    Decision,
    FactCheckPage,
    Response,
)

INBOX_LIMIT = 200


def _render(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return TemplateResponse(
        request, f"factbase/{template}", {"page_title": title, "header_title": title, **context}
    )


def inbox(request: HttpRequest) -> HttpResponse:
    if not access.can_read_claims(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ClaimStatus.NEW)
    claims = Claim.objects.with_status(status).select_related("article", "article__source")
    return _render(
        request,
        "inbox.html",
        _("Claims"),
        claims=claims[:INBOX_LIMIT],
        status=status,
        statuses=ClaimStatus.choices,
        can_triage=access.can_triage(request.user),
    )


def add_claim(request: HttpRequest) -> HttpResponse:
    if not access.can_triage(request.user):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        claim = actions.do_add_claim(
            form.cleaned_data["text"], form.cleaned_data["language"], acting_user=request.user
        )
        return _match_and_show(request, claim)
    return _render(request, "add_claim.html", _("Add a claim"), form=form)


def _match_and_show(request: HttpRequest, claim: Claim) -> HttpResponse:
    try:
        report = actions.do_match_claim(claim)
    except index.EmptyFactBase as error:
        messages.warning(request, str(error))
    else:
        for notice in report.notices:
            messages.info(request, notice)
    return redirect("factbase:claim", claim.pk)


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk)
    return _claim_screen(request, claim)


def _claim_screen(
    request: HttpRequest,
    claim: Claim,
    *,
    request_form: FactRequestForm | None = None,
    response_form: ResponseForm | None = None,
) -> HttpResponse:
    """The claim with its candidates; a form that failed is shown again with its errors."""
    candidates = claim.candidates.select_related("fact", "fact__agency", "fact_check")
    listed = list(candidates)
    rated = [
        (candidate, share, matching.strength(share))
        for candidate, share in zip(listed, matching.shares([c.score for c in listed]), strict=True)
    ]
    response = _render(
        request,
        "claim.html",
        _("Claim"),
        claim=claim,
        candidates=rated,
        responses=claim.responses.select_related("page"),
        requests=claim.fact_requests.select_related("agency"),
        can_triage=access.can_triage(request.user),
        request_form=request_form or FactRequestForm(),
        response_form=response_form or ResponseForm(),
        has_confirmed=candidates.filter(decision=Decision.CONFIRMED).exists(),
    )
    if request_form is not None or response_form is not None:
        response.status_code = 400
    return response


def _field_errors(error: ValidationError, model: Any) -> list[str]:
    """An action's validation errors, each named by the field it is about."""
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    found = []
    for name, messages_ in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            found.extend(messages_)
            continue
        label = capfirst(str(model._meta.get_field(name).verbose_name))
        found.extend(f"{label}: {message}" for message in messages_)
    return found


@require_POST
def claim_match(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk, write=True)
    return _match_and_show(request, claim)


@require_POST
def claim_reject(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk, write=True)
    actions.do_reject_claim(claim, acting_user=request.user)
    return redirect("factbase:inbox")


def _candidate(request: HttpRequest, pk: int, candidate_pk: int) -> Candidate:
    claim = access.get_claim_for_user(request.user, pk, write=True)
    candidate = claim.candidates.filter(pk=candidate_pk).first()
    if candidate is None:
        raise Http404
    return candidate


@require_POST
def candidate_decide(
    request: HttpRequest, pk: int, candidate_pk: int, decision: str
) -> HttpResponse:
    candidate = _candidate(request, pk, candidate_pk)
    if decision == "confirm":
        actions.do_confirm_candidate(candidate, acting_user=request.user)
    else:
        actions.do_reject_candidate(candidate, acting_user=request.user)
    return redirect("factbase:claim", pk)


@require_POST
def claim_request_fact(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk, write=True)
    form = FactRequestForm(request.POST)
    if not form.is_valid():
        return _claim_screen(request, claim, request_form=form)
    actions.do_request_fact(
        claim, form.cleaned_data["agency"], form.cleaned_data["note"], acting_user=request.user
    )
    messages.success(request, _("The agency has been asked for a fact."))
    return redirect("factbase:claim", pk)


@require_POST
def claim_respond(request: HttpRequest, pk: int) -> HttpResponse:
    claim = access.get_claim_for_user(request.user, pk, write=True)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return _claim_screen(request, claim, response_form=form)
    try:
        draft = actions.do_draft_response(
            claim, form.cleaned_data["verdict"], acting_user=request.user
        )
    except ValidationError as error:
        for message in _field_errors(error, FactCheckPage):
            form.add_error(None, message)
        return _claim_screen(request, claim, response_form=form)
    for notice in draft.notices:
        messages.info(request, notice)
    messages.success(request, _("The response has been drafted and submitted for review."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[draft.response.page_id]))


def fact_requests(request: HttpRequest) -> HttpResponse:
    if not access.can_see_fact_requests(request.user):
        raise PermissionDenied
    rows = access.fact_requests_for_user(request.user)
    if request.GET.get("show") != "all":
        rows = rows.open()
    return _render(request, "requests.html", _("Requests for a fact"), rows=rows[:INBOX_LIMIT])


def responses(request: HttpRequest) -> HttpResponse:
    if not access.can_read_claims(request.user):
        raise PermissionDenied
    show = request.GET.get("show", "")
    rows = Response.objects.select_related("claim", "page")
    if show == "review":
        rows = rows.needing_review()
    return _render(request, "responses.html", _("Responses"), rows=rows[:INBOX_LIMIT], show=show)


def facts_due(request: HttpRequest) -> HttpResponse:
    facts = access.facts_for_user(request.user, write=True).due_for_review()
    return _render(
        request, "due.html", _("Facts due for review"), facts=facts.select_related("agency")
    )


def fact_retire(request: HttpRequest, pk: int) -> HttpResponse:
    fact = access.get_fact_for_user(request.user, pk, write=True)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        stale = actions.do_retire_fact(fact, form.cleaned_data["reason"], acting_user=request.user)
        messages.success(request, _("The fact is retired: it will not be cited again."))
        if stale:
            messages.warning(
                request,
                _("%(count)d published responses cite it: review them.") % {"count": stale},
            )
            return redirect(reverse("factbase:responses") + "?show=review")
        return redirect("factbase:due")
    return _render(request, "retire.html", _("Retire a fact"), fact=fact, form=form)
