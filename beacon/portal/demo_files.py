"""Files made for the demo: illustrations (PNG, drawn here) and governing documents (PDF).

Nothing is fetched: the pictures are simple drawings of the city's motifs, the PDFs carry the
document's number and title. Both go through the same checks as uploads.
"""

from __future__ import annotations

import io
import math
import zlib

from anyascii import anyascii


def illustration(
    palette: tuple[str, str, str], motif: str, size: tuple[int, int] = (1200, 675)
) -> bytes:
    """A flat drawing: sky gradient, a motif (lake, roofs, lanterns, bridge, towers), ground."""
    from PIL import Image, ImageDraw

    width, height = size
    sky, accent, ground = (_rgb(colour) for colour in palette)
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line([(0, y), (width, y)], fill=_blend(sky, (255, 255, 255), 0.45 * (1 - mix)))
    horizon = int(height * 0.68)
    if motif == "lake":
        draw.ellipse(
            [width * 0.15, horizon - 40, width * 0.85, height + 120],
            fill=_blend(sky, (40, 90, 120), 0.6),
        )
        draw.rectangle([width * 0.47, horizon - 120, width * 0.53, horizon - 10], fill=accent)
        draw.polygon(
            [
                (width * 0.44, horizon - 120),
                (width * 0.5, horizon - 170),
                (width * 0.56, horizon - 120),
            ],
            fill=accent,
        )
    elif motif == "roofs":
        for index in range(7):
            left = index * width / 7
            top = int(horizon - 80 - (index % 3) * 45)
            draw.rectangle(
                [left + 10, top, left + width / 7 - 10, horizon],
                fill=_blend(accent, ground, 0.3 * (index % 2)),
            )
            draw.polygon(
                [(left, top), (left + width / 14, top - 60), (left + width / 7, top)], fill=accent
            )
    elif motif == "lanterns":
        for index in range(9):
            x = (index + 0.5) * width / 9
            hang = horizon * (0.35 + 0.25 * math.sin(index))
            draw.line([(x, 0), (x, hang - 40)], fill=ground, width=3)
            draw.ellipse(
                [x - 38, hang - 45, x + 38, hang + 45], fill=accent if index % 2 else ground
            )
    elif motif == "bridge":
        for index in range(12):
            x = index * width / 11
            draw.line([(x, horizon - 90), (x + width / 22, horizon - 40)], fill=accent, width=10)
        draw.rectangle([0, horizon - 100, width, horizon - 85], fill=accent)
    else:  # towers: the new city
        for index in range(8):
            left = width * (0.08 + index * 0.11)
            top = int(horizon - 120 - ((index * 73) % 260))
            draw.rectangle(
                [left, top, left + width * 0.08, horizon],
                fill=_blend(accent, sky, 0.15 * (index % 3)),
            )
    draw.rectangle([0, horizon, width, height], fill=ground)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * amount) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with the given lines in Helvetica (transliterated to ASCII)."""
    text = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"]
    for line in lines:
        safe = anyascii(line).replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        text.append(f"({safe[:90]}) Tj T*")
    text.append("ET")
    stream = zlib.compress("\n".join(text).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
