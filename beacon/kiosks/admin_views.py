"""Admin screens of the kiosks. Each checks access, calls one action and renders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
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


class NoticeLanguagesWidget(LanguageMapWidget):
    """One box per content language: a notice at a border gate speaks to every traveller."""

    def languages(self) -> list[str]:
        return list(settings.CONTENT_LANGUAGES)


def _writable_agencies(user: Any) -> Any:
    return scoped(Agency.objects.active(), user, access.AREA, "write", "pk")


# Groups -----------------------------------------------------------------------------------


class GroupFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["agency"].queryset = _writable_agencies(self.request.user)  # type: ignore[attr-defined]
        return form


class GroupCreateView(GroupFormMixin, generic.CreateView):
    pass


class GroupEditView(GroupFormMixin, generic.EditView):
    pass


# Kiosks -----------------------------------------------------------------------------------


class KioskFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["group"].queryset = access.groups_for_user(self.request.user, write=True)  # type: ignore[attr-defined]
        return form


class KioskCreateView(KioskFormMixin, generic.CreateView):
    def get_success_url(self) -> str:
        return reverse("kiosks_token", args=[self.object.pk])


class KioskEditView(KioskFormMixin, generic.EditView):
    pass


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


class RuleFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["group"].queryset = access.groups_for_user(self.request.user, write=True)  # type: ignore[attr-defined]
        return form


class RuleCreateView(RuleFormMixin, generic.CreateView):
    pass


class RuleEditView(RuleFormMixin, generic.EditView):
    pass


class RuleDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        actions.do_delete_rule(self.object, acting_user=self.request.user)


# Emergency notices ------------------------------------------------------------------------


class NoticeFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        user = self.request.user  # type: ignore[attr-defined]
        form.fields["agency"].queryset = _writable_agencies(user)
        form.fields["groups"].queryset = access.groups_for_user(user, write=True)
        return form


class NoticeCreateView(NoticeFormMixin, generic.CreateView):
    pass


class NoticeEditView(NoticeFormMixin, generic.EditView):
    pass


@require_POST
def withdraw_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for_user(request.user, pk, write=True)
    actions.do_withdraw_emergency_notice(notice, acting_user=request.user)
    messages.success(request, _("The notice is withdrawn from the kiosks."))
    return redirect("kiosks_emergencynotice:index")


class NoticeIndexView(ScopedIndexView):
    pass
