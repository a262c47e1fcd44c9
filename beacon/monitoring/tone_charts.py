"""The tone screen's charts, drawn as SVG on the server: no script, no CDN, readable in print.

Every text placed in a chart goes through ``escape``; colours keep 3:1 contrast against white
and each chart has a <title> and a table beside it on the screen for those who cannot see it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

COLOURS = {"negative": "#b3261e", "neutral": "#767676", "positive": "#1b6e3a"}
SERIES = ("#2e6db4", "#b35c00", "#1b6e3a", "#b03a6f", "#6a5acd")
LABEL_WIDTH = 170
BAR_WIDTH = 360
BAR_HEIGHT = 16
GAP = 6


def _shorten(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="bold" font-size="13">{escape(title)}</text>',
    ]


def balance_bars(rows: list[tuple[str, int, int, int]], *, title: str) -> SafeString:
    """One bar per (label, negative, neutral, positive): the three shares, stacked."""
    width = LABEL_WIDTH + BAR_WIDTH + 90
    height = 30 + max(1, len(rows)) * (BAR_HEIGHT + GAP)
    parts = _open(width, height, title)
    for index, (label, negative, neutral, positive) in enumerate(rows):
        y = 24 + index * (BAR_HEIGHT + GAP)
        total = negative + neutral + positive
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_shorten(label))}</text>"
        )
        x = float(LABEL_WIDTH)
        for name, count in (("negative", negative), ("neutral", neutral), ("positive", positive)):
            if not total or not count:
                continue
            span = BAR_WIDTH * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{span:.1f}" height="{BAR_HEIGHT}" '
                f'fill="{COLOURS[name]}"><title>{escape(name)}: {count}</title></rect>'
            )
            x += span
        parts.append(
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 12}">'
            f"−{negative} / +{positive} ({total})</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above went through escape())


def score_lines(
    buckets: list[str], series: dict[str, dict[str, float]], *, title: str
) -> SafeString:
    """The balance (-1 to 1) per bucket for a few series: one line each, a legend below."""
    width, plot_h, left, top = 640, 160, 40, 26
    height = top + plot_h + 40 + 16 * ((len(series) + 3) // 4)
    parts = _open(width, height, title)
    plot_w = width - left - 10
    step = plot_w / max(1, len(buckets) - 1)
    for value in (1, 0, -1):
        y = top + plot_h * (1 - value) / 2
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{value:+d}</text>'
        )
    if buckets:
        parts.append(
            f'<text x="{left}" y="{top + plot_h + 16}">{escape(buckets[0])}</text>'
            f'<text x="{width - 10}" y="{top + plot_h + 16}" text-anchor="end">'
            f"{escape(buckets[-1])}</text>"
        )
    for index, (name, points) in enumerate(series.items()):
        colour = SERIES[index % len(SERIES)]
        coords = [
            (left + step * i, top + plot_h * (1 - points[bucket]) / 2)
            for i, bucket in enumerate(buckets)
            if bucket in points
        ]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        lx = left + (index % 4) * 150
        ly = top + plot_h + 34 + 16 * (index // 4)
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{ly}">{escape(_shorten(name, 18))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above went through escape())
