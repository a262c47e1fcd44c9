"""The source form of the admin: web addresses only."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class SourceForm(WagtailAdminModelForm):
    """Refuses any address but http(s); a demo source keeps its ``demo://`` address on edit.

    The poller only speaks HTTP, and a ``javascript:`` address would be a link in the source
    list. ``demo://`` sources come from the demo loader and may be edited, not created.
    """

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url", "")).strip()
        if self.instance.pk and url == self.instance.url:
            return url
        parts = urlsplit(url)
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValidationError(_("Give a web address starting with http:// or https://."))
        return url
