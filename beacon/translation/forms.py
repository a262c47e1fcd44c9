from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from beacon.translation.models import GlossaryTerm
from beacon.translation.pipeline import glossary


class GlossaryTermForm(WagtailAdminModelForm):
    """Reports a conflict with an approved term on the form instead of replacing it."""

    def clean(self) -> dict[str, object]:
        data = super().clean()
        source_term = data.get("source_term")
        if not source_term:
            return data
        clash = (
            GlossaryTerm.objects.filter(
                source_language=data.get("source_language"),
                target_language=data.get("target_language"),
                source_key=glossary.key(str(source_term)),
            )
            .exclude(pk=self.instance.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("“%(term)s” already has the approved translation “%(existing)s”.")
                % {"term": source_term, "existing": clash.target_term}
            )
        return data
