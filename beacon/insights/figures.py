"""Every figure of the insights report: one function per figure over the data of one period.

The data of a period is read once per area through that area's public functions (``load``),
never from its tables; each figure function then computes its value, the rows it counts and a
breakdown for its chart from that data alone. The report loads three periods (this one, the one
before, the same one a year earlier), so the number of queries is fixed whatever the data size.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import itertools
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from beacon.dissemination import figures as dissemination
from beacon.dissemination.models import DONE_STATUSES, DeliveryAction, DeliveryStatus
from beacon.factbase import figures as factbase
from beacon.insights.periods import Period
from beacon.monitoring import figures as monitoring
from beacon.plans import reporting as plans
from beacon.plans.models import Status as ActivityStatus
from beacon.plans.models import Unit
from beacon.training import figures as training
from beacon.translation import figures as translation

# Optional areas built beside this one: read when installed, left out of the report otherwise.
OUTREACH_MODULE = "beacon.outreach.figures"
TONE_MODULE = "beacon.monitoring.tone_figures"
EXPIRY_WINDOW_DAYS = 90
GAP_DAYS = 7
MACHINE_ORIGINS = ("machine", "memory", "glossary")


def optional_module(name: str) -> Any:
    """The module if its app is installed here, else None (find_spec, never a failed import)."""
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name) if found is not None else None


@dataclass
class Row:
    """One thing a figure counts: what it is, a detail, and where to open it."""

    label: str
    detail: str = ""
    url: str = ""


@dataclass
class Data:
    """What the areas say about one period and one scope (``agency_ids=None``: the whole city)."""

    period: Period
    agency_ids: set[int] | None
    activities: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    channel_days: list[dict[str, Any]] = field(default_factory=list)
    training: dict[str, int] = field(default_factory=dict)
    trainees: list[dict[str, Any]] = field(default_factory=list)
    training_targets: list[dict[str, Any]] = field(default_factory=list)
    certificates: list[dict[str, Any]] = field(default_factory=list)
    expiring: list[dict[str, Any]] = field(default_factory=list)
    # City-wide areas (nothing in them belongs to one agency): loaded for the whole city only.
    published: Counter[str] = field(default_factory=Counter)
    backlog: list[dict[str, Any]] = field(default_factory=list)
    origins: Counter[str] = field(default_factory=Counter)
    coverage: dict[str, Any] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    responses: list[dict[str, Any]] = field(default_factory=list)
    facts_due: list[dict[str, Any]] = field(default_factory=list)
    outreach: Mapping[str, Any] = field(default_factory=dict)
    tone: Mapping[str, Any] = field(default_factory=dict)

    @property
    def citywide(self) -> bool:
        return self.agency_ids is None


def load(period: Period, agency_ids: set[int] | None) -> Data:
    """Read one period through the areas' public functions (a fixed number of queries)."""
    ids = agency_ids
    data = Data(period=period, agency_ids=ids)
    data.activities = plans.period_activities(ids, period.start, period.end)
    data.reports = plans.period_reports(ids, period.start, period.end)
    data.deliveries = dissemination.period_deliveries(ids, period.since, period.until)
    data.channel_days = dissemination.channel_days(ids, period.since, period.until)
    data.training = training.training_figures(ids, period.start, period.end, include_units=False)
    data.trainees = training.trainees_by_agency(ids, period.start, period.end)
    data.training_targets = plans.period_targets(ids, period.start, period.end, Unit.TRAINEES)
    data.certificates = training.certificates_between(ids, period.start, period.end, expiring=False)
    data.expiring = training.certificates_between(
        ids,
        period.end + timedelta(days=1),
        period.end + timedelta(days=EXPIRY_WINDOW_DAYS),
        expiring=True,
    )
    if ids is None:
        data.published = translation.published_by_language(period.since, period.until)
        data.backlog = translation.backlog(period.until)
        data.origins = translation.segment_origins(period.since, period.until)
        data.coverage = monitoring.coverage(period.since, period.until)
        data.claims = factbase.period_claims(period.since, period.until)
        data.responses = factbase.period_responses(period.since, period.until)
        data.facts_due = factbase.facts_due(period.end)
    outreach = optional_module(OUTREACH_MODULE)
    if outreach is not None:
        data.outreach = outreach.period_figures(ids, period.start, period.end)
    tone = optional_module(TONE_MODULE)
    if tone is not None:
        data.tone = tone.period_figures(period.start, period.end, agency_ids=ids)
    return data


