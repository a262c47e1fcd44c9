"""Import of a plan from a CSV or XLSX sheet, in the shape offices draft them, and the sheet export.

One row per activity: programme, activity, lead agency, cooperating agencies, period, targets.
The import is all or nothing: every row is checked and every error is reported with its row and
column before anything is saved; rows that name an existing activity (same programme and title)
update it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beacon.core.models import Agency
from beacon.lib.tables import RowError, Table
from beacon.plans import access, actions
from beacon.plans.models import Activity, Plan, Programme, Recurrence, Target, Unit
from beacon.plans.reporting import ActivityRow

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

COLUMNS = [
    "programme",
    "code",
    "activity",
    "lead_agency",
    "cooperating_agencies",
    "start",
    "deadline",
    "reporting",
    "targets",
    "deliverables",
    "description",
    "budget",
    "budget_source",
]
REQUIRED = ["programme", "activity", "lead_agency", "start", "deadline"]
# Headings offices write on their own sheets, read as the columns above (compared lowercased).
HEADINGS = {
    "chương trình": "programme",
    "chương trình, đề án": "programme",
    "đề án": "programme",
    "stt": "code",
    "số tt": "code",
    "nội dung": "activity",
    "hoạt động": "activity",
    "nội dung hoạt động": "activity",
    "cơ quan chủ trì": "lead_agency",
    "chủ trì": "lead_agency",
    "cơ quan phối hợp": "cooperating_agencies",
    "phối hợp": "cooperating_agencies",
    "bắt đầu": "start",
    "thời gian bắt đầu": "start",
    "thời hạn": "deadline",
    "hạn hoàn thành": "deadline",
    "báo cáo": "reporting",
    "kỳ báo cáo": "reporting",
    "chỉ tiêu": "targets",
    "sản phẩm": "deliverables",
    "mô tả": "description",
    "kinh phí": "budget",
    "nguồn kinh phí": "budget_source",
}
EXPORT_ONLY = ["status", "progress_percent", "reported"]
_TARGET = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s+(\S+)\s*(.*?)\s*$")


class PlanImportError(Exception):
    def __init__(self, errors: list[RowError], headings: dict[str, str] | None = None) -> None:
        """Errors in file order, each naming its column as the file heads it."""
        super().__init__(f"{len(errors)} error(s)")
        headings = headings or {}
        ordered = sorted(
            errors, key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99)
        )
        self.errors = [
            RowError(e.row, headings.get(e.column, e.column), e.message) for e in ordered
        ]


def _read_headings(table: Table) -> tuple[Table, dict[str, str]]:
    """The table with office headings renamed to our columns, and the way back for messages."""
    renamed = {heading: HEADINGS.get(heading, heading) for heading in table.header}
    shown = {column: heading for heading, column in renamed.items() if column != heading}
    rows = [{renamed[key]: value for key, value in row.items()} for row in table.rows]
    return Table(header=[renamed[h] for h in table.header], rows=rows), shown


@dataclass
class ImportResult:
    plan: Plan
    created: int
    updated: int


def parse_date(text: str) -> date:
    """ISO dates (also as written by spreadsheets, with a time) or day/month/year."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a calendar date)
        except ValueError:
            continue
    raise ValueError(text)


def parse_targets(text: str) -> list[tuple[Decimal, str, str]]:
    """``24 articles in 5 languages; 2 sessions`` to [(24, "articles", "in 5 languages"), …]."""
    targets: list[tuple[Decimal, str, str]] = []
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        match = _TARGET.match(part)
        if match is None:
            raise ValueError(
                _("“%(part)s” is not “number unit [details]”, e.g. “24 articles in 5 languages”")
                % {"part": part.strip()}
            )
        quantity, unit, details = match.groups()
        if unit.lower() not in Unit.values:
            raise ValueError(
                _("“%(unit)s” is not a known unit; use one of %(units)s")
                % {"unit": unit, "units": ", ".join(Unit.values)}
            )
        if unit.lower() in {existing for _q, existing, _d in targets}:
            raise ValueError(
                _("two targets are counted in %(unit)s; make them one target") % {"unit": unit}
            )
        targets.append((Decimal(quantity.replace(",", ".")), unit.lower(), details))
    return targets


