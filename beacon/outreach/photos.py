"""A story's photos: checked by their content, re-encoded without metadata, filed as images.

A photo is refused unless its bytes are a JPEG, PNG or WebP (``filetype`` reads the magic
numbers, whatever the name says), it is under the size limit, and Pillow decodes it within a
pixel budget (a decompression bomb is refused, not decoded). It is then re-encoded from its
pixels alone: the EXIF block, with the GPS position of where it was taken, does not survive.
"""

from __future__ import annotations

import io

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images import get_image_model

from beacon.outreach.models import CommunityStory, StoryPhoto

ALLOWED = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_PIXELS = 40_000_000
MAX_PHOTOS = 4


def clean_photo(data: bytes) -> tuple[bytes, str]:
    """Return the photo re-encoded without metadata, and its extension; or refuse it."""
    limit = settings.BEACON_OUTREACH_PHOTO_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(_("A photo may be at most %(limit)d MB.") % {"limit": limit // 2**20})
    kind = filetype.guess_mime(data)
    if kind not in ALLOWED:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP images."))
    try:
        with PILImage.open(io.BytesIO(data)) as source:
            width, height = source.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("This photo has too many pixels."))
            source.load()
            upright = ImageOps.exif_transpose(source)
            pixels = upright.convert("RGB") if ALLOWED[kind] == "JPEG" else upright.copy()
    except (OSError, PILImage.DecompressionBombError, SyntaxError) as error:
        raise ValidationError(_("This file is not a readable image.")) from error
    pixels.info.clear()
    out = io.BytesIO()
    options = {"quality": 88} if ALLOWED[kind] == "JPEG" else {}
    pixels.save(out, format=ALLOWED[kind], **options)
    return out.getvalue(), ALLOWED[kind].lower().replace("jpeg", "jpg")


def save_photo(story: CommunityStory, data: bytes, alt: str) -> StoryPhoto:
    """File cleaned bytes in the image library, with the author's description as alt text."""
    Image = get_image_model()
    cleaned, extension = clean_photo(data)
    name = f"story-{story.pk}-{story.photos.count() + 1}.{extension}"
    image = Image(
        title=f"{story.title[:80]} ({story.author_name})",
        description=alt[:255] or story.title,
        file=ImageFile(io.BytesIO(cleaned), name=name),
    )
    image.save()
    return StoryPhoto.objects.create(story=story, image=image)
