"""Import of a plan from a sheet, the template to fill in, and the exports of a plan."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beacon.lib.tables import MAX_BYTES, TableError, read_table, write_csv, write_xlsx
from beacon.plans import access, exports, plan_io, reporting
from beacon.plans.forms import PlanImportForm

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _attachment(body: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def plan_import(request: HttpRequest) -> HttpResponse:
    if not access.can_edit_plans(request.user):
        raise PermissionDenied
    errors: list[Any] = []
    form = PlanImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = read_table(data["file"].read(MAX_BYTES + 1))
            result = plan_io.do_import_plan(
                table,
                plan=data["plan"],
                year=data["year"],
                title=data["title"],
                acting_user=request.user,
            )
        except TableError as exc:
            form.add_error("file", str(exc))
            status = 400
        except plan_io.PlanImportError as exc:
            errors = exc.errors
            status = 400
        else:
            messages.success(
                request,
                _("Import done: %(created)d activities created, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(f"{reverse('plans:activities')}?plan={result.plan.pk}")
    elif request.method == "POST":
        status = 400
    return TemplateResponse(
        request,
        "plans/import.html",
        {
            "form": form,
            "errors": errors,
            "columns": plan_io.COLUMNS,
            "page_title": _("Import a plan"),
            "header_icon": "upload",
        },
        status=status,
    )


def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    if not access.can_edit_plans(request.user):
        raise PermissionDenied
    if fmt == "xlsx":
        body = write_xlsx(plan_io.COLUMNS, plan_io.template_rows(), title="plan")
    elif fmt == "csv":
        body = write_csv(plan_io.COLUMNS, plan_io.template_rows())
    else:
        raise Http404
    return _attachment(body, fmt, "plan-template")


def plan_export(request: HttpRequest, plan_pk: int, fmt: str) -> HttpResponse:
    """The plan with its progress, as far as the user may see it."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    plan = access.get_plan_for_user(request.user, plan_pk)
    activities = access.activities_for_user(request.user)
    summary = reporting.summarise(plan, activities)
    name = f"plan-{plan.year}-{timezone.localdate():%Y%m%d}"
    if fmt in ("xlsx", "csv"):
        header = [*plan_io.COLUMNS, *plan_io.EXPORT_ONLY]
        visible = access.reports_for_user(request.user).filter(activity__programme__plan=plan)
        reported = dict(visible.order_by().values_list("activity_id").annotate(count=Count("pk")))
        rows = plan_io.export_rows(summary.rows, reported)
        body = (
            write_xlsx(header, rows, title=str(plan.year))
            if fmt == "xlsx"
            else write_csv(header, rows)
        )
    elif fmt == "docx":
        body = exports.plan_docx(summary)
    else:
        body = exports.plan_pdf(summary)
    return _attachment(body, fmt, name)
