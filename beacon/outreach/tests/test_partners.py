"""Partners: import with duplicates found, export that imports again, consent withdrawal that
erases, retention that erases, and contacts hidden from those who only read partners."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from beacon.core.actions import do_grant_role
from beacon.core.models import AuditEvent
from beacon.core.roles import Role
from beacon.core.tests.factories import UserFactory
from beacon.outreach import actions, partner_io
from beacon.outreach.models import Contact, Partner
from beacon.outreach.tests.conftest import City

CSV = (
    "name,kind,country,languages,agency,website\n"
    "Ville de  TOULOUSE.,sister_city,fr,fr,Q-A,\n"
    'Fukuoka City,sister_city,JP,"ja,en",Q-A,https://fukuoka.example\n'
    "Fukuoka city,sister_city,JP,ja,Q-A,\n"
    "Nowhere,sister_city,XX,,NOPE,\n"
    "Bad kind,spaceport,US,,Q-A,\n"
)


@pytest.mark.django_db
def test_it_imports_partners_and_reports_duplicates_and_bad_rows(city: City) -> None:
    client = Client()
    client.force_login(city.newsroom.personas.officer)
    upload = SimpleUploadedFile("partners.csv", CSV.encode())
    response = client.post("/admin/outreach/partners/import/", {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert [p.name for p in result.created] == ["Fukuoka City"]
    assert [line for line, _name in result.duplicates] == [2, 4]
    assert [line for line, _error in result.errors] == [5, 6]
    assert Partner.objects.get(name="Fukuoka City").languages == ["ja", "en"]


@pytest.mark.django_db
def test_it_exports_what_it_imports(city: City) -> None:
    client = Client()
    client.force_login(city.newsroom.personas.coordinator)
    response = client.get("/admin/outreach/partners/?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(partner_io.COLUMNS)
    assert rows[1][:3] == ("Ville de Toulouse", "sister_city", "FR")
    again = partner_io.read_table(
        "p.csv", client.get("/admin/outreach/partners/?format=csv").content
    )
    result = actions.do_import_partners(again, acting_user=None)
    assert not result.created and len(result.duplicates) == 1
    assert "claire" not in response.content.decode(errors="ignore")


@pytest.mark.django_db
def test_it_erases_a_contact_who_withdraws_and_never_contacts_them_again(city: City) -> None:
    client = Client()
    client.force_login(city.newsroom.personas.officer)
    url = f"/admin/outreach/partners/{city.partner.pk}/contacts/{city.contact.pk}/withdraw/"
    client.post(url)
    contact = Contact.objects.get(pk=city.contact.pk)
    assert contact.withdrawn_at and contact.erased_at and contact.email == ""
    assert "Claire" not in contact.name
    assert not Contact.objects.reachable().exists()
    logged = AuditEvent.objects.get(action="contact.withdraw")
    assert "claire" not in str(logged.changes).lower()


@pytest.mark.django_db
def test_it_erases_contacts_past_their_retention_date(city: City) -> None:
    Contact.objects.filter(pk=city.contact.pk).update(
        keep_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert actions.do_erase_expired_contacts(dry_run=True) == 1
    assert Contact.objects.get(pk=city.contact.pk).email
    assert actions.do_erase_expired_contacts() == 1
    assert Contact.objects.get(pk=city.contact.pk).email == ""
    assert actions.do_erase_expired_contacts() == 0


@pytest.mark.django_db
def test_it_shows_contacts_only_to_those_who_keep_the_partner(city: City) -> None:
    editor = UserFactory(username="editor-q-a")
    do_grant_role(editor, city.newsroom.personas.district, Role.EDITOR, acting_user=None)
    url = f"/admin/outreach/partners/{city.partner.pk}/"
    for user, sees in ((city.newsroom.personas.officer, True), (editor, False)):
        client = Client()
        client.force_login(user)
        page = client.get(url)
        assert page.status_code == 200
        assert ("claire@toulouse.example" in page.content.decode()) is sees


@pytest.mark.django_db
def test_it_refuses_consent_dated_in_the_future(city: City) -> None:
    contact = Contact(
        partner=city.partner, name="X", email="x@example.org", consent_source="form",
        consent_on=timezone.localdate() + datetime.timedelta(days=1),
        keep_until=timezone.localdate() + datetime.timedelta(days=10),
    )  # fmt: skip
    with pytest.raises(Exception, match="future"):
        actions.do_save_contact(contact, acting_user=None)