# ---------------------------------------------------------------- what a figure function returns


@dataclass
class Result:
    value: float | None
    rows: list[Row] = field(default_factory=list)
    breakdown: list[tuple[str, float]] = field(default_factory=list)


FigureFunction = Callable[[Data], Result]


@dataclass(frozen=True)
class Spec:
    """A figure: its key (stable, used by URLs, the API and the public switch), its section, its
    name and one-line definition (translatable), its unit, and the function computing it."""

    key: str
    section: str
    label: Promise | str
    definition: Promise | str
    unit: str
    compute: FigureFunction
    citywide: bool = False
    chart_title: Promise | str = ""
    breakdown_unit: str = ""  # when the bars are not counted in the figure's own unit


_ARG = "0000"  # stands for the one argument in a reversed address template


@functools.cache
def _template(name: str, with_arg: bool) -> str:
    try:
        return reverse(name, args=[_ARG] if with_arg else [])
    except NoReverseMatch:
        return ""


def _url(name: str, *args: Any) -> str:
    """The admin address of one row. Reversed once per name and filled in per row: a report
    lists thousands of rows, and ``reverse`` per row was a fifth of the report's time."""
    template = _template(name, bool(args))
    if not args or not template:
        return template
    return template.replace(_ARG, quote(str(args[0]), safe="/~:@!$&'()*+,;="), 1)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _p90(values: list[float]) -> float | None:
    return dissemination.percentile(values, 0.9)


def _share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


# ---------------------------------------------------------------------------------------- plan


def _activity_row(row: dict[str, Any]) -> Row:
    title = f"{row['code']} {row['title']}".strip()
    return Row(
        title,
        f"{row['lead_agency__name']} · {row['deadline']:%d/%m/%Y}",
        _url("plans:activity", row["pk"]),
    )


def _status_count(status: str) -> FigureFunction:
    def compute(data: Data) -> Result:
        rows = [r for r in data.activities if r["derived_status"] == status]
        counts = Counter(r["derived_status"] for r in data.activities)
        # One chart of every status, drawn once (beside "done"), not under each status.
        breakdown = [
            (str(label), float(counts.get(value, 0))) for value, label in ActivityStatus.choices
        ]
        shown = breakdown if status == ActivityStatus.DONE else []
        return Result(len(rows), [_activity_row(r) for r in rows], shown)

    return compute


def reports_on_time(data: Data) -> Result:
    late_by_agency: Counter[str] = Counter(
        r["agency__name"] for r in data.reports if not r["on_time"]
    )
    rows = [
        Row(
            r["activity__title"],
            f"{r['agency__name']} · {r['submitted_at']:%d/%m/%Y}"
            + ("" if r["on_time"] else f" · {_('late')}"),
            _url("plans:report", r["pk"]),
        )
        for r in data.reports
    ]
    on_time = sum(1 for r in data.reports if r["on_time"])
    return Result(
        _share(on_time, len(data.reports)),
        rows,
        [(name, float(count)) for name, count in late_by_agency.most_common(10)],
    )


def budget_done(data: Data) -> Result:
    done = [
        r for r in data.activities if r["derived_status"] == ActivityStatus.DONE and r["budget"]
    ]
    total = sum((r["budget"] for r in done), Decimal(0))
    return Result(float(total) if done else None, [_activity_row(r) for r in done])


# ------------------------------------------------------------------------------------ delivery


def _done_at(row: dict[str, Any]) -> Any:
    if row["status"] not in DONE_STATUSES:
        return None
    return row["acknowledged_at"] or row["sent_at"]


def _hours_by_channel(data: Data) -> dict[str, list[float]]:
    hours: dict[str, list[float]] = defaultdict(list)
    for row in data.deliveries:
        done = _done_at(row)
        if done is not None:
            hours[row["channel__name"]].append(
                max(0.0, (done - row["approved_at"]).total_seconds()) / 3600
            )
    return hours


