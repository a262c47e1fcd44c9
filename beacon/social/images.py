"""Images resized to a platform's recommended size, for uploads and export packs."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image as PILImage
from PIL import ImageOps


def fitted_jpeg(image: Any, size: tuple[int, int]) -> bytes:
    """The Wagtail image as a JPEG that fits inside ``size``, never enlarged, EXIF-rotated."""
    with image.open_file() as handle, PILImage.open(handle) as opened:
        picture: PILImage.Image = ImageOps.exif_transpose(opened)
        picture.thumbnail(size)
        if picture.mode != "RGB":
            picture = picture.convert("RGB")
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=88, optimize=True)
        return out.getvalue()
