"""Admin screens of the core app. Each view checks access, calls one action and renders."""

from __future__ import annotations

import base64
import datetime
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from beacon.core import access, actions, policy
from beacon.core.agencies import tree_order
from beacon.core.agency_io import AgencyImportError, do_import_agencies, export_columns, export_rows
from beacon.core.city import get_city_profile
from beacon.core.forms import ConfirmDeviceForm, DisableDeviceForm, InvitePersonForm
from beacon.core.models import Agency
from beacon.lib.tables import MAX_BYTES, TableError, read_table, write_csv, write_xlsx


class AgencyNameColumn(TitleColumn):
    """The agency's name, indented by its depth in the tree."""

    cell_template_name = "core/agency_name_cell.html"

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["depth"] = getattr(instance, "tree_depth", 0) or 0
        return context


class ScopedIndexView(generic.IndexView):
    """A listing narrowed to the rows the user may view, as the model's permission policy says.

    Wagtail's generic listing shows every row and checks permissions only per object; Beacon's
    lists must not even show another agency's rows.
    """

    # Wagtail exports times in UTC; the people reading these sheets think in the city's time.
    custom_value_preprocess = {
        **generic.IndexView.custom_value_preprocess,
        datetime.datetime: {
            generic.IndexView.FORMAT_XLSX: lambda value: (
                timezone.make_naive(value) if timezone.is_aware(value) else value
            ),
            generic.IndexView.FORMAT_CSV: lambda value: (
                timezone.localtime(value).isoformat(sep=" ", timespec="seconds")
                if timezone.is_aware(value)
                else value.isoformat(sep=" ", timespec="seconds")
            ),
        },
    }

    def get_base_queryset(self) -> QuerySet:
        scoped = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        return scoped & super().get_base_queryset()


class AgencyIndexView(ScopedIndexView):
    """Agencies as a tree (depth-first) unless the user sorts or searches."""

    @cached_property
    def header_more_buttons(self) -> list[Button]:
        """Import and the round-trippable exports (parent codes, names in every language)."""
        buttons = list(super().header_more_buttons)
        if policy.agency_ids_for(self.request.user, "agency", "write") is policy.ALL_AGENCIES:
            buttons.append(
                Button(
                    _("Import CSV or XLSX"),
                    url=reverse("core_agency:import"),
                    icon_name="upload",
                    priority=50,
                )
            )
        for priority, fmt in enumerate(("xlsx", "csv"), start=60):
            buttons.append(
                Button(
                    _("Download %(format)s") % {"format": fmt.upper()},
                    url=reverse("core_agency:export", args=[fmt]),
                    icon_name="download",
                    priority=priority,
                )
            )
        return buttons

    def order_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.ordering and self.ordering not in ("tree", ""):
            return super().order_queryset(queryset)
        ordered = tree_order(
            queryset.model._default_manager.only("pk", "parent_id", "name", "kind")
        )
        position = Case(
            *(When(pk=a.pk, then=Value(i)) for i, (a, _d) in enumerate(ordered)),
            output_field=IntegerField(),
        )
        depth = Case(
            *(When(pk=a.pk, then=Value(d)) for a, d in ordered),
            default=Value(0),
            output_field=IntegerField(),
        )
        return queryset.annotate(tree_position=position, tree_depth=depth).order_by("tree_position")


class AgencyEditView(generic.EditView):
    def get_object(self, queryset: Any = None) -> Agency:
        """Only those who may change this agency see its edit form (others get its inspect page).

        Not the viewset's ``access_function``: that would also guard the delete view, which
        Wagtail's permission policy already answers for the tree.
        """
        return access.get_agency_for_user(self.request.user, int(self.kwargs["pk"]), write=True)

    def get_form(self, form_class: Any = None) -> Any:
        """An agency's own officers edit its contact details; its place in the tree is locked."""
        form = super().get_form(form_class)
        if policy.agency_ids_for(self.request.user, "agency", "write") is not policy.ALL_AGENCIES:
            for name in ("code", "kind", "parent", "is_active"):
                if name in form.fields:
                    form.fields[name].disabled = True
        return form


class AgencyDeleteView(generic.DeleteView):
    def form_valid(self, form: Any) -> HttpResponse:
        """Delete through the action, which keeps an agency that still has units or people.

        Wagtail's own view would refuse such an agency with a bare "no permission" (its
        reference index marks the protected units); the action says why instead.
        """
        try:
            actions.do_delete_agency(self.object, acting_user=self.request.user)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect("core_agency:edit", self.object.pk)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("One row per agency; the first row names the columns."),
    )


