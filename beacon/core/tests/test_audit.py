"""Every change made through an action leaves one audit event; the log is read-only."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from beacon.core.actions import do_delete_agency, do_grant_role
from beacon.core.models import Agency, AuditEvent, CityProfile, ImmutableError, Membership
from beacon.core.roles import Role
from beacon.core.tests.factories import AgencyFactory


@pytest.fixture
def coordinator_client(client: Any, personas: Any) -> Any:
    client.force_login(personas.coordinator)
    return client


def _agency_data(**values: Any) -> dict[str, Any]:
    data = {"kind": "department", "parent": "", "names": "{}", "is_active": "on"}
    data.update(values)
    return data


def _new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(pk__gt=since).order_by("pk"))


def _last_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_it_audits_creating_updating_and_deleting_an_agency(
    coordinator_client: Any, personas: Any
) -> None:
    mark = _last_pk()
    response = coordinator_client.post(
        reverse("core_agency:add"), _agency_data(code="SO-YT", name="Sở Y tế")
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="SO-YT")
    [created] = _new_events(mark)
    assert (created.action, created.actor, created.actor_label) == (
        "agency.create",
        personas.coordinator,
        "lan",
    )
    assert created.object_id == str(agency.pk)
    assert created.changes["name"] == [None, "Sở Y tế"]
    assert created.changes["code"] == [None, "SO-YT"]

    mark = _last_pk()
    coordinator_client.post(
        reverse("core_agency:edit", args=[agency.pk]),
        _agency_data(code="SO-YT", name="Sở Y tế Hà Nội", phone="024 3998"),
    )
    [updated] = _new_events(mark)
    assert updated.action == "agency.update"
    assert updated.changes == {"name": ["Sở Y tế", "Sở Y tế Hà Nội"], "phone": ["", "024 3998"]}
    assert updated.agency == agency

    mark = _last_pk()
    response = coordinator_client.post(reverse("core_agency:delete", args=[agency.pk]))
    assert response.status_code == 302
    assert not Agency.objects.filter(code="SO-YT").exists()
    [deleted] = _new_events(mark)
    assert (deleted.action, deleted.actor) == ("agency.delete", personas.coordinator)
    assert deleted.changes["code"] == ["SO-YT", None]


def test_it_audits_nothing_when_an_edit_is_refused(client: Any, personas: Any) -> None:
    client.force_login(personas.officer)
    other = personas.other_district
    mark = _last_pk()
    client.post(
        reverse("core_agency:edit", args=[other.pk]),
        _agency_data(code=other.code, kind=other.kind, name="Hacked"),
    )
    assert Agency.objects.get(pk=other.pk).name == other.name
    assert _new_events(mark) == []


def test_it_refuses_to_delete_an_agency_with_units_or_people(personas: Any) -> None:
    mark = _last_pk()
    with pytest.raises(ValidationError):
        do_delete_agency(personas.district, acting_user=personas.coordinator)
    lone = AgencyFactory.create(code="LONE")
    do_grant_role(personas.outsider, lone, Role.VIEWER, acting_user=None)
    mark = _last_pk()
    with pytest.raises(ValidationError):
        do_delete_agency(lone, acting_user=personas.coordinator)
    assert Membership.objects.filter(user=personas.outsider, agency=lone).exists()
    assert _new_events(mark) == []


def test_it_audits_granting_and_revoking_a_role(coordinator_client: Any, personas: Any) -> None:
    mark = _last_pk()
    response = coordinator_client.post(
        reverse("core_membership:add"),
        {"user": personas.outsider.pk, "agency": personas.ward.pk, "role": Role.EDITOR},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=personas.outsider)
    [granted] = _new_events(mark)
    assert (granted.action, granted.actor, granted.agency) == (
        "membership.create",
        personas.coordinator,
        personas.ward,
    )
    assert granted.changes["role"] == [None, "editor"]
    assert granted.changes["user_id"] == [None, personas.outsider.pk]
    assert personas.outsider.groups.filter(name="beacon:editor").exists()

    mark = _last_pk()
    response = coordinator_client.post(reverse("core_membership:delete", args=[membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    [revoked] = _new_events(mark)
    assert (revoked.action, revoked.actor) == ("membership.delete", personas.coordinator)
    assert revoked.changes["role"] == ["editor", None]
    assert not personas.outsider.groups.filter(name="beacon:editor").exists()


def test_it_audits_the_city_profile(coordinator_client: Any, personas: Any) -> None:
    profile = CityProfile.objects.get()
    data = {
        "name": profile.name,
        "short_name": "Hanoi",
        "source_language": "vi",
        "time_zone": "Asia/Ho_Chi_Minh",
        "target_languages": json.dumps(["en", "fr", "ja"]),
        "name_forms-TOTAL_FORMS": "0",
        "name_forms-INITIAL_FORMS": "0",
        "name_forms-MIN_NUM_FORMS": "0",
        "name_forms-MAX_NUM_FORMS": "1000",
    }
    mark = _last_pk()
    response = coordinator_client.post(reverse("core_city:edit", args=[profile.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [event] = _new_events(mark)
    assert event.action == "cityprofile.update"
    assert event.changes == {
        "short_name": ["Hà Nội", "Hanoi"],
        "target_languages": [["en", "fr"], ["en", "fr", "ja"]],
    }

    # The same form with the source language among the targets is refused, and not audited.
    mark = _last_pk()
    data["target_languages"] = json.dumps(["vi", "en"])
    response = coordinator_client.post(reverse("core_city:edit", args=[profile.pk]), data)
    assert response.status_code == 200
    assert CityProfile.objects.get().target_languages == ["en", "fr", "ja"]
    assert _new_events(mark) == []


def test_it_refuses_the_city_profile_to_an_officer(client: Any, personas: Any) -> None:
    profile = CityProfile.objects.get()
    client.force_login(personas.officer)
    response = client.post(
        reverse("core_city:edit", args=[profile.pk]), {"name": "X", "short_name": "X"}
    )
    assert response.status_code in (302, 403)
    assert CityProfile.objects.get().short_name == "Hà Nội"


def test_it_keeps_audit_events_immutable(personas: Any) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.action = "something.else"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action != "something.else"


def test_it_has_no_admin_screen_to_change_an_audit_event(
    coordinator_client: Any, personas: Any
) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    for name in ("core_audit:edit", "core_audit:delete", "core_audit:add"):
        with pytest.raises(NoReverseMatch):
            reverse(name, args=[event.pk] if name != "core_audit:add" else [])
    for url in (
        f"/admin/audit/edit/{event.pk}/",
        f"/admin/audit/delete/{event.pk}/",
        "/admin/audit/add/",
    ):
        assert coordinator_client.get(url).status_code == 404, url
        assert coordinator_client.post(url, {"action": "x"}).status_code == 404, url
    response = coordinator_client.get(reverse("core_audit:inspect", args=[event.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(pk=event.pk, action=event.action).exists()


def test_it_filters_the_audit_log_by_action_and_actor(
    coordinator_client: Any, personas: Any
) -> None:
    do_grant_role(personas.outsider, personas.ward, Role.VIEWER, acting_user=personas.coordinator)
    response = coordinator_client.get(reverse("core_audit:index"))
    everything = set(response.context["object_list"])
    assert {e.action for e in everything} == {"membership.create"}
    assert {e.actor_label for e in everything} == {"system", "lan"}

    response = coordinator_client.get(reverse("core_audit:index"), {"actor_label__icontains": "LA"})
    assert {e.actor_label for e in response.context["object_list"]} == {"lan"}

    AgencyFactory(code="NEW")  # not through an action: no event
    coordinator_client.post(reverse("core_agency:add"), _agency_data(code="SO-YT", name="Sở Y tế"))
    response = coordinator_client.get(reverse("core_audit:index"), {"action": "agency.create"})
    shown = list(response.context["object_list"])
    assert [(e.action, e.object_repr) for e in shown] == [("agency.create", "Sở Y tế")]


def test_it_shows_the_audit_log_to_no_one_but_the_coordinator(client: Any, personas: Any) -> None:
    for user in (personas.officer, personas.other_officer, personas.outsider):
        client.force_login(user)
        response = client.get(reverse("core_audit:index"))
        assert response.status_code in (302, 403), user
        event = AuditEvent.objects.first()
        assert event is not None
        response = client.get(reverse("core_audit:inspect", args=[event.pk]))
        assert response.status_code in (302, 403, 404), user


def test_it_refuses_to_delete_an_agency_with_units_in_the_admin(
    coordinator_client: Any, personas: Any
) -> None:
    coordinator_client.raise_request_exception = False
    mark = _last_pk()
    response = coordinator_client.post(
        reverse("core_agency:delete", args=[personas.district.pk]), follow=True
    )
    assert Agency.objects.filter(pk=personas.district.pk).exists()
    assert _new_events(mark) == []
    assert response.status_code == 200
    assert "still has units under it" in response.content.decode()


def test_it_audits_the_city_name_forms_saved_with_the_profile(personas: Any) -> None:
    from beacon.core.actions import do_save_city_profile
    from beacon.core.models import CityNameForm

    profile = CityProfile.objects.get()
    profile.name_forms.add(CityNameForm(language="en", form="Hanoi", is_official=True))
    mark = _last_pk()
    do_save_city_profile(profile, acting_user=personas.coordinator)
    assert list(CityNameForm.objects.values_list("language", "form")) == [("en", "Hanoi")]
    [event] = _new_events(mark)
    assert event.changes == {"name_forms": [[], [["en", "Hanoi", True]]]}


def _city_form(profile: CityProfile, **changes: Any) -> dict[str, Any]:
    data = {
        "name": profile.name,
        "short_name": profile.short_name,
        "source_language": profile.source_language,
        "time_zone": profile.time_zone,
        "target_languages": json.dumps(profile.target_languages),
        "name_forms-TOTAL_FORMS": "1",
        "name_forms-INITIAL_FORMS": "0",
        "name_forms-MIN_NUM_FORMS": "0",
        "name_forms-MAX_NUM_FORMS": "1000",
        "name_forms-0-id": "",
        "name_forms-0-ORDER": "1",
        "name_forms-0-language": "fr",
        "name_forms-0-form": "Hanoï",
        "name_forms-0-is_official": "on",
    }
    data.update(changes)
    return data


def test_it_saves_and_audits_name_forms_added_in_the_admin(
    coordinator_client: Any, personas: Any
) -> None:
    from beacon.core.models import CityNameForm

    profile = CityProfile.objects.get()
    mark = _last_pk()
    response = coordinator_client.post(
        reverse("core_city:edit", args=[profile.pk]), _city_form(profile)
    )
    assert response.status_code == 302
    assert list(CityNameForm.objects.values_list("language", "form")) == [("fr", "Hanoï")]
    [event] = _new_events(mark)
    assert event.changes == {"name_forms": [[], [["fr", "Hanoï", True]]]}


def test_it_exports_the_audit_log_in_the_citys_time(
    coordinator_client: Any, personas: Any, settings: Any
) -> None:
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    do_grant_role(personas.outsider, personas.ward, Role.VIEWER, acting_user=personas.coordinator)
    event = AuditEvent.objects.latest("pk")
    response = coordinator_client.get(reverse("core_audit:index"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = [row for row in csv.reader(io.StringIO(body)) if event.object_repr in row]
    when = row[0]
    assert when.endswith("+07:00")
    assert datetime.datetime.fromisoformat(when) == event.at.replace(microsecond=0)