def format_targets(targets: list[Target]) -> str:
    return "; ".join(
        f"{t.quantity.normalize():f} {t.unit} {t.description}".strip() for t in targets
    )


@dataclass
class _Row:
    line: int
    programme: str
    activity: Activity
    targets: list[tuple[Decimal, str, str]]
    cooperating: list[Agency]


def _check_header(table: Table) -> list[RowError]:
    errors = [
        RowError(1, c, _("this column is missing")) for c in REQUIRED if c not in table.header
    ]
    for column in table.header:
        if column and column not in COLUMNS and column not in EXPORT_ONLY:
            errors.append(RowError(1, column, _("unknown column")))
    return errors


def _agencies(codes: str, agencies: dict[str, Agency]) -> tuple[list[Agency], list[str]]:
    found, missing = [], []
    for code in re.split(r"[;,\n]", codes):
        code = code.strip()
        if not code:
            continue
        if code in agencies:
            found.append(agencies[code])
        else:
            missing.append(code)
    return found, missing


def _build(plan: Plan | None, table: Table) -> tuple[list[_Row], list[RowError]]:
    errors: list[RowError] = []
    agencies = {a.code: a for a in Agency.objects.all()}
    existing: dict[tuple[str, str], Activity] = {}
    if plan is not None:
        for activity in Activity.objects.filter(programme__plan=plan).select_related("programme"):
            existing[(activity.programme.title, activity.title)] = activity
    seen: dict[tuple[str, str], int] = {}
    built: list[_Row] = []
    for index, raw in enumerate(table.rows):
        line = index + 2
        if not raw:
            continue
        row = {column: raw.get(column, "") for column in COLUMNS}
        bad = [RowError(line, c, _("this cell is empty")) for c in REQUIRED if not row[c]]
        key = (row["programme"], row["activity"])
        if row["programme"] and row["activity"] and key in seen:
            bad.append(
                RowError(
                    line, "activity", _("the same activity is on row %(row)s") % {"row": seen[key]}
                )
            )
        seen.setdefault(key, line)
        activity = existing.get(key) or Activity(title=row["activity"])
        activity.code = row["code"]
        activity.deliverables = row["deliverables"]
        activity.description = row["description"]
        activity.budget_source = row["budget_source"]
        lead = agencies.get(row["lead_agency"])
        if row["lead_agency"] and lead is None:
            bad.append(
                RowError(
                    line,
                    "lead_agency",
                    _("no agency has the code %(code)s") % {"code": row["lead_agency"]},
                )
            )
        if lead is not None:
            activity.lead_agency = lead
        cooperating, missing = _agencies(row["cooperating_agencies"], agencies)
        for code in missing:
            bad.append(
                RowError(
                    line,
                    "cooperating_agencies",
                    _("no agency has the code %(code)s") % {"code": code},
                )
            )
        if lead is not None and lead in cooperating:
            bad.append(
                RowError(line, "cooperating_agencies", _("the lead agency cannot also cooperate"))
            )
        for column in ("start", "deadline"):
            if row[column]:
                try:
                    setattr(activity, column, parse_date(row[column]))
                except ValueError:
                    bad.append(
                        RowError(line, column, _("write the date as YYYY-MM-DD or DD/MM/YYYY"))
                    )
        dates_read = not any(e.column in ("start", "deadline") for e in bad)
        if row["start"] and row["deadline"] and dates_read and activity.deadline < activity.start:
            bad.append(RowError(line, "deadline", _("the deadline comes before the start")))
        reporting = (row["reporting"] or Recurrence.ONCE).lower()
        if reporting not in Recurrence.values:
            bad.append(
                RowError(
                    line,
                    "reporting",
                    _("write one of %(values)s") % {"values": ", ".join(Recurrence.values)},
                )
            )
        activity.recurrence = reporting
        if row["budget"]:
            try:
                activity.budget = Decimal(row["budget"].replace(" ", "").replace(",", "."))
            except InvalidOperation:
                bad.append(
                    RowError(line, "budget", _("write the budget as a number (million VND)"))
                )
        targets: list[tuple[Decimal, str, str]] = []
        try:
            targets = parse_targets(row["targets"])
        except ValueError as exc:
            bad.append(RowError(line, "targets", str(exc)))
        errors.extend(bad)
        if not bad:
            built.append(_Row(line, row["programme"], activity, targets, cooperating))
    return built, errors