def agency_import(request: HttpRequest) -> HttpResponse:
    if policy.agency_ids_for(request.user, "agency", "write") is not policy.ALL_AGENCIES:
        raise PermissionDenied
    errors: list[Any] = []
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload.read(MAX_BYTES + 1))
            result = do_import_agencies(table, acting_user=request.user)
        except TableError as exc:
            form.add_error("file", str(exc))
        except AgencyImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Import done: %(created)d agencies created, %(updated)d updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("core_agency:index")
    profile = get_city_profile()
    return TemplateResponse(
        request,
        "core/agency_import.html",
        {
            "form": form,
            "errors": errors,
            "columns": export_columns(profile.target_languages if profile else []),
            "page_title": _("Import agencies"),
            "header_icon": "upload",
        },
    )


def agency_export(request: HttpRequest, fmt: str) -> HttpResponse:
    agencies = list(access.agencies_for_user(request.user))
    if not agencies and not policy.can(request.user, "agency", "read"):
        raise PermissionDenied
    profile = get_city_profile()
    languages = profile.target_languages if profile else []
    header, rows = export_columns(languages), export_rows(agencies, languages)
    stamp = timezone.localtime().strftime("%Y%m%d")
    if fmt == "xlsx":
        body = write_xlsx(header, rows, title="agencies")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = write_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="agencies-{stamp}.{fmt}"'
    return response


class MembershipIndexView(ScopedIndexView):
    @cached_property
    def header_more_buttons(self) -> list[Button]:
        buttons = list(super().header_more_buttons)
        if policy.can(self.request.user, "people", "write"):
            buttons.append(
                Button(
                    _("Invite a person"), url=reverse("core_membership:invite"), icon_name="mail"
                )
            )
        return buttons


def invite_person(request: HttpRequest) -> HttpResponse:
    """Open an account for someone, with a role in one agency; they choose their own password."""
    agencies = access.scoped(Agency.objects.active(), request.user, "people", "write", "pk")
    if not agencies.exists():
        raise PermissionDenied
    form = InvitePersonForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = actions.do_invite_person(**data, acting_user=request.user)
        messages.success(
            request,
            _("%(user)s is invited: an e-mail with a link to choose a password went to %(email)s.")
            % {"user": user.get_full_name() or user.username, "email": user.email},
        )
        return redirect("core_membership:index")
    return TemplateResponse(
        request,
        "core/invite_person.html",
        {"form": form, "page_title": _("Invite a person"), "header_icon": "mail"},
    )


class MembershipCreateView(generic.CreateView):
    def save_instance(self) -> Any:
        data = self.form.cleaned_data
        return actions.do_grant_role(
            data["user"], data["agency"], data["role"], acting_user=self.request.user
        )


class MembershipDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        actions.do_revoke_role(self.object, acting_user=self.request.user)


class CityProfileEditView(generic.EditView):
    def save_instance(self) -> Any:
        # commit=False keeps the name forms added in the inline panel for the action to save.
        profile = self.form.save(commit=False)
        return actions.do_save_city_profile(profile, acting_user=self.request.user)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode("utf-8")


def two_step_login(request: HttpRequest) -> HttpResponse:
    """Turn two-step login (TOTP) on with a QR code and a first code, or off with the password."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user).order_by("-confirmed", "pk").first()
    if device is not None and device.confirmed:
        form: forms.Form = DisableDeviceForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            actions.do_disable_two_step_login(user, acting_user=user)
            messages.success(request, _("Two-step login is off."))
            return redirect("core_two_step")
        return TemplateResponse(
            request,
            "core/two_step.html",
            {
                "enabled": True,
                "form": form,
                "page_title": _("Two-step login"),
                "header_icon": "key",
            },
        )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = ConfirmDeviceForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        actions.do_enable_two_step_login(device, acting_user=user)
        messages.success(
            request, _("Two-step login is on. You will be asked for a code at each login.")
        )
        return redirect("wagtailadmin_account")
    return TemplateResponse(
        request,
        "core/two_step.html",
        {
            "enabled": False,
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": _base32(device.bin_key),
            "page_title": _("Two-step login"),
            "header_icon": "key",
        },
    )


def _base32(key: bytes) -> str:
    raw = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
