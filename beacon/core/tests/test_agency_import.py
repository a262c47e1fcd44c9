"""Import of the agency tree from CSV and XLSX (all or nothing), export, and tree checks."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from beacon.core.agency_io import AgencyImportError, do_import_agencies
from beacon.core.models import Agency, AuditEvent
from beacon.lib.tables import TableError, read_table

HEADER = "code,parent_code,kind,name,email,name_en"
GOOD = [
    "Q-C,,district,UBND quận C,qc@example.invalid,District C",
    "P-C1,Q-C,commune,UBND phường C1,,Ward C1",
    "P-C2,Q-C,commune,UBND phường C2,,",
    "Q-A,LEAD,district,UBND quận A (mới),,District A",
]


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _xlsx(header: list[str], *rows: list[Any]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(client: Any, data: bytes, name: str = "agencies.csv") -> Any:
    return client.post(
        reverse("core_agency:import"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def _state() -> list[tuple[Any, ...]]:
    return list(
        Agency.objects.order_by("code").values_list("code", "parent__code", "kind", "name", "email")
    )


@pytest.fixture
def coordinator_client(client: Any, personas: Any) -> Any:
    client.force_login(personas.coordinator)
    return client


def test_it_imports_a_csv_through_the_admin_with_parents(coordinator_client: Any) -> None:
    response = _upload(coordinator_client, _csv(*GOOD))
    assert response.status_code == 200
    assert "3 agencies created, 1 updated" in response.content.decode()
    ward = Agency.objects.get(code="P-C1")
    assert ward.parent.code == "Q-C"
    assert ward.names["en"] == "Ward C1"
    district = Agency.objects.get(code="Q-A")
    assert (district.name, district.parent.code) == ("UBND quận A (mới)", "LEAD")
    assert Agency.objects.get(code="Q-C").email == "qc@example.invalid"
    assert AuditEvent.objects.filter(action="agency.import").count() == 4


def test_it_imports_an_xlsx_built_with_openpyxl(coordinator_client: Any) -> None:
    data = _xlsx(
        ["Code", "parent_code", "kind", "name", "phone", "is_active"],
        ["Q-C", None, "district", "UBND quận C", 2438254545, "yes"],
        ["P-C1", "Q-C", "commune", "UBND phường C1", None, False],
    )
    response = _upload(coordinator_client, data, "agencies.xlsx")
    assert "2 agencies created" in response.content.decode()
    assert Agency.objects.get(code="Q-C").phone == "2438254545"
    ward = Agency.objects.get(code="P-C1")
    assert (ward.parent.code, ward.is_active) == ("Q-C", False)


def test_it_imports_with_the_action_too(personas: Any) -> None:
    result = do_import_agencies(read_table(_csv(*GOOD)), acting_user=personas.coordinator)
    assert (result.created, result.updated) == (3, 1)
    again = do_import_agencies(read_table(_csv(*GOOD)), acting_user=personas.coordinator)
    assert (again.created, again.updated) == (0, 0)


def test_it_refuses_the_import_to_anyone_but_the_coordinator(client: Any, personas: Any) -> None:
    client.force_login(personas.officer)
    before = _state()
    response = client.post(
        reverse("core_agency:import"), {"file": SimpleUploadedFile("a.csv", _csv(*GOOD))}
    )
    assert response.status_code in (302, 403)
    assert _state() == before


@pytest.mark.parametrize(
    ("rows", "row", "column"),
    [
        (["Q-X,,town,UBND quận C,,"], 2, "kind"),
        (["Q-X,,district,,,"], 2, "name"),
        (["Q-X,,district,C,,", "Q-X,,district,C bis,,"], 3, "code"),
        (["Q-X,Q-Z,district,C,,"], 2, "parent_code"),
        (["Q-X,Q-Y,district,C,,", "Q-Y,Q-X,district,D,,"], 2, "parent_code"),
        (["Q-X,P-A1,district,C,,", "Q-A,Q-X,district,A,,"], 2, "parent_code"),
        (["SO-2,,lead,Sở thứ hai,,"], 2, "kind"),
        (["Q-X,,district,C,not-an-email,"], 2, "email"),
        (["Q-X,,district,C,,", "Q-Y,,district,D,bad@,"], 3, "email"),
    ],
    ids=[
        "unknown-kind",
        "missing-name",
        "duplicate-code",
        "unknown-parent",
        "cycle-in-file",
        "cycle-through-database",
        "second-lead",
        "bad-email",
        "bad-email-on-a-later-row",
    ],
)
def test_it_names_row_and_column_and_saves_nothing(
    coordinator_client: Any, personas: Any, rows: list[str], row: int, column: str
) -> None:
    before = _state()
    events = AuditEvent.objects.count()
    with pytest.raises(AgencyImportError) as caught:
        do_import_agencies(read_table(_csv(*rows)), acting_user=personas.coordinator)
    # Each problem is reported once, at its row and column.
    assert [(e.row, e.column) for e in caught.value.errors] == [(row, column)]

    # The same rows after three good ones: the good ones are not saved either.
    response = _upload(coordinator_client, _csv(*GOOD[:3], *rows))
    page = response.content.decode()
    assert "nothing was imported" in page
    assert f"<td>{row + 3}</td><td><code>{column}</code>" in page
    assert _state() == before
    assert AuditEvent.objects.count() == events


def _corrupt_xlsx(part: str) -> bytes:
    """A real workbook with one of its XML parts replaced by garbage."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx(["code", "kind", "name"], ["Q-X", "district", "X"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.namelist():
            target.writestr(item, b"<<<not xml" if item == part else source.read(item))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_corrupt_xlsx("xl/workbook.xml"), "not a readable XLSX"),
        (_corrupt_xlsx("xl/worksheets/sheet1.xml"), "not a readable XLSX"),
        (_csv(*GOOD).decode().encode("cp1258", errors="replace"), "not UTF-8"),
        ("code,kind,name\nQ-C,district,Quận C\n".encode("utf-16"), "UTF-16"),
        (bytes(range(256)) * 4, "CSV or XLSX"),
        (b"PK\x03\x04" + bytes(200), "not a readable XLSX"),
        (b"%PDF-1.7\n", "CSV or XLSX"),
        (b"\n\n", "empty"),
    ],
    ids=[
        "corrupt-workbook",
        "corrupt-sheet",
        "cp1258",
        "utf-16",
        "binary",
        "broken-zip",
        "pdf",
        "blank-lines",
    ],
)
def test_it_refuses_files_that_are_not_tables(
    coordinator_client: Any, personas: Any, data: bytes, message: str
) -> None:
    before = _state()
    with pytest.raises(TableError, match=message):
        read_table(data)
    response = _upload(coordinator_client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state() == before


def test_it_refuses_an_empty_upload(coordinator_client: Any, personas: Any) -> None:
    before = _state()
    response = _upload(coordinator_client, b"")
    assert "empty" in response.content.decode()
    assert _state() == before
    with pytest.raises(TableError, match="empty"):
        read_table(b"")


def test_it_reads_a_semicolon_separated_csv(coordinator_client: Any) -> None:
    rows = [row.replace(",", ";") for row in GOOD]
    response = _upload(coordinator_client, _csv(*rows, header=HEADER.replace(",", ";")))
    assert "3 agencies created, 1 updated" in response.content.decode()
    assert Agency.objects.get(code="P-C2").parent.code == "Q-C"


def test_it_reads_a_semicolon_csv_whose_names_hold_commas(coordinator_client: Any) -> None:
    data = "code;kind;name\nQ-C;district;UBND quận C, Hà Nội\nQ-D;district;Quận D\n"
    response = _upload(coordinator_client, data.encode("utf-8"))
    assert "2 agencies created" in response.content.decode()
    assert Agency.objects.get(code="Q-C").name == "UBND quận C, Hà Nội"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_exports_and_reimports_the_same_tree(
    coordinator_client: Any, personas: Any, fmt: str
) -> None:
    do_import_agencies(read_table(_csv(*GOOD)), acting_user=None)
    before = _state()
    response = coordinator_client.get(reverse("core_agency:export", args=[fmt]))
    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    exported = b"".join(response.streaming_content) if response.streaming else response.content
    Agency.objects.filter(code="P-C1").update(name="changed", email="x@example.invalid")

    result = do_import_agencies(read_table(exported), acting_user=personas.coordinator)
    assert (result.created, result.updated) == (0, 1)
    assert _state() == before
    assert Agency.objects.get(code="P-C1").names == {"en": "Ward C1"}


def _edit_data(agency: Agency, **changes: Any) -> dict[str, Any]:
    data = {
        "code": agency.code,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "name": agency.name,
        "names": json.dumps(agency.names),
        "is_active": "on",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("change", ["own-ward", "itself", "duplicate-code"])
def test_it_refuses_admin_edits_that_break_the_tree(
    coordinator_client: Any, personas: Any, change: str
) -> None:
    district = personas.district
    changes = {
        "own-ward": {"parent": personas.ward.pk},
        "itself": {"parent": district.pk},
        "duplicate-code": {"code": "Q-B"},
    }[change]
    before = _state()
    response = coordinator_client.post(
        reverse("core_agency:edit", args=[district.pk]), _edit_data(district, **changes)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "could not be saved" in page
    if change == "duplicate-code":
        assert "already exists" in page
    else:
        assert "cannot be placed under itself" in page
    assert _state() == before

    ok = coordinator_client.post(
        reverse("core_agency:edit", args=[district.pk]),
        _edit_data(district, parent=personas.lead.pk),
    )
    assert ok.status_code == 302
    assert Agency.objects.get(code="Q-A").parent == personas.lead


def test_it_refuses_a_second_lead_agency_in_the_admin(
    coordinator_client: Any, personas: Any
) -> None:
    other = personas.other_district
    response = coordinator_client.post(
        reverse("core_agency:edit", args=[other.pk]), _edit_data(other, kind="lead")
    )
    assert response.status_code == 200
    assert "already a lead agency" in response.content.decode()
    assert Agency.objects.get(code="Q-B").kind == "district"


def test_it_keeps_names_in_languages_the_city_no_longer_uses(client: Any, personas: Any) -> None:
    district = personas.district
    district.names = {"en": "District A", "de": "Bezirk A"}
    district.save()
    client.force_login(personas.officer)
    url = reverse("core_agency:edit", args=[district.pk])
    page = client.get(url).content.decode()
    # What a browser sends back: every input of the names widget, one of them edited.
    sent = dict(re.findall(r'<input[^>]*name="(names__\w+)" value="([^"]*)"', page))
    assert set(sent) == {"names__en", "names__fr", "names__de"}
    sent.update(names__en="District A (edited)", names__fr="Arrondissement A")
    response = client.post(url, {"name": district.name, "phone": "024 1", **sent})
    assert response.status_code == 302
    assert Agency.objects.get(pk=district.pk).names == {
        "en": "District A (edited)",
        "fr": "Arrondissement A",
        "de": "Bezirk A",
    }


@pytest.mark.parametrize("names", ['{"en": 5}', '["District A"]', '{"xx": "District A"}'])
def test_it_refuses_names_that_are_not_language_to_text(
    coordinator_client: Any, personas: Any, names: str
) -> None:
    district = personas.district
    response = coordinator_client.post(
        reverse("core_agency:edit", args=[district.pk]), _edit_data(district, names=names)
    )
    assert response.status_code == 200
    assert "could not be saved" in response.content.decode()
    assert Agency.objects.get(pk=district.pk).names == district.names


@pytest.mark.parametrize("new_lead_first", [True, False])
def test_it_hands_the_lead_role_to_another_agency(
    coordinator_client: Any, personas: Any, new_lead_first: bool
) -> None:
    rows = ["SO-NEW,,lead,Sở mới,,", "LEAD,,department,Sở cũ,,"]
    response = _upload(coordinator_client, _csv(*(rows if new_lead_first else rows[::-1])))
    assert "1 agencies created, 1 updated" in response.content.decode()
    assert list(Agency.objects.filter(kind="lead").values_list("code", flat=True)) == ["SO-NEW"]
    event = AuditEvent.objects.get(action="agency.import", object_id=str(personas.lead.pk))
    assert event.changes["kind"] == ["lead", "department"]


def test_it_exports_text_that_looks_like_a_formula_as_text(
    coordinator_client: Any, personas: Any
) -> None:
    name = '=HYPERLINK("http://example.invalid", "UBND")'
    Agency.objects.filter(code="Q-B").update(name=name)
    response = coordinator_client.get(reverse("core_agency:export", args=["xlsx"]))
    exported = response.content
    sheet = load_workbook(io.BytesIO(exported)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == name]
    assert [cell.data_type for cell in cells] == ["s"]
    result = do_import_agencies(read_table(exported), acting_user=personas.coordinator)
    assert (result.created, result.updated) == (0, 0)
    assert Agency.objects.get(code="Q-B").name == name