def _latency(pick: Callable[[list[float]], float | None]) -> FigureFunction:
    def compute(data: Data) -> Result:
        per_channel = _hours_by_channel(data)
        every = [h for values in per_channel.values() for h in values]
        breakdown = [
            (name, round(pick(values) or 0, 1)) for name, values in sorted(per_channel.items())
        ]
        rows = [
            Row(
                name,
                _("%(n)d deliveries · median %(median).1f h · p90 %(p90).1f h")
                % {"n": len(values), "median": _median(values) or 0, "p90": _p90(values) or 0},
                _url("dissemination:board"),
            )
            for name, values in sorted(per_channel.items())
        ]
        return Result(pick(every), rows, breakdown)

    return compute


def _targets(data: Data) -> list[dict[str, Any]]:
    return [
        r
        for r in data.deliveries
        if r["status"] != DeliveryStatus.CANCELLED and r["action"] != DeliveryAction.WITHDRAW
    ]


def delivered_fully(data: Data) -> Result:
    complete: dict[str, bool] = {}
    titles: dict[str, str] = {}
    for row in _targets(data):
        key = row["item_key"]
        complete[key] = complete.get(key, True) and row["status"] in DONE_STATUSES
        titles.setdefault(key, row["title"] or key)
    everywhere, missing = str(_("every channel and language")), str(_("missing somewhere"))
    rows = [
        Row(
            titles[key],
            everywhere if done else missing,
            _url("dissemination:item", key),
        )
        for key, done in complete.items()
    ]
    rows.sort(key=lambda r: (r.detail != missing, r.label))
    return Result(_share(sum(complete.values()), len(complete)), rows)


def delivered_regularly(data: Data) -> Result:
    """The longest stretch without a delivery, per channel and language, in days."""
    days: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in data.deliveries:
        done = _done_at(row)
        if done is not None:
            days[(row["channel__name"], row["language"])].append(done)
    gaps: list[tuple[str, float]] = []
    for (channel, language), moments in sorted(days.items()):
        edges = [data.period.since, *sorted(moments), data.period.until]
        longest = max((b - a).total_seconds() for a, b in itertools.pairwise(edges)) / 86400
        gaps.append((f"{channel} · {language}", round(longest, 1)))
    rows = [
        Row(label, _("longest gap %(days).1f days") % {"days": gap}, _url("dissemination:board"))
        for label, gap in sorted(gaps, key=lambda g: -g[1])
    ]
    late = sum(1 for _label, gap in gaps if gap > GAP_DAYS)
    return Result(late if gaps else None, rows, sorted(gaps, key=lambda g: -g[1])[:12])


def delivered_continuously(data: Data) -> Result:
    up: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    rows = []
    for row in data.channel_days:
        name = row["delivery__channel__name"]
        tried[name] += 1
        if row["reached"]:
            up[name] += 1
        else:
            rows.append(
                Row(
                    name,
                    _("down on %(day)s: %(n)d attempts failed")
                    % {"day": f"{row['day']:%d/%m/%Y}", "n": row["tried"]},
                    _url("dissemination:board"),
                )
            )
    breakdown = [(name, round(100 * up[name] / tried[name], 1)) for name in sorted(tried)]
    return Result(_share(sum(up.values()), sum(tried.values())), rows, breakdown)


def delivered_correctly(data: Data) -> Result:
    changed = [
        r
        for r in data.deliveries
        if r["action"] in (DeliveryAction.UPDATE, DeliveryAction.WITHDRAW)
    ]
    items = {r["item_key"]: r for r in changed}
    rows = [
        Row(r["title"] or key, f"{r['action']} · v{r['version']}", _url("dissemination:item", key))
        for key, r in items.items()
    ]
    return Result(len(items), rows)


def dead_letters(data: Data) -> Result:
    dead = [r for r in data.deliveries if r["status"] == DeliveryStatus.DEAD]
    by_channel = Counter(r["channel__name"] for r in dead)
    rows = [
        Row(
            r["title"] or r["item_key"],
            f"{r['channel__name']} · {r['language']}",
            _url("dissemination:item", r["item_key"]),
        )
        for r in dead
    ]
    return Result(len(dead), rows, [(k, float(v)) for k, v in by_channel.most_common()])


