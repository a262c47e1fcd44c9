"""The stream's filter form: what an analyst narrows coverage by."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from beacon.core.languages import language_name
from beacon.monitoring.gazetteer import topic_labels
from beacon.monitoring.models import Article, MediaKind, Prominence, Source, SourceGroup, Topic
from beacon.monitoring.search import Filters

PERIODS = [
    ("1", _("last 24 hours")),
    ("7", _("last 7 days")),
    ("30", _("last 30 days")),
    ("365", _("last year")),
]


def _choices(values: list[str], label: Callable[[str], str] = str) -> list[tuple[str, Any]]:
    return [("", _("all"))] + [(value, label(value)) for value in values if value]


class StreamForm(forms.Form):
    """Filters of the mention stream, the search and the CSV export (all GET, all optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    mode = forms.ChoiceField(
        label=_("Search by"),
        required=False,
        initial="hybrid",
        choices=[
            ("hybrid", _("words and meaning")),
            ("text", _("words only")),
            ("meaning", _("meaning only, across languages")),
        ],
    )
    period = forms.ChoiceField(
        label=pgettext_lazy("time span", "Period"), required=False, choices=PERIODS, initial="7"
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    media_kind = forms.ChoiceField(
        label=_("Source kind"), required=False, choices=[("", _("all")), *MediaKind.choices]
    )
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    prominence = forms.TypedChoiceField(
        label=_("Prominence"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any")), *((str(v), str(label)) for v, label in Prominence.choices)],
    )
    group = forms.ModelChoiceField(
        label=_("Source group"), required=False, queryset=SourceGroup.objects.all()
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        countries = sorted(set(Source.objects.values_list("country", flat=True)))
        languages = sorted(set(Article.objects.values_list("language", flat=True).distinct()))
        stored = set(Topic.objects.values_list("slug", flat=True))
        labels = topic_labels()
        used = sorted({t for ts in Article.objects.values_list("topics", flat=True) for t in ts})
        self.fields["country"].choices = _choices(countries)  # type: ignore[attr-defined]
        self.fields["language"].choices = _choices(  # type: ignore[attr-defined]
            languages, lambda code: f"{language_name(code)} ({code})"
        )
        self.fields["topic"].choices = _choices(  # type: ignore[attr-defined]
            sorted(stored | set(used)), lambda slug: labels.get(slug, slug)
        )

    def to_filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        days = int(data.get("period") or 7)
        group = data.get("group")
        return Filters(
            language=data.get("language", ""),
            country=data.get("country", ""),
            media_kind=data.get("media_kind", ""),
            topic=data.get("topic", ""),
            prominence=data.get("prominence") or 0,
            since=timezone.now() - timedelta(days=days),
            source_ids=frozenset(group.source_set.values_list("pk", flat=True))
            if group
            else frozenset(),
        )
