"""Who may see and run which kiosks, by role and agency, checked over HTTP and through actions.

Each row: a persona, the side of the kiosk (group A belongs to district A, group B to district
B), whether the persona sees it in the fleet, and whether they may write: edit the kiosk, issue
its token, edit its group's rules, issue an emergency notice to its group. The same rule covers
all four writes (see ``access.py``): coordinator everywhere; officer in their agency and its
units; editor reads everywhere; viewer reads their agency; others nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from beacon.kiosks import actions
from beacon.kiosks.models import EmergencyNotice, Kiosk, PlaylistRule
from beacon.kiosks.tests.conftest import Fleet

MATRIX = [
    ("coordinator", "A", True, True),
    ("coordinator", "B", True, True),
    ("officer", "A", True, True),
    ("officer", "B", False, False),
    ("other_officer", "A", False, False),
    ("other_officer", "B", True, True),
    ("editor", "A", True, False),
    ("editor", "B", True, False),
    ("viewer", "A", True, False),
    ("viewer", "B", False, False),
    ("outsider", "A", False, False),
    ("outsider", "B", False, False),
]


def _person(personas: Any, fleet: Fleet, name: str) -> Any:
    extra = {"editor": fleet.editor, "viewer": fleet.viewer}
    return extra.get(name) or getattr(personas, name)


@pytest.mark.parametrize(("persona", "side", "read", "write"), MATRIX)
def test_it_enforces_the_kiosk_policy(
    client: Any,
    personas: Any,
    fleet: Fleet,
    persona: str,
    side: str,
    read: bool,
    write: bool,
) -> None:
    user = _person(personas, fleet, persona)
    kiosk = fleet.kiosk_a if side == "A" else fleet.kiosk_b
    group = kiosk.group
    rule = PlaylistRule.objects.get(group=group)
    client.force_login(user)

    fleet_page = client.get(reverse("kiosks_fleet"))
    listed = fleet_page.status_code == 200 and kiosk.name in fleet_page.content.decode()
    assert listed is read

    edit = client.get(reverse("kiosks_kiosk:edit", args=[kiosk.pk]))
    # Refused: sent to the admin home or the login page (302), or not found outside the
    # objects the user may see (404); never an error.
    refused = (302, 404)
    assert edit.status_code in ((200,) if write else refused)
    rule_edit = client.get(reverse("kiosks_rule:edit", args=[rule.pk]))
    assert rule_edit.status_code in ((200,) if write else refused)
    group_edit = client.get(reverse("kiosks_group:edit", args=[group.pk]))
    assert group_edit.status_code in ((200,) if write else refused)
    client.post(reverse("kiosks_rule:delete", args=[rule.pk]))
    assert PlaylistRule.objects.filter(pk=rule.pk).exists() is not write

    token_hash = kiosk.token_hash
    issued = client.post(reverse("kiosks_token", args=[kiosk.pk]), {"do": "issue"})
    assert issued.status_code in ((200,) if write else refused)
    assert (Kiosk.objects.get(pk=kiosk.pk).token_hash != token_hash) is write

    notice = EmergencyNotice(agency=group.agency, title={"vi": "Khẩn"})
    if write:
        actions.do_issue_emergency_notice(notice, [group], acting_user=user)
        assert notice.groups.get() == group
    else:
        with pytest.raises(PermissionDenied):
            actions.do_issue_emergency_notice(notice, [group], acting_user=user)


def test_an_officer_cannot_aim_a_notice_at_another_agencys_group(
    personas: Any, fleet: Fleet
) -> None:
    notice = EmergencyNotice(agency=personas.district, title={"vi": "Khẩn"})
    with pytest.raises(PermissionDenied):
        actions.do_issue_emergency_notice(
            notice, [fleet.group_a, fleet.group_b], acting_user=personas.officer
        )
    assert not EmergencyNotice.objects.exists()


def test_an_officer_cannot_move_a_kiosk_into_another_agencys_group(
    personas: Any, fleet: Fleet
) -> None:
    kiosk = Kiosk.objects.get(pk=fleet.kiosk_a.pk)
    kiosk.group = fleet.group_b
    with pytest.raises(PermissionDenied):
        actions.do_save_kiosk(kiosk, acting_user=personas.officer)
    assert Kiosk.objects.get(pk=kiosk.pk).group == fleet.group_a


def test_an_officer_issues_and_withdraws_a_notice_from_the_admin(
    client: Any, personas: Any, fleet: Fleet
) -> None:
    client.force_login(personas.officer)
    response = client.post(
        reverse("kiosks_emergencynotice:add"),
        {
            "agency": personas.district.pk,
            "groups": [fleet.group_a.pk],
            "severity": "danger",
            "title__vi": "Sơ tán khu vực đến",
            "title__en": "Evacuate the arrivals hall",
            "body__en": "Follow the staff.",
            "starts_at": "2026-01-01 08:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    notice = EmergencyNotice.objects.get()
    assert notice.title == {"vi": "Sơ tán khu vực đến", "en": "Evacuate the arrivals hall"}
    assert notice.created_by == personas.officer
    assert notice.is_active()
    withdrawn = client.post(reverse("kiosks_withdraw_notice", args=[notice.pk]))
    assert withdrawn.status_code == 302
    notice.refresh_from_db()
    assert not notice.is_active()
    client.force_login(personas.other_officer)
    assert client.post(reverse("kiosks_withdraw_notice", args=[notice.pk])).status_code == 404


def test_the_token_page_shows_a_new_token_once_and_revokes(
    client: Any, personas: Any, fleet: Fleet
) -> None:
    client.force_login(personas.officer)
    page = client.post(reverse("kiosks_token", args=[fleet.kiosk_a.pk]), {"do": "issue"})
    html = page.content.decode()
    assert "/kiosk/#token=" in html
    again = client.get(reverse("kiosks_token", args=[fleet.kiosk_a.pk])).content.decode()
    assert "#token=" not in again
    client.post(reverse("kiosks_token", args=[fleet.kiosk_a.pk]), {"do": "revoke"})
    assert Kiosk.objects.get(pk=fleet.kiosk_a.pk).token_revoked_at is not None


def test_it_offers_the_kiosks_menu_only_where_there_are_kiosks(
    client: Any, fleet: Fleet, personas: Any
) -> None:
    from beacon.kiosks.models import KioskGroup

    def menu_has_kiosks(user: Any) -> bool:
        client.force_login(user)
        return '"name": "kiosks"' in client.get(reverse("wagtailadmin_home")).content.decode()

    assert menu_has_kiosks(personas.coordinator)
    assert menu_has_kiosks(personas.officer)  # district A has a kiosk group
    Kiosk.objects.filter(group__agency=personas.district).delete()
    KioskGroup.objects.filter(agency=personas.district).delete()
    assert menu_has_kiosks(personas.coordinator)
    assert not menu_has_kiosks(personas.officer)


def test_it_names_the_kiosks_menu_the_same_in_every_language() -> None:
    """Wagtail builds the menu once per process, in whatever language is active then."""
    from django.utils import translation

    from beacon.kiosks.wagtail_hooks import KiosksGroup

    with translation.override("vi"):
        assert KiosksGroup().get_menu_item().name == "kiosks"
