"""The training app's Wagtail model screens: lists and forms whose saves go through actions and
whose lists show only what the policy lets the user read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
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
from beacon.training import access, actions
from beacon.training.models import (
    Certificate,
    CertificateState,
    Competency,
    Course,
    Officer,
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


class ActionErrorsMixin:
    """Show a refusal raised by the action on the form, instead of failing the request."""

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class SessionFormMixin(ActionErrorsMixin):
    def get_form(self, *args: Any, **kwargs: Any) -> Any:
        form = super().get_form(*args, **kwargs)  # type: ignore[misc]
        form.fields["trainers"].queryset = _trainers()
        form.fields["target_agencies"].queryset = Agency.objects.active()
        return form

    def save_instance(self) -> Session:
        data = self.form.cleaned_data  # type: ignore[attr-defined]
        return actions.do_save_session(
            self.form.instance,  # type: ignore[attr-defined]
            trainers=data["trainers"],
            target_agencies=data["target_agencies"],
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class SessionCreateView(SessionFormMixin, generic.CreateView):
    def get_success_url(self) -> str:
        return reverse("training_session_roster", args=[self.object.pk])


class SessionEditView(SessionFormMixin, generic.EditView):
    def get_success_url(self) -> str:
        return reverse("training_session_roster", args=[self.object.pk])


class CourseFormMixin(ActionErrorsMixin):
    def save_instance(self) -> Course:
        return actions.do_save_course(
            self.form.instance,  # type: ignore[attr-defined]
            competencies=self.form.cleaned_data["competencies"],  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class CourseCreateView(CourseFormMixin, generic.CreateView):
    pass


class CourseEditView(CourseFormMixin, generic.EditView):
    pass


class CompetencyCreateView(generic.CreateView):
    def save_instance(self) -> Competency:
        return actions.do_save_competency(self.form.instance, acting_user=self.request.user)


class CompetencyEditView(generic.EditView):
    def save_instance(self) -> Competency:
        return actions.do_save_competency(self.form.instance, acting_user=self.request.user)


class OfficerIndexView(generic.IndexView):
    def get_base_queryset(self) -> QuerySet:
        return access.officers_for_user(self.request.user)


class OfficerFormMixin(ActionErrorsMixin):
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

    def save_instance(self) -> Officer:
        return actions.do_save_officer(
            self.form.instance,  # type: ignore[attr-defined]
            competencies=self.form.cleaned_data["competencies"],  # type: ignore[attr-defined]
            acting_user=self.request.user,  # type: ignore[attr-defined]
        )


class OfficerCreateView(OfficerFormMixin, generic.CreateView):
    pass


class OfficerEditView(OfficerFormMixin, generic.EditView):
    def get_object(self, queryset: Any = None) -> Officer:
        return access.get_officer_for_user(self.request.user, int(self.object_pk), write=True)
