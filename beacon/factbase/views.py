"""The analyst's screens: claims inbox, a claim with its candidates, fact requests, responses.

Each view checks access through ``access``, calls one action, and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beacon.factbase import access, actions, index
from beacon.factbase.forms import ClaimForm, FactRequestForm, ResponseForm, RetireForm
from beacon.factbase.models import Candidate, Claim, ClaimStatus, Decision, Response

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
    candidates = claim.candidates.select_related("fact", "fact__agency", "fact_check")
    return _render(
        request,
        "claim.html",
        _("Claim"),
        claim=claim,
        candidates=candidates,
        responses=claim.responses.select_related("page"),
        requests=claim.fact_requests.select_related("agency"),
        can_triage=access.can_triage(request.user),
        request_form=FactRequestForm(),
        response_form=ResponseForm(),
        has_confirmed=candidates.filter(decision=Decision.CONFIRMED).exists(),
    )


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
        messages.error(request, _("Choose the agency that should establish the fact."))
        return redirect("factbase:claim", pk)
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
        messages.error(request, _("Choose a verdict."))
        return redirect("factbase:claim", pk)
    try:
        draft = actions.do_draft_response(
            claim, form.cleaned_data["verdict"], acting_user=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("factbase:claim", pk)
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