# ----------------------------------------------------------------------------------- languages


def published_pages(data: Data) -> Result:
    rows = [Row(lang, str(n)) for lang, n in data.published.most_common()]
    return Result(
        sum(data.published.values()),
        rows,
        [(lang, float(n)) for lang, n in data.published.most_common()],
    )


def translation_backlog(data: Data) -> Result:
    by_language = Counter(r["target_locale__language_code"] for r in data.backlog)
    rows = [
        Row(
            r["source__object_repr"],
            f"{r['target_locale__language_code']} · {(data.period.until - r['created_at']).days} d",
        )
        for r in data.backlog
    ]
    return Result(len(data.backlog), rows, [(k, float(v)) for k, v in by_language.most_common()])


def backlog_age(data: Data) -> Result:
    ages = [(data.period.until - r["created_at"]).total_seconds() / 86400 for r in data.backlog]
    return Result(_median(ages), translation_backlog(data).rows)


def machine_share(data: Data) -> Result:
    machine = sum(data.origins[o] for o in MACHINE_ORIGINS)
    filled = machine + data.origins["human"]
    rows = [Row(origin, str(n)) for origin, n in data.origins.most_common()]
    return Result(
        _share(machine, filled), rows, [(o, float(n)) for o, n in data.origins.most_common()]
    )


# ----------------------------------------------------------------------------- foreign coverage


def _counter_result(
    counter: Counter[str], url: str, top: int = 12
) -> tuple[list[Row], list[tuple[str, float]]]:
    rows = [Row(label or "—", str(n), url) for label, n in counter.most_common()]
    return rows, [(label or "—", float(n)) for label, n in counter.most_common(top)]


def coverage_articles(data: Data) -> Result:
    rows, breakdown = _counter_result(
        data.coverage.get("countries", Counter()), _url("monitoring:stream")
    )
    return Result(data.coverage.get("articles", 0), rows, breakdown)


def coverage_countries(data: Data) -> Result:
    countries = data.coverage.get("countries", Counter())
    rows, breakdown = _counter_result(countries, _url("monitoring:stream"))
    return Result(len(countries), rows, breakdown)


def coverage_languages(data: Data) -> Result:
    languages = data.coverage.get("languages", Counter())
    rows, breakdown = _counter_result(languages, _url("monitoring:stream"))
    return Result(len(languages), rows, breakdown)


def coverage_topics(data: Data) -> Result:
    topics = data.coverage.get("topics", Counter())
    rows, breakdown = _counter_result(topics, _url("monitoring:stream"))
    return Result(len(topics), rows, breakdown)


def coverage_monthly(data: Data) -> Result:
    """The busiest month's share of the period's coverage (100% for a month)."""
    months = data.coverage.get("months", Counter())
    total = sum(months.values())
    breakdown = [
        (key, round(100 * months.get(key, 0) / total, 1) if total else 0.0)
        for key in data.period.months()
    ]
    rows = [
        Row(key, str(months.get(key, 0)), _url("monitoring:stream")) for key in data.period.months()
    ]
    return Result(
        max((share for _k, share in breakdown), default=None) if total else None, rows, breakdown
    )


def top_stories(data: Data) -> Result:
    stories = data.coverage.get("stories", [])
    rows = [
        Row(
            s["title"],
            _("%(sources)d sources · %(copies)d copies")
            % {"sources": s["source_count"], "copies": s["copies"]},
            _url("monitoring:story", s["pk"]),
        )
        for s in stories
    ]
    return Result(
        max((s["source_count"] for s in stories), default=None),
        rows,
        [(s["title"][:40], float(s["source_count"])) for s in stories],
    )


# ----------------------------------------------------------------------------- false information


def _claim_row(row: dict[str, Any]) -> Row:
    return Row(
        row["text"][:160],
        f"{row['detected_at']:%d/%m/%Y} · {row['status']}",
        _url("factbase:claim", row["pk"]),
    )


def claims_detected(data: Data) -> Result:
    by_status = Counter(r["status"] for r in data.claims)
    return Result(
        len(data.claims),
        [_claim_row(r) for r in data.claims],
        [(k, float(v)) for k, v in by_status.most_common()],
    )


