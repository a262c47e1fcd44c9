"""Form widgets for the admin."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from beacon.core.city import get_city_profile
from beacon.core.languages import language_name


class LanguageMapWidget(forms.Widget):
    """Edit a {language: text} JSON value as one text box per target language of the city.

    Officers type names, not JSON; a language the city drops keeps its stored value.
    """

    template_name = "core/widgets/language_map.html"

    def languages(self) -> list[str]:
        profile = get_city_profile()
        return list(profile.target_languages) if profile else ["en", "fr"]

    @staticmethod
    def _as_dict(value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            return value
        try:
            parsed = json.loads(value or "{}")
        except (TypeError, ValueError):
            return {}
        return parsed if isinstance(parsed, dict) else {}

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        values = self._as_dict(value)
        base_id = (attrs or {}).get("id", f"id_{name}")
        context["rows"] = [
            {
                "code": code,
                "label": language_name(code),
                "name": f"{name}__{code}",
                "id": f"{base_id}_{code}",
                "value": values.get(code, ""),
            }
            for code in self.languages()
        ]
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """The boxes, plus hidden inputs that carry the names in languages the city dropped."""
        shown = set(self.languages())
        kept = format_html_join(
            "",
            '<input type="hidden" name="{}__{}" value="{}">',
            (
                (name, code, text)
                for code, text in self._as_dict(value).items()
                if code not in shown and text
            ),
        )
        return super().render(name, value, attrs, renderer) + kept

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        if name in data:  # a plain JSON post (API, tests) still works
            return str(data[name])
        prefix = f"{name}__"
        values = {
            key.removeprefix(prefix): str(data.get(key, "")).strip()
            for key in data
            if key.startswith(prefix) and str(data.get(key, "")).strip()
        }
        return json.dumps(values, ensure_ascii=False)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(key.startswith(f"{name}__") for key in data)
