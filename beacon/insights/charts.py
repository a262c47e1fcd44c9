"""The insights charts as SVG, in the plans dashboard's style: crisp on screen and in the PDF,
rasterised to PNG for the DOCX, drawn without a plotting library or a script."""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

from beacon.insights.report import Figure, format_value

BAR_HEIGHT = 16
GAP = 6
LABEL_WIDTH = 230
BAR_WIDTH = 300
BAR_COLOUR = "#1f5f8b"
COMPARE = (("#1f5f8b", 0), ("#8fb3cc", 1), ("#c9c9c9", 2))


def _shorten(text: str, limit: int = 34) -> str:
    """Cut long labels; a "channel · language" label keeps its language, which tells bars apart."""
    if len(text) <= limit:
        return text
    head, dot, tail = text.rpartition(" · ")
    if dot and len(tail) < limit // 2:
        return head[: limit - len(tail) - 4] + "…" + dot + tail
    return text[: limit - 1] + "…"


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]


def breakdown_chart(figure: Figure) -> SafeString:
    """Horizontal bars of the figure's breakdown, scaled to its largest value."""
    rows = figure.breakdown[:12]
    width = LABEL_WIDTH + BAR_WIDTH + 70
    height = 6 + len(rows) * (BAR_HEIGHT + GAP)
    top = max((value for _label, value in rows), default=0) or 1
    unit = figure.spec.breakdown_unit or figure.spec.unit
    parts = _open(width, height, figure.label)
    for index, (label, value) in enumerate(rows):
        y = 4 + index * (BAR_HEIGHT + GAP)
        length = int(BAR_WIDTH * max(0.0, value) / top)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_shorten(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 12}">'
            f"{escape(format_value(value, unit))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above went through escape())


def comparison_chart(figure: Figure, labels: tuple[str, str, str]) -> SafeString:
    """Three short bars: this period, the one before, the same period a year earlier."""
    values = (figure.value, figure.previous, figure.last_year)
    width, height = 190, 3 * (12 + 3) + 2
    top = max((v for v in values if v is not None), default=0) or 1
    parts = _open(width, height, figure.label)
    for (colour, index), label, value in zip(COMPARE, labels, values, strict=True):
        y = 1 + index * 15
        length = int(90 * max(0.0, value or 0) / top)
        parts.append(
            f'<text x="0" y="{y + 10}" font-size="9">{escape(label)}</text>'
            f'<rect x="62" y="{y}" width="{length}" height="12" fill="{colour}"/>'
            f'<text x="{66 + length}" y="{y + 10}" font-size="9">'
            f"{escape(format_value(value, figure.spec.unit))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above went through escape())


def to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterise a chart for the DOCX, which cannot hold SVG."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
