"""The coordinator's editors for plans, programmes and activities, as Wagtail model viewsets.

The create and edit views save through the plans actions, so that the audit log, the reporting
periods and the checks on reported targets are the same as for an import.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from beacon.core.viewsets import BeaconModelViewSet
from beacon.plans import access, actions
from beacon.plans.models import Activity, Plan, Programme


class PlanStructurePolicy(BasePermissionPolicy):
    """The plan editors are the coordinator's: only those who may edit the plan see them.

    Nothing with progress reports under it can be deleted from here (the reports would go with
    it); an activity that will not happen is cancelled instead.
    """

    actions = frozenset({"add", "change", "delete", "view", "inspect", "export"})

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in self.actions and access.can_edit_plans(user)

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Any) -> bool:
        if action == "delete" and actions.reports_under(instance).exists():
            return False
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user: Any, action: str) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_permission(user, action) else queryset.none()

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset if self.user_has_any_permission(user, actions) else queryset.none()

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet:
        from django.contrib.auth import get_user_model

        return get_user_model()._default_manager.filter(memberships__isnull=False).distinct()

    def users_with_permission(self, action: str) -> QuerySet:
        return self.users_with_any_permission([action])


class _DeleteView(generic.DeleteView):
    """Delete through the action, and only what the policy lets this user delete."""

    def get_object(self, queryset: Any = None) -> Any:
        instance = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            raise PermissionDenied
        return instance

    def delete_action(self) -> None:
        actions.do_delete_plan_part(self.object, acting_user=self.request.user)


class _ActionSaveMixin:
    """Save through an action; its refusals become form errors instead of server errors."""

    plan_action: Any = None

    def save_instance(self) -> Any:
        instance = self.form.save(commit=False)  # type: ignore[attr-defined]
        return type(self).plan_action(instance, acting_user=self.request.user)  # type: ignore[attr-defined]

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as exc:
            form.add_error(None, exc)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


def _viewset_views(save: Any) -> tuple[type, type]:
    create = type("CreateView", (_ActionSaveMixin, generic.CreateView), {"plan_action": save})
    edit = type("EditView", (_ActionSaveMixin, generic.EditView), {"plan_action": save})
    return create, edit


_PlanCreate, _PlanEdit = _viewset_views(actions.do_save_plan)
_ProgrammeCreate, _ProgrammeEdit = _viewset_views(actions.do_save_programme)
_ActivityCreate, _ActivityEdit = _viewset_views(actions.do_save_activity)


class PlanViewSet(BeaconModelViewSet):
    model = Plan
    icon = "folder-open-inverse"
    menu_label = _("Plans")
    url_prefix = "plans/edit/plans"
    name = "plans_plan"
    add_to_admin_menu = False
    add_view_class = _PlanCreate
    delete_view_class = _DeleteView
    edit_view_class = _PlanEdit
    list_display = ["title", "year", "status"]
    list_filter = ["year", "status"]
    form_fields = ["year", "title", "legal_basis", "status"]
    copy_view_enabled = False


class ProgrammeViewSet(BeaconModelViewSet):
    model = Programme
    icon = "folder-inverse"
    menu_label = _("Programmes and projects")
    url_prefix = "plans/edit/programmes"
    name = "plans_programme"
    add_to_admin_menu = False
    add_view_class = _ProgrammeCreate
    delete_view_class = _DeleteView
    edit_view_class = _ProgrammeEdit
    list_display = ["title", "kind", "plan", "position"]
    list_filter = ["plan", "kind"]
    form_fields = ["plan", "kind", "title", "description", "position"]
    copy_view_enabled = False


class ActivityViewSet(BeaconModelViewSet):
    model = Activity
    icon = "tasks"
    menu_label = _("Edit activities")
    url_prefix = "plans/edit/activities"
    name = "plans_activity"
    add_to_admin_menu = False
    add_view_class = _ActivityCreate
    delete_view_class = _DeleteView
    edit_view_class = _ActivityEdit
    list_display = ["code", "title", "programme", "lead_agency", "deadline"]
    list_filter = ["programme__plan", "programme", "lead_agency", "recurrence"]
    search_fields = ["title", "code", "description"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("programme"),
                FieldRowPanel([FieldPanel("code"), FieldPanel("title")]),
                FieldPanel("description"),
                FieldPanel("deliverables"),
            ],
            heading=_("What"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_agency"), FieldPanel("cooperating_agencies")],
            heading=_("Lead and cooperating agencies"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("deadline")]),
                FieldPanel("recurrence"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("budget_source")]),
            ],
            heading=_("When and with what"),
        ),
        FieldPanel("counted_from_training"),
        InlinePanel("targets", heading=_("Targets"), label=_("Target")),
    ]


for _model in (Plan, Programme, Activity):
    register_permission_policy(_model, PlanStructurePolicy(_model))


def structure_viewsets() -> list[ModelViewSet]:
    return [PlanViewSet(), ProgrammeViewSet(), ActivityViewSet()]
