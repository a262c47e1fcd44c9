"""Import and export of the agency tree as CSV or XLSX.

An import is all or nothing: every row is checked (fields, kinds, parents, duplicate codes, a
second lead agency, loops in the tree) and every error is reported with its row and column
before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beacon.core import audit, policy
from beacon.core.agencies import find_cycle, tree_order
from beacon.core.languages import language_codes
from beacon.core.models import Agency
from beacon.core.roles import AgencyKind
from beacon.lib.tables import RowError, Table

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

BASE_COLUMNS = [
    "code",
    "parent_code",
    "kind",
    "name",
    "abbreviation",
    "email",
    "phone",
    "website",
    "address",
    "is_active",
]
_FIELD_COLUMNS = {"code", "name", "abbreviation", "email", "phone", "website", "address"}
_TRUE = {"1", "true", "yes", "x", "có", "oui"}
_FALSE = {"0", "false", "no", "không", "non"}


class AgencyImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int


def export_columns(languages: list[str]) -> list[str]:
    return [*BASE_COLUMNS, *(f"name_{code}" for code in languages)]


def export_rows(agencies: list[Agency], languages: list[str]) -> list[list[Any]]:
    by_pk = {agency.pk: agency for agency in agencies}
    rows = []
    for agency, _depth in tree_order(agencies):
        parent = by_pk.get(agency.parent_id) if agency.parent_id else None
        rows.append(
            [
                agency.code,
                parent.code if parent else "",
                agency.kind,
                agency.name,
                agency.abbreviation,
                agency.email,
                agency.phone,
                agency.website,
                agency.address,
                "yes" if agency.is_active else "no",
                *(agency.names.get(code, "") for code in languages),
            ]
        )
    return rows


def _name_columns(header: list[str]) -> dict[str, str]:
    return {
        column: column.removeprefix("name_")
        for column in header
        if column.startswith("name_") and column.removeprefix("name_") in language_codes()
    }


def _check_header(table: Table) -> list[RowError]:
    errors = []
    for required in ("code", "kind", "name"):
        if required not in table.header:
            errors.append(RowError(1, required, _("this column is missing")))
    known = set(BASE_COLUMNS) | set(_name_columns(table.header))
    for column in table.header:
        if column and column not in known:
            errors.append(RowError(1, column, _("unknown column")))
    return errors


def _build(table: Table) -> tuple[list[tuple[int, Agency, str]], list[RowError]]:
    """Turn rows into unsaved Agency objects (existing ones updated in memory) and errors."""
    errors: list[RowError] = []
    existing = {agency.code: agency for agency in Agency.objects.all()}
    seen: dict[str, int] = {}
    built: list[tuple[int, Agency, str]] = []
    names = _name_columns(table.header)
    kinds = set(AgencyKind.values)
    for index, row in enumerate(table.rows):
        line = index + 2
        if not row:
            continue
        code = row.get("code", "")
        if code in seen:
            errors.append(
                RowError(
                    line,
                    "code",
                    _("code %(code)s already given on row %(row)s")
                    % {"code": code, "row": seen[code]},
                )
            )
            continue
        if code:
            seen[code] = line
        agency = existing.get(code) or Agency(code=code)
        for column in _FIELD_COLUMNS & set(table.header):
            setattr(agency, column, row.get(column, ""))
        kind = row.get("kind", "")
        if kind not in kinds:
            errors.append(
                RowError(
                    line,
                    "kind",
                    _("%(kind)s is not one of %(kinds)s")
                    % {"kind": kind or "—", "kinds": ", ".join(sorted(kinds))},
                )
            )
        agency.kind = kind
        if "is_active" in table.header:
            active = row.get("is_active", "").lower()
            if active and active not in _TRUE | _FALSE:
                errors.append(RowError(line, "is_active", _("write yes or no")))
            agency.is_active = active not in _FALSE
        agency.names = {
            **agency.names,
            **{lang: row[column] for column, lang in names.items() if row.get(column)},
        }
        try:
            agency.full_clean(
                # A bad kind is reported above; the model's own "not a valid choice" would say
                # it twice.
                exclude=[
                    "parent",
                    *(["code"] if code in existing else []),
                    *([] if kind in kinds else ["kind"]),
                ],
                validate_unique=code not in existing,
                validate_constraints=False,
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(RowError(line, field if field != "__all__" else "code", message))
        built.append((line, agency, row.get("parent_code", "")))
    return built, errors


def _check_tree(built: list[tuple[int, Agency, str]], errors: list[RowError]) -> None:
    codes_in_file = {agency.code: line for line, agency, _parent in built}
    parents: dict[str, str | None] = dict(Agency.objects.values_list("code", "parent__code"))
    for line, agency, parent_code in built:
        if parent_code and parent_code not in codes_in_file and parent_code not in parents:
            errors.append(
                RowError(
                    line,
                    "parent_code",
                    _("no agency has the code %(code)s") % {"code": parent_code},
                )
            )
        parents[agency.code] = parent_code or None
    cycle = find_cycle(parents)
    if cycle:
        line = min(codes_in_file.get(code, 10**9) for code in cycle)
        errors.append(
            RowError(
                line,
                "parent_code",
                _("these agencies would be each other's parent: %(codes)s")
                % {"codes": " → ".join(cycle)},
            )
        )
    leads = [
        code
        for code, agency_kind in Agency.objects.values_list("code", "kind")
        if agency_kind == AgencyKind.LEAD and code not in codes_in_file
    ]
    leads += [agency.code for _line, agency, _parent in built if agency.kind == AgencyKind.LEAD]
    if len(leads) > 1:
        line = max(codes_in_file.get(code, 0) for code in leads)
        errors.append(
            RowError(
                line,
                "kind",
                _("there can be only one lead agency: %(codes)s") % {"codes": ", ".join(leads)},
            )
        )


def _save_order(built: list[tuple[int, Agency, str]]) -> list[tuple[int, Agency, str]]:
    """Parents before children, so that each parent has an id when its children are saved."""
    in_file = {agency.code for _line, agency, _parent in built}
    remaining = list(built)
    ordered: list[tuple[int, Agency, str]] = []
    placed: set[str] = set()
    while remaining:
        ready = [
            item for item in remaining if not item[2] or item[2] not in in_file or item[2] in placed
        ]
        ordered.extend(ready)
        placed.update(item[1].code for item in ready)
        remaining = [item for item in remaining if item not in ready]
    return ordered


@transaction.atomic
def do_import_agencies(table: Table, *, acting_user: User | AnonymousUser | None) -> ImportResult:
    """Create or update agencies from a table, all or nothing."""
    if (
        acting_user is not None
        and policy.agency_ids_for(acting_user, "agency", "write") is not policy.ALL_AGENCIES
    ):
        raise PermissionDenied
    errors = _check_header(table)
    if errors:
        raise AgencyImportError(errors)
    built, errors = _build(table)
    _check_tree(built, errors)
    if errors:
        raise AgencyImportError(sorted(errors, key=lambda e: (e.row, e.column)))
    result = ImportResult(created=0, updated=0)
    by_code = {agency.code: agency for agency in Agency.objects.all()}
    # A file may hand the lead role from one agency to another. The database allows one lead at
    # any moment, so the old lead steps down first, whatever the order of the rows (the audit
    # event is still written below, from the values read above).
    for _line, agency, _parent in built:
        stored = by_code.get(agency.code)
        if stored and stored.kind == AgencyKind.LEAD and agency.kind != AgencyKind.LEAD:
            Agency.objects.filter(pk=stored.pk).update(kind=agency.kind)
    for _line, agency, parent_code in _save_order(built):
        before = audit.snapshot(by_code[agency.code]) if agency.pk else {}
        agency.parent = by_code[parent_code] if parent_code else None
        created = agency.pk is None
        agency.save()
        by_code[agency.code] = agency
        changes = audit.diff(before, audit.snapshot(agency))
        if created or changes:
            audit.record(
                actor=acting_user,
                action="agency.import",
                instance=agency,
                changes=changes,
                agency=agency,
            )
        result.created += created
        result.updated += bool(changes) and not created
    return result
