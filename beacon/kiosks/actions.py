"""Every write to kiosks, their tokens, rules and emergency notices goes through these.

Each runs in one transaction with its audit row, checks the acting person's reach in the
``kiosks`` policy area (``acting_user=None`` is the system: demo loader, adapter), and bumps the
version of every group whose screens change, which is what makes kiosks fetch again.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from beacon.core import audit, policy
from beacon.core.actions import save_with_audit
from beacon.kiosks import outbound, tokens
from beacon.kiosks.access import AREA
from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule, hash_token

if TYPE_CHECKING:
    from collections.abc import Iterable

    from beacon.core.models import Agency
    from beacon.core.types import UserLike


def _check(user: UserLike | None, agency: Agency) -> None:
    if user is not None and not policy.can(user, AREA, "write", agency):
        raise PermissionDenied


def _bump(group_ids: Iterable[int]) -> None:
    KioskGroup.objects.filter(pk__in=list(group_ids)).bump()


@transaction.atomic
def do_save_group(group: KioskGroup, *, acting_user: UserLike | None) -> KioskGroup:
    _check(acting_user, group.agency)
    if group.pk:
        _check(acting_user, KioskGroup.objects.get(pk=group.pk).agency)
    verb = "update" if group.pk else "create"
    save_with_audit(group, acting_user=acting_user, verb=verb, agency=group.agency)
    _bump([group.pk])
    return group


@transaction.atomic
def do_save_kiosk(kiosk: Kiosk, *, acting_user: UserLike | None) -> Kiosk:
    """Register or change a kiosk; moving it between groups takes write access to both."""
    _check(acting_user, kiosk.group.agency)
    groups = {kiosk.group_id}
    if kiosk.pk:
        before = Kiosk.objects.select_related("group__agency").get(pk=kiosk.pk)
        _check(acting_user, before.group.agency)
        groups.add(before.group_id)
    verb = "update" if kiosk.pk else "create"
    save_with_audit(kiosk, acting_user=acting_user, verb=verb, agency=kiosk.group.agency)
    _bump(groups)
    return kiosk


@transaction.atomic
def do_issue_token(kiosk: Kiosk, *, acting_user: UserLike | None) -> str:
    """Give the kiosk a new device token, returned once and stored only as a hash.

    An earlier token stops working at once: issuing is also how a lost device is replaced.
    """
    _check(acting_user, kiosk.group.agency)
    token = secrets.token_urlsafe(32)
    kiosk.token_hash = hash_token(token)
    kiosk.token_issued_at = timezone.now()
    kiosk.token_revoked_at = None
    kiosk.save(update_fields=["token_hash", "token_issued_at", "token_revoked_at"])
    audit.record(actor=acting_user, action="kiosk.issue_token", instance=kiosk, agency=kiosk.agency)
    transaction.on_commit(tokens.forget_all)
    return token


@transaction.atomic
def do_revoke_token(kiosk: Kiosk, *, acting_user: UserLike | None) -> Kiosk:
    """Refuse the kiosk's token from now on (a stolen or retired device)."""
    _check(acting_user, kiosk.group.agency)
    kiosk.token_revoked_at = timezone.now()
    kiosk.save(update_fields=["token_revoked_at"])
    audit.record(
        actor=acting_user, action="kiosk.revoke_token", instance=kiosk, agency=kiosk.agency
    )
    transaction.on_commit(tokens.forget_all)
    return kiosk


@transaction.atomic
def do_save_rule(rule: PlaylistRule, *, acting_user: UserLike | None) -> PlaylistRule:
    _check(acting_user, rule.group.agency)
    groups = {rule.group_id}
    if rule.pk:
        before = PlaylistRule.objects.select_related("group__agency").get(pk=rule.pk)
        _check(acting_user, before.group.agency)
        groups.add(before.group_id)
    verb = "update" if rule.pk else "create"
    save_with_audit(rule, acting_user=acting_user, verb=verb, agency=rule.group.agency)
    _bump(groups)
    return rule


@transaction.atomic
def do_delete_rule(rule: PlaylistRule, *, acting_user: UserLike | None) -> None:
    _check(acting_user, rule.group.agency)
    audit.record(
        actor=acting_user, action="playlistrule.delete", instance=rule, agency=rule.group.agency
    )
    group_id = rule.group_id
    rule.delete()
    _bump([group_id])


def _notice_snapshot(notice: EmergencyNotice) -> dict[str, Any]:
    data = audit.snapshot(notice)
    data["groups"] = sorted(notice.groups.values_list("pk", flat=True)) if notice.pk else []
    return data


@transaction.atomic
def do_issue_emergency_notice(
    notice: EmergencyNotice,
    groups: Iterable[KioskGroup],
    *,
    acting_user: UserLike | None,
) -> EmergencyNotice:
    """Put a notice on every screen of its groups and send it out on the other channels.

    The notice may only cover groups the person may write to. Their versions are bumped, so
    each kiosk's next poll (every few seconds) gets the new playlist.
    """
    groups = list(groups)
    _check(acting_user, notice.agency)
    for group in groups:
        _check(acting_user, group.agency)
    before_groups: set[int] = set()
    if notice.pk:
        before_groups = set(notice.groups.values_list("pk", flat=True))
    if acting_user is not None and acting_user.is_authenticated and notice.created_by_id is None:
        notice.created_by = acting_user  # type: ignore[assignment]
    verb = "update" if notice.pk else "create"
    notice.full_clean()
    notice.save()
    notice.groups.set(groups)
    audit.record(
        actor=acting_user,
        action=f"emergencynotice.{verb}",
        instance=notice,
        changes={"groups": [sorted(before_groups), sorted(g.pk for g in groups)]},
        agency=notice.agency,
    )
    _bump(before_groups | {group.pk for group in groups})
    outbound.send_to_other_channels(notice)
    return notice


@transaction.atomic
def do_withdraw_emergency_notice(
    notice: EmergencyNotice, *, acting_user: UserLike | None
) -> EmergencyNotice:
    """End a notice now: the screens return to their playlists on their next poll."""
    _check(acting_user, notice.agency)
    notice.withdrawn_at = timezone.now()
    notice.save(update_fields=["withdrawn_at"])
    audit.record(
        actor=acting_user,
        action="emergencynotice.withdraw",
        instance=notice,
        agency=notice.agency,
    )
    _bump(notice.groups.values_list("pk", flat=True))
    outbound.send_to_other_channels(notice, withdraw=True)
    return notice
