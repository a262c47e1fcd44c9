"""Who may read and write what, by role and by agency.

Each area of Beacon (agencies, people, the audit log, and later plans, content, monitoring…)
states, for every role, how far that role reaches when reading and when writing:

- ``ALL``: every agency's objects,
- ``OWN``: the objects of the agencies where the person holds the role, and of their units
  (a district's officer reaches the district's communes),
- ``NONE``: nothing.

The access functions in ``access.py`` and the admin's permission policies ask ``can()`` and
``agency_ids_for()``; nothing else decides permissions, so the table below is the whole policy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Literal

from beacon.core.roles import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

    from beacon.core.models import Agency

Action = Literal["read", "write"]


class Scope(IntEnum):
    NONE = 0
    OWN = 1
    ALL = 2


@dataclass(frozen=True)
class Rule:
    read: Scope
    write: Scope

    def scope(self, action: Action) -> Scope:
        return self.read if action == "read" else self.write


_NO = Rule(Scope.NONE, Scope.NONE)

POLICY: dict[str, dict[Role, Rule]] = {
    # The directory of agencies is shared by everyone who works in Beacon; an agency's own
    # officers keep its contact details up to date; only the coordinator reshapes the tree.
    "agency": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.ALL, Scope.OWN),
        Role.EDITOR: Rule(Scope.ALL, Scope.NONE),
        Role.TRANSLATOR: Rule(Scope.ALL, Scope.NONE),
        Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
        Role.ANALYST: Rule(Scope.ALL, Scope.NONE),
        Role.TRAINER: Rule(Scope.ALL, Scope.NONE),
        Role.VIEWER: Rule(Scope.ALL, Scope.NONE),
    },
    # Who holds which role: visible inside one's own agency, granted by the coordinator.
    "people": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
        Role.EDITOR: Rule(Scope.OWN, Scope.NONE),
        Role.TRANSLATOR: Rule(Scope.OWN, Scope.NONE),
        Role.REVIEWER: Rule(Scope.OWN, Scope.NONE),
        Role.ANALYST: Rule(Scope.OWN, Scope.NONE),
        Role.TRAINER: Rule(Scope.OWN, Scope.NONE),
        Role.VIEWER: Rule(Scope.OWN, Scope.NONE),
    },
    # The audit log is read by the coordinator and written by actions only.
    "audit": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.NONE),
    },
    # The city profile: everyone reads it, the coordinator edits it.
    "city": {
        Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
        **{role: Rule(Scope.ALL, Scope.NONE) for role in Role if role != Role.COORDINATOR},
    },
}


def register_area(area: str, rules: dict[Role, Rule]) -> None:
    """Add an app's area to the policy (called from the app's ``AppConfig.ready``)."""
    if area in POLICY:
        raise ValueError(f"policy area {area!r} is already registered")
    POLICY[area] = rules


def register_areas(areas: dict[str, dict[Role, Rule]]) -> None:
    """Add an app's areas (its ``access.AREAS``) to the policy, from the app's ``ready()``.

    Registering the same table again is harmless (``ready()`` may run twice in a test process);
    another table under a taken name is a mistake and stops start-up.
    """
    for area, rules in areas.items():
        if POLICY.get(area, rules) != rules:
            raise ValueError(f"policy area {area!r} is already registered with other rules")
        POLICY[area] = rules


ALL_AGENCIES = None
"""What ``agency_ids_for`` returns when a person reaches every agency."""


def rule_for(area: str, role: str) -> Rule:
    return POLICY[area].get(Role(role), _NO)


def _descendant_ids(roots: set[int]) -> set[int]:
    from beacon.core.models import Agency

    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Agency.objects.values_list("pk", "parent_id"):
        if parent_id is not None:
            children[parent_id].append(pk)
    found = set(roots)
    stack = list(roots)
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def agency_ids_for(user: User | AnonymousUser, area: str, action: Action) -> set[int] | None:
    """The agencies whose objects in ``area`` the user may read or write.

    Returns ``ALL_AGENCIES`` (None) when the user reaches every agency, else a set of ids,
    empty when the user reaches none. The result is cached on the user object for the request.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return ALL_AGENCIES
    cache: dict[tuple[str, str], set[int] | None] = user.__dict__.setdefault("_beacon_scope", {})
    key = (area, action)
    if key not in cache:
        own: set[int] = set()
        reach: set[int] | None = set()
        for agency_id, role in user.memberships.values_list("agency_id", "role"):  # type: ignore[union-attr]
            scope = rule_for(area, role).scope(action)
            if scope == Scope.ALL:
                reach = ALL_AGENCIES
                break
            if scope == Scope.OWN:
                own.add(agency_id)
        if reach is not ALL_AGENCIES:
            reach = _descendant_ids(own) if own else set()
        cache[key] = reach
    return cache[key]


def can(
    user: User | AnonymousUser, area: str, action: Action, agency: Agency | None = None
) -> bool:
    """May the user read or write objects of ``area`` belonging to ``agency``?

    Without an agency, the question is whether the user may do it anywhere at all.
    """
    ids = agency_ids_for(user, area, action)
    if ids is ALL_AGENCIES:
        return True
    if agency is None:
        return bool(ids)
    return agency.pk in ids


def roles_of(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.values_list("role", flat=True))  # type: ignore[union-attr]


def clear_cache(user: User | AnonymousUser) -> None:
    user.__dict__.pop("_beacon_scope", None)
