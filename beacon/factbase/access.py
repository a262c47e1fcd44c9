"""Who may work the fact base, and the one access function per object type.

==========  ===============================  ==========================================
role        facts (area ``facts``)           claims and responses (area ``claims``)
==========  ===============================  ==========================================
coordinator read all, edit all               triage, request facts, draft responses
analyst     read all                         triage, request facts, draft responses
editor      read all, edit all               read
reviewer    read all (approves through the   read
            workflow, area ``approval``)
officer     read all, edit own agency's      the fact requests sent to own agency
translator  read all                         nothing
viewer      read all                         nothing
==========  ===============================  ==========================================

Claims belong to no agency (what foreign media say concerns the whole city): reading them takes
``Scope.ALL`` in ``claims``; an officer's ``Scope.OWN`` reaches only fact requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role

if TYPE_CHECKING:
    from beacon.core.types import UserLike
    from beacon.factbase.models import Claim, Fact, FactQuerySet, FactRequestQuerySet

FACTS = "facts"
CLAIMS = "claims"

FACT_RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
    Role.OFFICER: Rule(Scope.ALL, Scope.OWN),
    Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
    Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
    Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
    Role.VIEWER: Rule(Scope.ALL, Scope.NONE),
}
CLAIM_RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.ANALYST: Rule(Scope.ALL, Scope.ALL),
    Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
    Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
    Role.OFFICER: Rule(Scope.OWN, Scope.OWN),
}


AREAS = {FACTS: FACT_RULES, CLAIMS: CLAIM_RULES}


def can_read_claims(user: UserLike) -> bool:
    return policy.agency_ids_for(user, CLAIMS, "read") is policy.ALL_AGENCIES


def can_triage(user: UserLike) -> bool:
    """Confirm or reject matches, paste claims, request facts, draft responses."""
    return policy.agency_ids_for(user, CLAIMS, "write") is policy.ALL_AGENCIES


def can_see_fact_requests(user: UserLike) -> bool:
    return policy.can(user, CLAIMS, "read")


def get_claim_for_user(user: UserLike, pk: int, *, write: bool = False) -> Claim:
    from beacon.factbase.models import Claim

    if not can_read_claims(user):
        raise PermissionDenied
    claim = Claim.objects.select_related("article", "article__source").filter(pk=pk).first()
    if claim is None:
        raise Http404
    if write and not can_triage(user):
        raise PermissionDenied
    return claim


def fact_requests_for_user(user: UserLike) -> FactRequestQuerySet:
    from beacon.factbase.models import FactRequest

    queryset: FactRequestQuerySet = FactRequest.objects.select_related("claim", "agency")
    return scoped(queryset, user, CLAIMS, "read", "agency_id")


def facts_for_user(user: UserLike, *, write: bool = False) -> FactQuerySet:
    from beacon.factbase.models import Fact

    queryset: FactQuerySet = Fact.objects.all()
    return scoped(queryset, user, FACTS, "write" if write else "read", "agency_id")


def get_fact_for_user(user: UserLike, pk: int, *, write: bool = False) -> Fact:
    from beacon.factbase.models import Fact

    fact = Fact.objects.select_related("agency").filter(pk=pk).first()
    if fact is None or not policy.can(user, FACTS, "read", fact.agency):
        raise Http404
    if write and not policy.can(user, FACTS, "write", fact.agency):
        raise PermissionDenied
    return fact
