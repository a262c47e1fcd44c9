"""Issue 12, finding 1: another agency's officer may not rewrite, lock or unlock a fact.

Wagtail's snippet views asked for "change", "lock" and "unlock" on facts in general; the object
guard (``beacon.core.guard``) asks it of the fact in the URL. The posts below are the editor's
real form, as the owning officer's browser would send it, with the statement changed.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from beacon.core.tests.forms import main_form
from beacon.factbase.models import Fact
from beacon.factbase.tests.conftest import make_fact

STATEMENT = "Quận A có 12 trường học công lập năm 2025."


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _refused(response: Any) -> bool:
    """Wagtail's admin answers a refusal by sending the person to the dashboard with a message."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def _edit_form(personas: Any, fact: Fact) -> dict[str, list[str]]:
    page = _client(personas.officer).get(
        reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk])
    )
    assert page.status_code == 200
    data = main_form(page.content.decode())
    assert data["statement"] == [STATEMENT]
    return data


def test_it_refuses_another_agencys_officer_the_editor(personas: Any) -> None:
    from beacon.factbase.setup import fact_workflow

    fact_workflow()
    fact = make_fact(personas.district, STATEMENT, {})
    data = _edit_form(personas, fact)
    data["statement"] = ["Rewritten by district B."]
    data["agency"] = [str(personas.other_district.pk)]
    other = _client(personas.other_officer)
    url = reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk])
    assert _refused(other.get(url))
    assert _refused(other.post(url, data))
    assert _refused(other.post(url, {**data, "action-submit": ["1"]}))
    fact.refresh_from_db()
    assert fact.statement == STATEMENT and fact.agency == personas.district
    assert not Revision.objects.for_instance(fact).exists()
    assert fact.workflow_states.count() == 0


def test_it_lets_the_owning_officer_save_but_not_move_the_fact_away(personas: Any) -> None:
    fact = make_fact(personas.district, STATEMENT, {})
    data = _edit_form(personas, fact)
    url = reverse("wagtailsnippets_factbase_fact:edit", args=[fact.pk])
    mine = _client(personas.officer)
    moved = mine.post(url, {**data, "agency": [str(personas.other_district.pk)]})
    assert moved.status_code == 200
    assert "You may not file this under the agency you chose." in moved.content.decode()
    assert not Revision.objects.for_instance(fact).exists()
    saved = mine.post(url, {**data, "statement": ["Quận A có 13 trường học công lập."]})
    assert saved.status_code == 302
    latest = Revision.objects.for_instance(fact).get()
    assert latest.as_object().statement == "Quận A có 13 trường học công lập."
    assert latest.as_object().agency == personas.district


def test_it_refuses_another_agencys_officer_the_lock_and_unlock(personas: Any) -> None:
    fact = make_fact(personas.district, STATEMENT, {})
    locked = make_fact(personas.district, "Quận A có 4 bệnh viện.", {})
    other = _client(personas.other_officer)
    assert _refused(other.post(reverse("wagtailsnippets_factbase_fact:lock", args=[fact.pk])))
    _client(personas.officer).post(reverse("wagtailsnippets_factbase_fact:lock", args=[locked.pk]))
    locked.refresh_from_db()
    assert locked.locked and locked.locked_by == personas.officer
    assert _refused(other.post(reverse("wagtailsnippets_factbase_fact:unlock", args=[locked.pk])))
    fact.refresh_from_db()
    locked.refresh_from_db()
    assert not fact.locked
    assert locked.locked and locked.locked_by == personas.officer


def test_it_lets_the_agencys_reviewer_approve_in_the_admin_and_nobody_else(desk: Any) -> None:
    """The guard lets the workflow's reviewer act on a fact he may not edit (the task's rule)."""
    fact = make_fact(desk.transport, STATEMENT, {})
    fact.save_revision(user=desk.transport_officer)
    fact.get_workflow().start(fact, desk.transport_officer)
    task_state = fact.current_workflow_task_state
    url = reverse(
        "wagtailsnippets_factbase_fact:workflow_action", args=[fact.pk, "approve", task_state.pk]
    )
    refused = _client(desk.personas.other_officer).post(url, {})
    assert refused.status_code == 403 or _refused(refused)
    fact.refresh_from_db()
    assert not fact.live
    assert _client(desk.reviewer).post(url, {}).status_code in {200, 302}
    fact.refresh_from_db()
    assert fact.live and fact.statement == STATEMENT