def claims_matched(data: Data) -> Result:
    matched = [r for r in data.claims if r["matched_at"] is not None]
    return Result(len(matched), [_claim_row(r) for r in matched])


def _response_row(row: dict[str, Any]) -> Row:
    hours = (row["published_at"] - row["claim__detected_at"]).total_seconds() / 3600
    return Row(
        row["page__title"],
        _("%(hours).1f h after detection") % {"hours": hours},
        _url("factbase:claim", row["claim_id"]),
    )


def claims_answered(data: Data) -> Result:
    return Result(
        len({r["claim_id"] for r in data.responses}), [_response_row(r) for r in data.responses]
    )


def _response_hours(data: Data) -> list[float]:
    return [
        max(0.0, (r["published_at"] - r["claim__detected_at"]).total_seconds() / 3600)
        for r in data.responses
    ]


def response_median(data: Data) -> Result:
    return Result(_median(_response_hours(data)), [_response_row(r) for r in data.responses])


def response_p90(data: Data) -> Result:
    return Result(_p90(_response_hours(data)), [_response_row(r) for r in data.responses])


def facts_due(data: Data) -> Result:
    rows = [
        Row(r["statement"][:160], f"{r['review_on']:%d/%m/%Y}", _url("factbase:due"))
        for r in data.facts_due
    ]
    return Result(len(rows), rows)


# -------------------------------------------------------------------------------------- people


def officers_trained(data: Data) -> Result:
    rows = [Row(r["enrolment__officer__agency__name"], str(r["trainees"])) for r in data.trainees]
    return Result(
        data.training.get("trainees", 0), rows, [(r.label, float(r.detail)) for r in rows[:12]]
    )


def trained_against_target(data: Data) -> Result:
    """Officers trained as a share of the trainees the plan's activities of the period target."""
    target = sum((row["quantity"] for row in data.training_targets), Decimal(0))
    rows = [
        Row(
            row["activity__title"],
            _("%(lead)s · target %(quantity)s trainees")
            % {"lead": row["activity__lead_agency__name"], "quantity": f"{row['quantity']:f}"},
            _url("plans:activity", row["activity_id"]),
        )
        for row in data.training_targets
    ]
    trained = data.training.get("trainees", 0)
    return Result(100 * trained / float(target) if target else None, rows)


def _certificate_row(row: dict[str, Any]) -> Row:
    """A certificate by number and course: the holder's name stays in the training app."""
    expires = f" → {row['expires_on']:%d/%m/%Y}" if row["expires_on"] else ""
    return Row(
        row["number"],
        f"{row['course_title']} · {row['issued_on']:%d/%m/%Y}{expires}",
        _url("training_verify", row["code"]),
    )


def certificates_issued(data: Data) -> Result:
    return Result(len(data.certificates), [_certificate_row(r) for r in data.certificates])


def certificates_expiring(data: Data) -> Result:
    return Result(len(data.expiring), [_certificate_row(r) for r in data.expiring])


# ------------------------------------------------------------------------- optional areas


def external(attribute: str, key: str) -> FigureFunction:
    """A figure of an optional area: a number its ``period_figures`` returned under ``key``."""

    def compute(data: Data) -> Result:
        figures: Mapping[str, Any] = getattr(data, attribute)
        value = figures.get(key)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        return Result(float(value) if numeric and value is not None else None)

    return compute


def external_specs(section: str, figures: Mapping[str, Any]) -> list[Spec]:
    """The figures an optional area gave, named from the table below when known."""
    known = OUTREACH_LABELS if section == "outreach" else TONE_LABELS
    specs = []
    for key, value in figures.items():
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        label, definition = known.get(key, (key.replace("_", " ").capitalize(), ""))
        unit = "percent" if "share" in key or "balance" in key else "count"
        specs.append(
            Spec(f"{section}_{key}", section, label, definition, unit, external(section, key))
        )
    return specs


