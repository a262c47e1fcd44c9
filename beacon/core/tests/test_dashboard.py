"""The admin home greets each person with what concerns their roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_it_greets_the_coordinator_with_the_organisation(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Coordinator · Agency LEAD" in page
    assert "changes recorded in the last 24 hours" in page
    assert reverse("core_audit:index") in page


def test_it_greets_an_officer_with_their_agency_only(client: Any, personas: Any) -> None:
    client.force_login(personas.officer)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Agency officer · Agency Q-A" in page
    assert "Agency Q-B" not in page
    assert "changes recorded in the last 24 hours" not in page
    # District A has no e-mail or phone yet: its officer is asked to complete them.
    assert reverse("core_agency:edit", args=[personas.district.pk]) in page
    assert reverse("core_agency:edit", args=[personas.other_district.pk]) not in page


def test_it_keeps_the_outsider_out_of_the_dashboard(client: Any, personas: Any) -> None:
    client.force_login(personas.outsider)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
