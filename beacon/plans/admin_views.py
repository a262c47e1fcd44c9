"""The coordinator's editors for plans, programmes and activities, as Wagtail model viewsets.

The create and edit views save through the plans actions, so that the audit log, the reporting
periods and the checks on reported targets are the same as for an import.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from beacon.core.permissions import BeaconPermissionPolicy
from beacon.core.viewsets import BeaconModelViewSet
from beacon.plans import access, actions
from beacon.plans.models import Activity, Plan, Programme


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


class PlanViewSet(BeaconModelViewSet):
    model = Plan
    icon = "folder-open-inverse"
    menu_label = _("Plans")
    url_prefix = "plans/edit/plans"
    name = "plans_plan"
    add_to_admin_menu = False
    write_action = actions.do_save_plan
    delete_view_class = _DeleteView
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
    write_action = actions.do_save_programme
    delete_view_class = _DeleteView
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
    write_action = actions.do_save_activity
    delete_view_class = _DeleteView
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


# The plan editors are the coordinator's: only those who may edit the plan see them. Nothing
# with progress reports under it is deleted from here (the reports would go with it); an
# activity that will not happen is cancelled instead.
for _model in (Plan, Programme, Activity):
    register_permission_policy(
        _model,
        BeaconPermissionPolicy(
            _model,
            can_read=access.can_edit_plans,
            can_write=access.can_edit_plans,
            refuses=lambda action, instance: (
                action == "delete" and actions.reports_under(instance).exists()
            ),
        ),
    )


def structure_viewsets() -> list[ModelViewSet]:
    return [PlanViewSet(), ProgrammeViewSet(), ActivityViewSet()]
