"""Admin screens for sources: create and edit through actions, resume, import and export."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from beacon.lib.tables import MAX_BYTES, TableError
from beacon.monitoring import access, actions
from beacon.monitoring.models import Source
from beacon.monitoring.sources_io import (
    SourceImportError,
    do_import_sources,
    export_csv,
    export_opml,
)


class SourceIndexView(generic.IndexView):
    """Sources with their health: last success, last error, items per day over a week."""

    @cached_property
    def header_more_buttons(self) -> list[Button]:
        """Import for those who manage the monitor; OPML and CSV exports for every reader."""
        buttons = list(super().header_more_buttons)
        if access.can_manage_monitor(self.request.user):
            buttons.append(
                Button(
                    _("Import OPML or CSV"),
                    url=reverse("monitoring_source:import"),
                    icon_name="upload",
                    priority=50,
                )
            )
        for priority, fmt in enumerate(("opml", "csv"), start=60):
            buttons.append(
                Button(
                    _("Download %(format)s") % {"format": fmt.upper()},
                    url=reverse("monitoring_source:export", args=[fmt]),
                    icon_name="download",
                    priority=priority,
                )
            )
        return buttons

    def get_base_queryset(self) -> QuerySet:
        week = timezone.now() - timedelta(days=7)
        return (
            super()
            .get_base_queryset()
            .annotate(week_items=Count("articles", filter=Q(articles__seen_at__gte=week)))
        )


class _SaveThroughAction:
    request: HttpRequest
    form: Any

    def save_instance(self) -> Source:
        """The action saves the row; the form then saves the groups, which need its id."""
        source = actions.do_save_source(self.form.save(commit=False), acting_user=self.request.user)
        self.form.save_m2m()
        return source


class SourceCreateView(_SaveThroughAction, generic.CreateView):
    pass


class SourceEditView(_SaveThroughAction, generic.EditView):
    pass


@require_POST
def source_resume(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_monitor(request.user):
        raise PermissionDenied
    source = get_object_or_404(Source, pk=pk)
    actions.do_resume_source(source, acting_user=request.user)
    messages.success(request, _("%(source)s will be polled again now.") % {"source": source})
    return redirect("monitoring_source:edit", pk)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("OPML or CSV file"),
        help_text=gettext_lazy(
            "Columns: name, url, kind, country, languages, media_kind, poll_minutes, groups."
        ),
    )


def source_import(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_monitor(request.user):
        raise PermissionDenied
    errors: list[str] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = do_import_sources(
                form.cleaned_data["file"].read(MAX_BYTES + 1), acting_user=request.user
            )
        except (SourceImportError, TableError) as exc:
            errors = getattr(exc, "errors", [str(exc)])
        else:
            messages.success(
                request,
                _("Import done: %(created)d sources created, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("monitoring_source:index")
    return TemplateResponse(
        request,
        "monitoring/source_import.html",
        {
            "form": form,
            "errors": errors,
            "page_title": _("Import sources"),
            "header_icon": "upload",
        },
    )


def source_export(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require_monitor(request.user)
    sources: list[Any] = list(Source.objects.prefetch_related("groups"))
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "opml":
        response = HttpResponse(export_opml(sources), content_type="text/x-opml; charset=utf-8")
    else:
        fmt = "csv"
        response = HttpResponse(export_csv(sources), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sources-{stamp}.{fmt}"'
    return response
