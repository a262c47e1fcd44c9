"""Who may see and run newsletters, and who may see subscribers' addresses.

==============  ================================  ==========================================
role            lists, digests, counts            addresses of subscribers
==============  ================================  ==========================================
coordinator     all; edits, "send now"            its own agency's lists (and its units')
editor          all; edits, "send now"            none
reviewer        all (read)                        none
officer         own agency's (read)               none
others          none                              none
==============  ================================  ==========================================

Addresses are the only personal data in Beacon's publishing side; they are shown to the
coordinators of the agency that runs the list and to no one else (the ``newsletter_readers``
area, ``Scope.OWN`` for coordinators only). Everyone else sees counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.policy import Rule, Scope
from beacon.core.roles import Role

if TYPE_CHECKING:
    from beacon.core.types import UserLike
    from beacon.newsletters.models import Digest, NewsletterList, Subscription

AREA = "newsletters"
READERS_AREA = "newsletter_readers"

RULES = {
    Role.COORDINATOR: Rule(Scope.ALL, Scope.ALL),
    Role.EDITOR: Rule(Scope.ALL, Scope.ALL),
    Role.REVIEWER: Rule(Scope.ALL, Scope.NONE),
    Role.OFFICER: Rule(Scope.OWN, Scope.NONE),
}
READERS_RULES = {
    Role.COORDINATOR: Rule(Scope.OWN, Scope.NONE),
}


AREAS = {AREA: RULES, READERS_AREA: READERS_RULES}


def can_manage(user: UserLike, agency: Any) -> bool:
    return policy.can(user, AREA, "write", agency)


def lists_for_user(user: UserLike) -> QuerySet[NewsletterList]:
    from beacon.newsletters.models import NewsletterList

    return scoped(NewsletterList.objects.all(), user, AREA, "read", "agency_id")


def digests_for_user(user: UserLike) -> QuerySet[Digest]:
    from beacon.newsletters.models import Digest

    queryset = Digest.objects.select_related("newsletter")
    return scoped(queryset, user, AREA, "read", "newsletter__agency_id")


def subscriptions_for_user(user: UserLike) -> QuerySet[Subscription]:
    from beacon.newsletters.models import Subscription

    queryset = Subscription.objects.select_related("newsletter")
    return scoped(queryset, user, READERS_AREA, "read", "newsletter__agency_id")


def get_list_for_user(user: UserLike, pk: int, *, write: bool = False) -> NewsletterList:
    from beacon.newsletters.models import NewsletterList

    newsletter = NewsletterList.objects.select_related("agency").filter(pk=pk).first()
    if newsletter is None:
        raise Http404
    if not policy.can(user, AREA, "read", newsletter.agency):
        raise Http404
    if write and not can_manage(user, newsletter.agency):
        raise PermissionDenied
    return newsletter


def get_digest_for_user(user: UserLike, pk: int, *, write: bool = False) -> Digest:
    from beacon.newsletters.models import Digest

    digest = Digest.objects.select_related("newsletter__agency").filter(pk=pk).first()
    if digest is None:
        raise Http404
    if not policy.can(user, AREA, "read", digest.newsletter.agency):
        raise Http404
    if write and not can_manage(user, digest.newsletter.agency):
        raise PermissionDenied
    return digest
