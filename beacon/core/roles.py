"""The roles a person can hold in an agency.

Roles are per agency: the same person may be an editor in one agency and a viewer in another.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    OFFICER = "officer", _("Agency officer")
    EDITOR = "editor", _("Editor")
    TRANSLATOR = "translator", _("Translator")
    REVIEWER = "reviewer", _("Reviewer")
    ANALYST = "analyst", _("Analyst")
    TRAINER = "trainer", _("Trainer")
    VIEWER = "viewer", _("Viewer")


class AgencyKind(models.TextChoices):
    LEAD = "lead", _("Lead agency")
    DEPARTMENT = "department", _("Department or branch")
    DISTRICT = "district", _("District-level unit")
    COMMUNE = "commune", _("Commune-level unit")
    BORDER_GATE = "border_gate", _("Border-gate unit")
    PARTNER = "partner", _("Outside partner")
