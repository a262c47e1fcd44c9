"""Hostile admin input is a form error or a 400, never a 500 (see beacon/core/admin_input.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from wagtail.documents.widgets import AdminDocumentChooser

from beacon.core.admin_input import BoundedModelMultipleChoiceField, formset_mismatch
from beacon.core.models import Agency
from beacon.core.tests.factories import AgencyFactory, UserFactory
from beacon.factbase.models import Fact

pytestmark = pytest.mark.django_db


def test_an_id_beyond_64_bits_is_an_invalid_choice() -> None:
    agency = AgencyFactory.create()
    field = BoundedModelMultipleChoiceField(queryset=Agency.objects.all())
    with pytest.raises(ValidationError) as raised:
        field.clean([str(agency.pk), "9" * 20])
    assert raised.value.code == "invalid_pk_value"
    assert list(field.clean([str(agency.pk)])) == [agency]


def test_admin_forms_pick_many_with_the_bounded_field() -> None:
    from wagtail.admin.forms.models import formfield_for_dbfield

    from beacon.plans.models import Activity
    from beacon.training.models import Session

    pickers: list[tuple[type[Model], str]] = [
        (Activity, "cooperating_agencies"),
        (Session, "target_agencies"),
    ]
    for model, name in pickers:
        field = formfield_for_dbfield(model._meta.get_field(name))
        assert isinstance(field, BoundedModelMultipleChoiceField)


def test_a_chooser_draws_a_value_that_is_no_id_as_no_choice() -> None:
    for value in ["\x00", "x", "9" * 30]:
        assert AdminDocumentChooser().get_value_data(value) is None


def _posted(**fields: str) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key.replace("__", "-")] = value
    return data


@pytest.mark.parametrize(
    ("fields", "mismatch"),
    [
        ({"t__TOTAL_FORMS": "1", "t__0__name": "a"}, None),
        ({"t__TOTAL_FORMS": "0"}, None),
        ({"t__TOTAL_FORMS": "2", "t__0__name": "a", "t__1__DELETE": "on"}, None),
        ({"t__TOTAL_FORMS": "2", "t__0__name": "a"}, "t"),
        ({"t__TOTAL_FORMS": "٣", "t__0__name": "a"}, "t"),
        ({"t__TOTAL_FORMS": "9" * 30, "t__0__name": "a"}, "t"),
        ({"t__TOTAL_FORMS": "\x00"}, "t"),
        ({"t__TOTAL_FORMS": "1", "t__0__c__TOTAL_FORMS": "1", "t__0__c__0__x": "y"}, None),
        ({"t__TOTAL_FORMS": "1", "t__0__c__TOTAL_FORMS": "2", "t__0__c__0__x": "y"}, "t-0-c"),
    ],
)
def test_a_formset_must_carry_the_rows_it_counts(fields: dict[str, str], mismatch: str) -> None:
    assert formset_mismatch(_posted(**fields)) == mismatch


def test_a_tampered_formset_is_refused_with_a_clear_400() -> None:
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    data = {"title": "x", "targets-TOTAL_FORMS": "٣", "targets-INITIAL_FORMS": "0"}
    response = client.post(reverse("plans_activity:add"), data)
    assert response.status_code == 400
    assert "targets" in response.content.decode()


def test_the_external_link_chooser_asks_for_its_url() -> None:
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(reverse("wagtailadmin_choose_page_external_link"), {})
    assert response.status_code == 200
    assert "required" in response.content.decode()


def test_a_chooser_without_a_creation_form_creates_nothing() -> None:
    client = Client(raise_request_exception=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippetchoosers_factbase_fact:create")
    response = client.post(url, {"title": "x"})
    assert response.status_code == 302  # Wagtail's answer to PermissionDenied in the admin
    assert not Fact.objects.exists()
