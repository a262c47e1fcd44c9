"""Who reaches which partners, events, press requests and stories (see ``apps.py``'s table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from beacon.core import policy
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role
from beacon.outreach.models import CommunityStory, OutreachEvent, Partner, PressRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from beacon.core.models import Agency

    UserLike = User | AnonymousUser

PARTNERS, EVENTS, PRESS, PRESS_REVIEW, STORIES = (
    "outreach_partners",
    "outreach_events",
    "outreach_press",
    "outreach_press_review",
    "outreach_stories",
)
ALL, OWN, NO = Scope.ALL, Scope.OWN, Scope.NONE
RULES: dict[str, dict[Role, Rule]] = {
    PARTNERS: {
        Role.COORDINATOR: Rule(ALL, ALL),
        Role.OFFICER: Rule(OWN, OWN),
        Role.EDITOR: Rule(ALL, NO),
    },
    EVENTS: {
        Role.COORDINATOR: Rule(ALL, ALL),
        Role.OFFICER: Rule(OWN, OWN),
        Role.EDITOR: Rule(ALL, NO),
    },
    PRESS: {
        Role.COORDINATOR: Rule(ALL, ALL),
        Role.OFFICER: Rule(OWN, OWN),
        Role.REVIEWER: Rule(OWN, OWN),
    },
    PRESS_REVIEW: {
        Role.COORDINATOR: Rule(ALL, ALL),
        Role.REVIEWER: Rule(OWN, OWN),
    },
    STORIES: {
        Role.COORDINATOR: Rule(ALL, ALL),
        Role.EDITOR: Rule(OWN, OWN),
    },
}


def register() -> None:
    for area, rules in RULES.items():
        if area not in policy.POLICY:
            policy.register_area(area, rules)


def _scope(queryset: QuerySet, user: UserLike, area: str, write: bool) -> QuerySet:
    ids = policy.agency_ids_for(user, area, "write" if write else "read")
    return queryset.for_agencies(ids)  # type: ignore[attr-defined, no-any-return]


def _check(user: UserLike, area: str, agency: Agency, write: bool) -> None:
    if not policy.can(user, area, "read", agency):
        raise Http404
    if write and not policy.can(user, area, "write", agency):
        raise PermissionDenied


def partners_for_user(user: UserLike, *, write: bool = False) -> QuerySet[Partner]:
    return _scope(Partner.objects.select_related("agency"), user, PARTNERS, write)


def get_partner_for_user(user: UserLike, pk: int, *, write: bool = False) -> Partner:
    partner = Partner.objects.select_related("agency").filter(pk=pk).first()
    if partner is None:
        raise Http404
    _check(user, PARTNERS, partner.agency, write)
    return partner


def can_see_contacts(user: UserLike, partner: Partner) -> bool:
    """Contacts are personal data: only those who keep the partner up to date see them."""
    return policy.can(user, PARTNERS, "write", partner.agency)


def events_for_user(user: UserLike, *, write: bool = False) -> QuerySet[OutreachEvent]:
    queryset = OutreachEvent.objects.select_related("page", "organiser")
    return _scope(queryset, user, EVENTS, write)


def get_event_for_user(user: UserLike, pk: int, *, write: bool = False) -> OutreachEvent:
    """An event is reached through its organiser or any cooperating agency."""
    event = events_for_user(user, write=False).filter(pk=pk).first()
    if event is None:
        raise Http404
    if write and not events_for_user(user, write=True).filter(pk=pk).exists():
        raise PermissionDenied
    return event


def press_requests_for_user(user: UserLike) -> QuerySet[PressRequest]:
    return _scope(PressRequest.objects.select_related("agency"), user, PRESS, False)


def get_press_request_for_user(user: UserLike, pk: int, *, write: bool = False) -> PressRequest:
    request = PressRequest.objects.select_related("agency").filter(pk=pk).first()
    if request is None:
        raise Http404
    _check(user, PRESS, request.agency, write)
    return request


def can_review_press(user: UserLike, request: PressRequest) -> bool:
    return policy.can(user, PRESS_REVIEW, "write", request.agency)


def stories_for_user(user: UserLike) -> QuerySet[CommunityStory]:
    return _scope(CommunityStory.objects.select_related("agency"), user, STORIES, False)


def get_story_for_user(user: UserLike, pk: int, *, write: bool = False) -> CommunityStory:
    story = CommunityStory.objects.select_related("agency").filter(pk=pk).first()
    if story is None:
        raise Http404
    _check(user, STORIES, story.agency, write)
    return story
