"""Inviting a person: an account with a role in one agency, and a link to choose a password."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from beacon.core.models import AuditEvent, Membership
from beacon.core.roles import Role


def _invite(client: Any, agency: Any, **overrides: str) -> Any:
    data = {
        "username": "nga",
        "first_name": "Nga",
        "last_name": "Phạm Thị",
        "email": "nga@example.invalid",
        "agency": str(agency.pk),
        "role": Role.OFFICER,
        "language": "vi",
        **overrides,
    }
    return client.post(reverse("core_membership:invite"), data)


def test_it_invites_a_person_who_then_chooses_a_password(
    client: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(personas.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, personas.district)
    assert response.status_code == 302
    nga = User.objects.get(username="nga")
    assert not nga.has_usable_password()
    assert not nga.is_superuser and not nga.is_staff
    assert Membership.objects.filter(user=nga, agency=personas.district, role="officer").exists()
    assert AuditEvent.objects.filter(action="user.invite", actor=personas.coordinator).exists()
    [message] = mail.outbox
    assert message.to == ["nga@example.invalid"]
    assert "Beacon" in message.subject and message.subject != "Your Beacon account"  # in Vietnamese
    link = re.search(r"http://\S+/admin/password_reset/confirm/\S+/", message.body)
    assert link is not None
    client.logout()
    form_page = client.get(link.group(0).removeprefix("http://127.0.0.1:8000"), follow=True)
    assert form_page.status_code == 200
    new_password = "Phố-Cổ-Hà-Nội-2025"
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(0),
        {"new_password1": new_password, "new_password2": new_password},
    )
    nga.refresh_from_db()
    assert nga.check_password(new_password)


def test_it_refuses_a_taken_user_name_or_e_mail(client: Any, personas: Any) -> None:
    client.force_login(personas.coordinator)
    response = _invite(client, personas.district, username="MINH")
    assert response.status_code == 200
    assert "This user name is taken." in response.content.decode()
    response = _invite(client, personas.district, email=personas.officer.email)
    assert "An account already uses this e-mail address." in response.content.decode()
    assert not User.objects.filter(username="nga").exists()


def test_it_lets_no_one_but_the_coordinator_invite(client: Any, personas: Any) -> None:
    for user in (personas.officer, personas.other_officer, personas.outsider):
        client.force_login(user)
        response = _invite(client, personas.district)
        assert response.status_code in (302, 403), user
    assert not User.objects.filter(username="nga").exists()
