"""The channel editor: the kind is one of the installed adapters; saving is an audited action."""

from __future__ import annotations

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from beacon.dissemination.adapters import kind_choices
from beacon.dissemination.models import Channel


class ChannelForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ChoiceField(
            choices=kind_choices(), label=self.fields["kind"].label
        )

    class Meta:
        model = Channel
        fields = ["name", "kind", "languages", "config", "is_active"]
