"""Admin screens of the kiosks. Each checks access, calls one action and renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views import generic

from beacon.core import policy
from beacon.core.access import scoped
from beacon.core.admin_views import ScopedIndexView
from beacon.core.models import Agency
from beacon.core.widgets import LanguageMapWidget
from beacon.kiosks import access, actions
from beacon.kiosks.models import EmergencyNotice, Kiosk, KioskGroup, PlaylistRule


class NoticeLanguagesWidget(LanguageMapWidget):
    """One box per content language: a notice at a border gate speaks to every traveller."""

    def languages(self) -> list[str]:
        return list(settings.CONTENT_LANGUAGES)


class ActionErrorsMixin:
    """Show a refusal raised by the action on the form, instead of failing the request."""

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


def _writable_agencies(user: Any) -> Any:
    return scoped(Agency.objects.active(), user, access.AREA, "write", "pk")


# Groups -----------------------------------------------------------------------------------


class GroupFormMixin(ActionErrorsMixin):
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["agency"].queryset = _writable_agencies(self.request.user)  # type: ignore[attr-defined]
        return form

    def save_instance(self) -> KioskGroup:
        return actions.do_save_group(
            self.form.instance,  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class GroupCreateView(GroupFormMixin, generic.CreateView):
    pass


class GroupEditView(GroupFormMixin, generic.EditView):
    def get_object(self, queryset: Any = None) -> KioskGroup:
        return access.get_group_for_user(self.request.user, int(self.object_pk), write=True)


# Kiosks -----------------------------------------------------------------------------------


class KioskFormMixin(ActionErrorsMixin):
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["group"].queryset = access.groups_for_user(self.request.user, write=True)  # type: ignore[attr-defined]
        return form

    def save_instance(self) -> Kiosk:
        return actions.do_save_kiosk(
            self.form.instance,  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class KioskCreateView(KioskFormMixin, generic.CreateView):
    def get_success_url(self) -> str:
        return reverse("kiosks_token", args=[self.object.pk])


class KioskEditView(KioskFormMixin, generic.EditView):
    def get_object(self, queryset: Any = None) -> Kiosk:
        return access.get_kiosk_for_user(self.request.user, int(self.object_pk), write=True)


def kiosk_token(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a device token (shown once, with the setup link) or revoke the current one."""
    kiosk = access.get_kiosk_for_user(request.user, pk, write=True)
    token = ""
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            actions.do_revoke_token(kiosk, acting_user=request.user)
            messages.success(request, _("The token of %(kiosk)s is revoked.") % {"kiosk": kiosk})
            return redirect("kiosks_fleet")
        token = actions.do_issue_token(kiosk, acting_user=request.user)
    setup_url = f"{settings.BASE_URL}{reverse('kiosks:app')}#token={token}" if token else ""
    return TemplateResponse(
        request,
        "kiosks/admin/token.html",
        {
            "kiosk": kiosk,
            "token": token,
            "setup_url": setup_url,
            "page_title": _("Device token of %(kiosk)s") % {"kiosk": kiosk},
            "header_icon": "key",
        },
    )


def fleet(request: HttpRequest) -> HttpResponse:
    """Every kiosk the person may see: online, stale or offline, with version and last error."""
    if not policy.can(request.user, access.AREA, "read"):
        raise PermissionDenied
    now = timezone.now()
    kiosks = list(access.kiosks_for_user(request.user).order_by("group__name", "name"))
    rows = [
        {"kiosk": k, "status": k.status(now) if k.has_token else "unregistered"} for k in kiosks
    ]
    counts = {
        status: sum(1 for row in rows if row["status"] == status)
        for status in ("online", "stale", "offline", "unregistered")
    }
    return TemplateResponse(
        request,
        "kiosks/admin/fleet.html",
        {
            "rows": rows,
            "counts": counts,
            "can_write": policy.can(request.user, access.AREA, "write"),
            "page_title": _("Kiosk fleet"),
            "header_icon": "desktop",
        },
    )


# Playlist rules ---------------------------------------------------------------------------


class RuleFormMixin(ActionErrorsMixin):
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["group"].queryset = access.groups_for_user(self.request.user, write=True)  # type: ignore[attr-defined]
        return form

    def save_instance(self) -> PlaylistRule:
        return actions.do_save_rule(
            self.form.instance,  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class RuleCreateView(RuleFormMixin, generic.CreateView):
    pass


class RuleEditView(RuleFormMixin, generic.EditView):
    def get_object(self, queryset: Any = None) -> PlaylistRule:
        return access.get_rule_for_user(self.request.user, int(self.object_pk), write=True)


class RuleDeleteView(generic.DeleteView):
    def get_object(self, queryset: Any = None) -> PlaylistRule:
        rule = super().get_object(queryset)
        return access.get_rule_for_user(self.request.user, rule.pk, write=True)

    def delete_action(self) -> None:
        actions.do_delete_rule(self.object, acting_user=self.request.user)


# Emergency notices ------------------------------------------------------------------------


class NoticeFormMixin(ActionErrorsMixin):
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        user = self.request.user  # type: ignore[attr-defined]
        form.fields["agency"].queryset = _writable_agencies(user)
        form.fields["groups"].queryset = access.groups_for_user(user, write=True)
        return form

    def save_instance(self) -> EmergencyNotice:
        return actions.do_issue_emergency_notice(
            self.form.instance,  # type: ignore[attr-defined]
            self.form.cleaned_data["groups"],  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class NoticeCreateView(NoticeFormMixin, generic.CreateView):
    pass


class NoticeEditView(NoticeFormMixin, generic.EditView):
    def get_object(self, queryset: Any = None) -> EmergencyNotice:
        return access.get_notice_for_user(self.request.user, int(self.object_pk), write=True)


@require_POST
def withdraw_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for_user(request.user, pk, write=True)
    actions.do_withdraw_emergency_notice(notice, acting_user=request.user)
    messages.success(request, _("The notice is withdrawn from the kiosks."))
    return redirect("kiosks_emergencynotice:index")


class NoticeIndexView(ScopedIndexView):
    pass
