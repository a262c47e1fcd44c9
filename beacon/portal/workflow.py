"""The review workflow: translations approved by translators, then the whole by a reviewer.

Two Wagtail task types make up the default workflow "Publication" (see ``setup.py``):

1. ``TranslationsApprovedTask`` waits until every target language's translation has been
   approved by a translator; it approves itself, nobody clicks it.
2. ``ReviewerApprovalTask``: someone who may approve for the page's agency (policy area
   "approval") approves or requests changes; never the person who submitted or last edited it.

When the last task is approved, Wagtail publishes the page, or schedules it if it has a
go-live date; the Celery beat job ``publish_scheduled`` then publishes it on time.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Task, TaskState

from beacon.core import policy
from beacon.translation.actions import all_translations_approved, is_source_page


def _authors(obj: Any) -> set[int]:
    """Who made the work under review: the submitter and the author of the revision."""
    ids: set[int] = set()
    state = obj.current_workflow_state
    if state is not None and state.requested_by_id:
        ids.add(state.requested_by_id)
    task_state = obj.current_workflow_task_state
    revision = task_state.revision if task_state is not None else obj.get_latest_revision()
    if revision is not None and revision.user_id:
        ids.add(revision.user_id)
    return ids


class ReviewerApprovalTask(Task):
    """Approval by a reviewer of the page's agency, who is not one of its authors."""

    class Meta:
        verbose_name = _("reviewer approval")
        verbose_name_plural = _("reviewer approvals")

    def can_approve(self, obj: Any, user: Any) -> bool:
        if not user.is_authenticated or user.pk in _authors(obj):
            return False
        return policy.can(user, "approval", "write", getattr(obj.specific, "agency", None))

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return self.can_approve(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return not (user.is_superuser or self.can_approve(obj, user))

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, Any, bool]]:
        if not self.can_approve(obj, user):
            return []
        return [
            ("reject", _("Request changes"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state: TaskState, user: Any, action_name: str, **kwargs: Any) -> Any:
        if not self.can_approve(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user: Any, **kwargs: Any) -> QuerySet:
        if not policy.can(user, "approval", "write"):
            return TaskState.objects.none()
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).select_related(
            "workflow_state", "revision"
        )
        ids = [
            state.pk
            for state in states
            if self.can_approve(state.workflow_state.content_object, user)
        ]
        return TaskState.objects.filter(pk__in=ids)

    @classmethod
    def get_description(cls) -> str:
        return str(_("A reviewer of the page's agency approves; never one of its authors."))


class TranslationsApprovedTask(Task):
    """Done when translators have approved every target language; nobody acts on it by hand."""

    class Meta:
        verbose_name = _("translations approved")
        verbose_name_plural = _("translations approved")

    def start(self, workflow_state: Any, user: Any = None) -> TaskState:
        task_state = super().start(workflow_state, user=user)
        page = workflow_state.content_object
        if not is_source_page(page) or all_translations_approved(page):
            task_state.status = TaskState.STATUS_APPROVED
            task_state.save(update_fields=["status"])
        return task_state

    @classmethod
    def get_description(cls) -> str:
        return str(_("Waits until a translator has approved each required language."))


def translations_approved(sender: Any, page: Page, user: Any, **kwargs: Any) -> None:
    """Move the page's workflow on once its last translation has been approved.

    The receiver of ``translation.signals.translation_approved`` (connected in ``apps.py``):
    translation knows nothing of the portal's workflow.
    """
    task_state = page.current_workflow_task_state
    if task_state is None or not isinstance(task_state.task.specific, TranslationsApprovedTask):
        return
    if all_translations_approved(page):
        task_state.approve(user=user)
