"""The demo city loads through the actions, twice without change, and greets Lan in Vietnamese."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from wagtail.users.models import UserProfile

from beacon.core.actions import do_save_agency
from beacon.core.models import Agency, AuditEvent, CityNameForm, CityProfile, Membership
from beacon.core.roles import AgencyKind, Role
from beacon.management.commands.load_demo import DEFAULT_PASSWORD

User = get_user_model()


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "profiles": CityProfile.objects.count(),
        "name_forms": CityNameForm.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.fixture
def demo(db: Any) -> str:
    return _load()


def test_it_loads_the_demo_twice_without_change_and_keeps_edits(demo: str) -> None:
    first = _counts()
    lan = User.objects.get(username="lan")
    lan.set_password("Lan-Own-Password-2025")
    lan.save()
    agency = Agency.objects.get(code="Q-HOANKIEM")
    agency.phone = "024 3825 1234"
    do_save_agency(agency, acting_user=None)
    after_edit = _counts()
    assert after_edit == {**first, "audit": first["audit"] + 1}

    output = _load()
    assert _counts() == after_edit
    assert Agency.objects.get(code="Q-HOANKIEM").phone == "024 3825 1234"
    lan.refresh_from_db()
    assert lan.check_password("Lan-Own-Password-2025")
    assert "(0 new)" in output
    assert "existing: password unchanged" in output


def test_it_builds_the_city_tree(demo: str) -> None:
    assert Agency.objects.filter(kind=AgencyKind.DISTRICT).count() == 30
    assert Agency.objects.filter(kind=AgencyKind.LEAD).count() == 1
    assert Agency.objects.get(kind=AgencyKind.LEAD).code == "SO-TTTT"
    assert Agency.objects.filter(kind=AgencyKind.DEPARTMENT).count() >= 12
    assert Agency.objects.filter(kind=AgencyKind.BORDER_GATE).exists()
    communes = Agency.objects.filter(kind=AgencyKind.COMMUNE)
    assert {c.parent.kind for c in communes} == {AgencyKind.DISTRICT}
    assert len({c.parent_id for c in communes}) == 2
    profile = CityProfile.objects.get()
    assert profile.working_languages == ["vi", "en", "fr", "zh", "ja", "ko", "ru"]
    assert {language: profile.name_in(language) for language in ("en", "fr", "ru")} == {
        "en": "Hanoi",
        "fr": "Hanoï",
        "ru": "Ханой",
    }


def test_it_gives_every_role_a_demo_user(demo: str) -> None:
    held = set(Membership.objects.values_list("role", flat=True))
    assert held == set(Role.values)
    for username in ("lan", "minh", "hung"):
        assert f"  {username} " in demo
    assert DEFAULT_PASSWORD in demo


def test_it_shows_lan_the_agencies_in_vietnamese(client: Any, demo: str) -> None:
    lan = User.objects.get(username="lan")
    assert UserProfile.get_for_user(lan).preferred_language == "vi"
    response = client.post(
        "/admin/login/", {"username": "lan", "password": DEFAULT_PASSWORD, "next": ""}
    )
    assert response.status_code == 302
    response = client.get(reverse("core_agency:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="vi"' in page
    assert "Cơ quan, đơn vị" in page
    lead = Agency.objects.get(code="SO-TTTT")
    assert lead.name in page
    assert lead.names["en"] not in page
    # The list is paged; a search finds the districts, still under their Vietnamese names.
    page = client.get(reverse("core_agency:index"), {"q": "Hoàn Kiếm"}).content.decode()
    assert Agency.objects.get(code="Q-HOANKIEM").name in page

    home = client.get("/admin/").content.decode()
    assert "Công việc hôm nay" in home
