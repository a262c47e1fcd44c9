"""The fact base's lines on the admin dashboard."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from beacon.core.dashboard import Line, register
from beacon.factbase import access
from beacon.factbase.models import Claim, ClaimStatus, Response


@register
def factbase_lines(request: HttpRequest) -> list[Line]:
    user = request.user
    lines: list[Line] = []
    if access.can_triage(user):
        new = Claim.objects.filter(status=ClaimStatus.NEW).count()
        if new:
            lines.append(Line(_("claims to triage"), reverse("factbase:inbox"), new, "warning"))
        stale = Response.objects.needing_review().count()
        if stale:
            lines.append(
                Line(
                    _("published responses cite a fact retired since"),
                    reverse("factbase:responses") + "?show=review",
                    stale,
                    "critical",
                )
            )
    if access.can_see_fact_requests(user):
        requests = access.fact_requests_for_user(user).open().count()
        if requests:
            lines.append(
                Line(
                    _("claims wait for a fact from your agency"),
                    reverse("factbase:requests"),
                    requests,
                    "warning",
                )
            )
    due = access.facts_for_user(user, write=True).due_for_review().count()
    if due:
        lines.append(Line(_("facts due for review"), reverse("factbase:due"), due, "info"))
    return lines
