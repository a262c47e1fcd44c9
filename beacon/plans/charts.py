"""Small charts drawn as SVG: crisp in the admin and in the PDF, with no plotting library.

Charts here are horizontal bars of percentages, which SVG draws in a few lines; the DOCX export
rasterises the same SVG to PNG with CairoSVG, so every format shows the same picture.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 18
GAP = 8
LABEL_WIDTH = 330
BAR_WIDTH = 320
COLOURS = {"ok": "#2e7d32", "mid": "#f9a825", "low": "#c62828"}


def _colour(value: int) -> str:
    if value >= 75:
        return COLOURS["ok"]
    if value >= 40:
        return COLOURS["mid"]
    return COLOURS["low"]


def _shorten(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(rows: list[tuple[str, int]], *, title: str) -> SafeString:
    """Percent bars, one per (label, value from 0 to 100); the labels and title are escaped."""
    width = LABEL_WIDTH + BAR_WIDTH + 60
    height = 30 + len(rows) * (BAR_HEIGHT + GAP)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="14" font-weight="bold" font-size="13">{escape(title)}</text>',
    ]
    for index, (label, value) in enumerate(rows):
        value = max(0, min(100, int(value)))
        y = 26 + index * (BAR_HEIGHT + GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_shorten(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'fill="#e8e8e8"/>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH * value // 100}" '
            f'height="{BAR_HEIGHT}" fill="{_colour(value)}"/>'
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 6}" y="{y + 13}">{value}%</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above went through escape())


def to_png(svg: str, *, scale: float = 2.0) -> bytes:
    """Rasterise a chart for formats that cannot hold SVG (DOCX)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