def _apply_targets(activity: Activity, wanted: list[tuple[Decimal, str, str]]) -> None:
    """Keep an existing target of the same unit (its figures stay with it); add the others."""
    by_unit = {t.unit: t for t in (activity.targets.all() if activity.pk else [])}
    targets = []
    for quantity, unit, details in wanted:
        target = by_unit.pop(unit, None) or Target(unit=unit)
        target.quantity, target.description = quantity, details
        targets.append(target)
    activity.targets = targets  # type: ignore[assignment]


@transaction.atomic
def do_import_plan(
    table: Table,
    *,
    plan: Plan | None,
    year: int | None = None,
    title: str = "",
    acting_user: User | AnonymousUser | None,
) -> ImportResult:
    """Create or update a plan's programmes and activities from a table, all or nothing."""
    if acting_user is not None and not access.can_edit_plans(acting_user):
        raise PermissionDenied
    table, shown = _read_headings(table)
    errors = _check_header(table)
    if errors:
        raise PlanImportError(errors, shown)
    built, errors = _build(plan, table)
    if errors:
        raise PlanImportError(errors, shown)
    if plan is None:
        existing = Plan.objects.filter(year=year, title=title).first() if year is not None else None
        plan = existing or actions.do_save_plan(
            Plan(year=year or 0, title=title), acting_user=acting_user
        )
    programmes = {p.title: p for p in plan.programmes.all()}
    result = ImportResult(plan=plan, created=0, updated=0)
    for row in built:
        programme = programmes.get(row.programme)
        if programme is None:
            programme = actions.do_save_programme(
                Programme(plan=plan, title=row.programme, position=len(programmes) + 1),
                acting_user=acting_user,
            )
            programmes[programme.title] = programme
        activity = row.activity
        created = activity.pk is None
        activity.programme = programme
        _apply_targets(activity, row.targets)
        activity.cooperating_agencies = row.cooperating  # type: ignore[assignment]
        try:
            with transaction.atomic():
                actions.do_save_activity(activity, acting_user=acting_user)
        except ValidationError as exc:
            errors.append(RowError(row.line, "activity", " ".join(exc.messages)))
            continue
        result.created += created
        result.updated += not created
    if errors:
        raise PlanImportError(errors, shown)
    return result


def template_rows() -> list[list[Any]]:
    """Two example rows for the template, showing a one-off and a recurring activity."""
    return [
        [
            "Thông tin đối ngoại trên không gian mạng",
            "3.1",
            "Đăng tin bài quảng bá Hà Nội trên Cổng thông tin đối ngoại",
            "SO-TTTT",
            "SO-NGOAIVU; SO-DULICH",
            "2025-01-01",
            "2025-12-31",
            "monthly",
            "24 articles in 5 languages; 12 posts",
            "Tin bài, ảnh, video",
            "",
            "150",
            "Ngân sách thành phố",
        ],
        [
            "Đào tạo, bồi dưỡng cán bộ",
            "2.1",
            "Tập huấn kỹ năng trả lời phóng viên nước ngoài",
            "SO-NOIVU",
            "SO-TTTT",
            "2025-03-01",
            "2025-06-30",
            "once",
            "2 sessions; 60 people",
            "Tài liệu tập huấn",
            "",
            "",
            "",
        ],
    ]


def export_rows(rows: list[ActivityRow], reported: dict[int, int]) -> list[list[Any]]:
    """One line per activity; ``reported`` counts, per activity, the reports the reader may see."""
    lines = []
    for row in rows:
        activity = row.activity
        lines.append(
            [
                activity.programme.title,
                activity.code,
                activity.title,
                activity.lead_agency.code,
                "; ".join(a.code for a in activity.cooperating_agencies.all()),
                activity.start.isoformat(),
                activity.deadline.isoformat(),
                activity.recurrence,
                format_targets([t for t, _total in row.targets]),
                activity.deliverables,
                activity.description,
                float(activity.budget) if activity.budget is not None else "",
                activity.budget_source,
                row.status,
                row.progress,
                reported.get(activity.pk, 0),
            ]
        )
    return lines
