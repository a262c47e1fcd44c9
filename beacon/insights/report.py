"""The insights report of one period and one agency scope, ready for the page and the exports.

Steps: load the period, the period before and the same period a year earlier (``figures.load``,
a fixed number of queries each); compute every figure on the three; group them by section.
City-wide figures (coverage, claims, translation) belong to no agency and are shown for the
whole city only; optional areas (outreach, tone) appear when their app is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from beacon.core.agencies import with_units
from beacon.core.models import Agency
from beacon.insights import figures
from beacon.insights.figures import Row, Spec
from beacon.insights.periods import Period


@dataclass
class Figure:
    spec: Spec
    value: float | None
    previous: float | None
    last_year: float | None
    rows: list[Row] = field(default_factory=list)
    breakdown: list[tuple[str, float]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def label(self) -> str:
        return str(self.spec.label)

    @property
    def chart_title(self) -> str:
        return str(self.spec.chart_title or self.spec.label)

    @property
    def charted(self) -> bool:
        """Worth a chart: at least two bars, and not all of them empty."""
        return len(self.breakdown) >= 2 and any(value for _label, value in self.breakdown)

    @property
    def definition(self) -> str:
        return str(self.spec.definition)

    def shown(self, value: float | None = None, *, current: bool = True) -> str:
        """The value as the reader reads it: 12, 73%, 5.2 h, 14 d; a dash when nothing counts."""
        value = self.value if current and value is None else value
        return format_value(value, self.spec.unit)

    @property
    def shown_previous(self) -> str:
        return format_value(self.previous, self.spec.unit)

    @property
    def shown_last_year(self) -> str:
        return format_value(self.last_year, self.spec.unit)

    @staticmethod
    def _delta(now: float | None, then: float | None) -> float | None:
        return None if now is None or then is None else now - then

    @property
    def change_previous(self) -> float | None:
        return self._delta(self.value, self.previous)

    @property
    def change_last_year(self) -> float | None:
        return self._delta(self.value, self.last_year)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "section": self.spec.section,
            "label": self.label,
            "definition": self.definition,
            "unit": self.spec.unit,
            "value": self.value,
            "previous": self.previous,
            "last_year": self.last_year,
            "breakdown": [{"label": label, "value": value} for label, value in self.breakdown],
        }


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return f"{value:.0f}%"
    if unit == "hours" and value < 1:
        return _("%(value)d min") % {"value": round(value * 60)}
    if unit == "hours":
        return _("%(value).1f h") % {"value": value}
    if unit == "days":
        return (
            _("%(value).1f d") % {"value": value}
            if value < 10
            else _("%(value).0f d") % {"value": value}
        )
    if unit == "money":
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:.1f}"


@dataclass
class Section:
    key: str
    title: str
    number: int
    figures: list[Figure]


@dataclass
class Report:
    period: Period
    agency: Agency | None
    sections: list[Section]

    @property
    def scope_label(self) -> str:
        return self.agency.display_name() if self.agency else _("The whole city")

    @property
    def figures(self) -> list[Figure]:
        return [figure for section in self.sections for figure in section.figures]

    def figure(self, key: str) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)


def scope_ids(agency: Agency | None) -> set[int] | None:
    """The agency and its units (a district with its communes); None for the whole city."""
    return None if agency is None else with_units({agency.pk})


def build(period: Period, agency: Agency | None = None) -> Report:
    ids = scope_ids(agency)
    now = figures.load(period, ids)
    before = figures.load(period.previous(), ids)
    year_ago = figures.load(period.last_year(), ids)
    specs = [spec for spec in figures.SPECS if agency is None or not spec.citywide]
    specs += figures.external_specs("outreach", now.outreach)
    if agency is None:
        specs += figures.external_specs("tone", now.tone)
    by_section: dict[str, list[Figure]] = {}
    for spec in specs:
        result = spec.compute(now)
        by_section.setdefault(spec.section, []).append(
            Figure(
                spec=spec,
                value=result.value,
                previous=spec.compute(before).value,
                last_year=spec.compute(year_ago).value,
                rows=result.rows,
                breakdown=result.breakdown,
            )
        )
    sections: list[Section] = []
    for key, title in figures.SECTIONS:
        if by_section.get(key):
            sections.append(Section(key, str(title), len(sections) + 1, by_section[key]))
    return Report(period, agency, sections)


def figure_keys() -> set[str]:
    """Every figure key the report can have, the optional areas' included when installed."""
    keys = {spec.key for spec in figures.SPECS}
    keys |= {f"outreach_{key}" for key in figures.OUTREACH_LABELS}
    keys |= {f"tone_{key}" for key in figures.TONE_LABELS}
    return keys
