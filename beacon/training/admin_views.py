"""The training app's Wagtail model screens: lists and forms whose saves go through actions and
whose lists show only what the policy lets the user read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets import HeaderButton

from beacon.core.access import scoped
from beacon.core.models import Agency
from beacon.core.roles import Role
from beacon.training import access
from beacon.training.models import (
    Certificate,
    CertificateState,
    Session,
)


class DayColumn(Column):
    """A calendar day as the city writes it (Wagtail's date column reads "just now" for days to
    come, as it is made for timestamps)."""

    def get_value(self, instance: Any) -> str:
        value = super().get_value(instance)
        return value.strftime("%d/%m/%Y") if value else ""


class SeatsColumn(Column):
    def get_value(self, instance: Session) -> str:
        return _("%(taken)d of %(capacity)d, %(waiting)d waiting") % {
            "taken": instance.enrolled_count,  # type: ignore[attr-defined]
            "capacity": instance.capacity,
            "waiting": instance.waiting_count,  # type: ignore[attr-defined]
        }


class ValidityColumn(Column):
    def get_value(self, instance: Certificate) -> str:
        state = instance.validity(timezone.localdate()).state
        return str(CertificateState(state).label)


class CertificateIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return access.certificates_for_user(self.request.user)


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return access.sessions_for_user(self.request.user).with_counts()

    @property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            *super().header_buttons,
            HeaderButton(_("Coverage"), url=reverse("training_coverage"), icon_name="group"),
        ]


def _trainers() -> QuerySet:
    return (
        get_user_model()
        ._default_manager.filter(memberships__role=Role.TRAINER, is_active=True)
        .distinct()
    )


class SessionFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["trainers"].queryset = _trainers()
        form.fields["target_agencies"].queryset = Agency.objects.active()
        return form


class SessionCreateView(SessionFormMixin, generic.CreateView):
    def get_success_url(self) -> str:
        return reverse("training_session_roster", args=[self.object.pk])


class SessionEditView(SessionFormMixin, generic.EditView):
    def get_success_url(self) -> str:
        return reverse("training_session_roster", args=[self.object.pk])


class OfficerIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return access.officers_for_user(self.request.user)


class OfficerFormMixin:
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        user = self.request.user  # type: ignore[attr-defined]
        agencies = scoped(Agency.objects.active(), user, access.PEOPLE, "write", "pk")
        form.fields["agency"].queryset = agencies
        # Only the accounts of people in those agencies: the list must not reveal everyone's.
        form.fields["user"].queryset = (
            get_user_model()
            ._default_manager.filter(memberships__agency__in=agencies, is_active=True)
            .distinct()
            .order_by("username")
        )
        return form


class OfficerCreateView(OfficerFormMixin, generic.CreateView):
    pass


class OfficerEditView(OfficerFormMixin, generic.EditView):
    pass