OUTREACH_LABELS: dict[str, tuple[Promise, Promise]] = {
    "events": (_("Outreach events"), _("Events held in the period, not cancelled.")),
    "registrations": (_("Registrations"), _("Confirmed registrations to those events.")),
    "participants": (_("Participants"), _("People checked in at those events.")),
    "partners": (_("Partners"), _("Partner organisations on record at the end of the period.")),
    "partners_new": (_("New partners"), _("Partner organisations added in the period.")),
    "press_requests": (
        _("Foreign press requests"),
        _("Requests from foreign press received in the period."),
    ),
    "press_answered": (_("Press requests answered"), _("Of those requests, the ones answered.")),
    "stories": (_("Community stories"), _("Community stories published in the period.")),
}
TONE_LABELS: dict[str, tuple[Promise, Promise]] = {
    "positive": (_("Positive coverage"), _("Articles about the city whose tone is positive.")),
    "neutral": (_("Neutral coverage"), _("Articles about the city whose tone is neutral.")),
    "negative": (_("Negative coverage"), _("Articles about the city whose tone is negative.")),
    "balance": (_("Balance of tone"), _("Positive minus negative articles, as a share of all.")),
}


SPECS: list[Spec] = [
    Spec(
        "plan_done",
        "plan",
        _("Activities done"),
        _("Activities running in the period whose work was completed by its end."),
        "count",
        _status_count(ActivityStatus.DONE),
        chart_title=_("Activities by status at the end of the period"),
    ),
    Spec(
        "plan_in_progress",
        "plan",
        _("Activities in progress"),
        _("Activities started and not done at the end of the period."),
        "count",
        _status_count(ActivityStatus.IN_PROGRESS),
    ),
    Spec(
        "plan_late",
        "plan",
        _("Activities late"),
        _("Past their deadline, or their lead agency owes a report, at the end of the period."),
        "count",
        _status_count(ActivityStatus.LATE),
    ),
    Spec(
        "plan_not_started",
        "plan",
        _("Activities not started"),
        _("Activities of the period not started and with no report at its end."),
        "count",
        _status_count(ActivityStatus.PLANNED),
    ),
    Spec(
        "plan_reports_on_time",
        "plan",
        _("Reports filed on time"),
        _("Share of progress reports filed within the reporting deadline after their period."),
        "percent",
        reports_on_time,
    ),
    Spec(
        "plan_budget",
        "plan",
        _("Budget of activities done"),
        _("Recorded budget of the activities done by the end of the period."),
        "money",
        budget_done,
    ),
    Spec(
        "delivery_quickly",
        "delivery",
        _("Quickly: median time to deliver"),
        _("Approval to first acknowledged (else sent) delivery, median over deliveries, in hours."),
        "hours",
        _latency(_median),
    ),
    Spec(
        "delivery_quickly_p90",
        "delivery",
        _("Quickly: 90th percentile"),
        _("Approval to delivery: nine deliveries in ten took at most this long, in hours."),
        "hours",
        _latency(_p90),
    ),
    Spec(
        "delivery_fully",
        "delivery",
        _("Fully: items delivered everywhere"),
        _("Share of approved items delivered in every target language and channel."),
        "percent",
        delivered_fully,
    ),
    Spec(
        "delivery_regularly",
        "delivery",
        _("Regularly: gaps in the calendar"),
        _("Channel and language pairs that went more than a week without a delivery."),
        "count",
        delivered_regularly,
        breakdown_unit="days",
    ),
    Spec(
        "delivery_continuously",
        "delivery",
        _("Continuously: channels up"),
        _("Share of channel-days on which a channel that was tried was reached at least once."),
        "percent",
        delivered_continuously,
    ),
    Spec(
        "delivery_correctly",
        "delivery",
        _("Correctly: corrections and withdrawals"),
        _("Items updated or withdrawn after publication."),
        "count",
        delivered_correctly,
    ),
    Spec(
        "delivery_dead",
        "delivery",
        _("Correctly: dead letters"),
        _("Deliveries given up after their retries (dead letters)."),
        "count",
        dead_letters,
    ),
    Spec(
        "languages_published",
        "languages",
        _("Pages published"),
        _("Pages that went live for the first time in the period, per language."),
        "count",
        published_pages,
        citywide=True,
    ),
    Spec(
        "languages_backlog",
        "languages",
        _("Translation backlog"),
        _("Translations started and not approved at the end of the period."),
        "count",
        translation_backlog,
        citywide=True,
    ),
    Spec(
        "languages_backlog_age",
        "languages",
        _("Age of the backlog"),
        _("Median age of the waiting translations at the end of the period, in days."),
        "days",
        backlog_age,
        citywide=True,
    ),
    Spec(
        "languages_machine_share",
        "languages",
        _("Machine share of translation"),
        _("Segments pre-filled by machine, memory or glossary, against those a translator wrote."),
        "percent",
        machine_share,
        citywide=True,
    ),
    Spec(
        "coverage_articles",
        "coverage",
        _("Articles about the city"),
        _("Articles about the city found in foreign media in the period, by country."),
        "count",
        coverage_articles,
        citywide=True,
    ),
    Spec(
        "coverage_countries",
        "coverage",
        _("Countries covering the city"),
        _("Countries whose media published at least one article about the city."),
        "count",
        coverage_countries,
        citywide=True,
    ),
    Spec(
        "coverage_languages",
        "coverage",
        _("Languages of coverage"),
        _("Languages in which articles about the city appeared."),
        "count",
        coverage_languages,
        citywide=True,
    ),
    Spec(
        "coverage_topics",
        "coverage",
        _("Topics covered"),
        _("Topics of the articles about the city."),
        "count",
        coverage_topics,
        citywide=True,
    ),
    Spec(
        "coverage_monthly",
        "coverage",
        _("Busiest month's share"),
        _("Share of the period's coverage that fell in its busiest month."),
        "percent",
        coverage_monthly,
        citywide=True,
    ),
    Spec(
        "coverage_top_story",
        "coverage",
        _("Top story's sources"),
        _("Sources that carried the period's most widely reported story."),
        "count",
        top_stories,
        citywide=True,
    ),
    Spec(
        "claims_detected",
        "false_info",
        _("Claims detected"),
        _("Check-worthy claims about the city detected in the period."),
        "count",
        claims_detected,
        citywide=True,
    ),
    Spec(
        "claims_matched",
        "false_info",
        _("Claims matched"),
        _("Of those claims, the ones matched to a verified fact."),
        "count",
        claims_matched,
        citywide=True,
    ),
    Spec(
        "claims_answered",
        "false_info",
        _("Claims answered"),
        _("Claims whose fact check was published in the period."),
        "count",
        claims_answered,
        citywide=True,
    ),
    Spec(
        "response_median",
        "false_info",
        _("Time to answer (median)"),
        _("Detection to published fact check, median, in hours."),
        "hours",
        response_median,
        citywide=True,
    ),
    Spec(
        "response_p90",
        "false_info",
        _("Time to answer (90th percentile)"),
        _("Detection to published fact check: nine in ten answered within this, in hours."),
        "hours",
        response_p90,
        citywide=True,
    ),
    Spec(
        "facts_due",
        "false_info",
        _("Facts due for review"),
        _("Verified facts in force whose review date had come by the end of the period."),
        "count",
        facts_due,
        citywide=True,
    ),
    Spec(
        "people_trained",
        "people",
        _("Officers trained"),
        _("Distinct officers present at a training session that ended in the period."),
        "count",
        officers_trained,
    ),
    Spec(
        "people_target",
        "people",
        _("Officers trained against the plan"),
        _("Officers trained in the period against the trainees the plan's activities target."),
        "percent",
        trained_against_target,
    ),
    Spec(
        "people_certificates",
        "people",
        _("Certificates issued"),
        _("Certificates issued in the period and not revoked."),
        "count",
        certificates_issued,
    ),
    Spec(
        "people_expiring",
        "people",
        _("Certificates expiring"),
        _("Certificates that expire within 90 days after the period."),
        "count",
        certificates_expiring,
    ),
]
SPEC_BY_KEY = {spec.key: spec for spec in SPECS}

SECTIONS: list[tuple[str, Promise]] = [
    ("plan", _("Plan")),
    ("delivery", _("Delivery: quickly, fully, regularly, continuously, correctly")),
    ("languages", _("Languages")),
    ("coverage", _("Foreign coverage")),
    ("false_info", _("False information")),
    ("people", _("People")),
    ("outreach", _("Outreach")),
    ("tone", _("Tone of coverage")),
]
