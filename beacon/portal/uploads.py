"""Uploads checked by what they contain, not by what they are called.

A document's first bytes must match its extension (a PDF starts with ``%PDF-``, office files
are ZIP packages with the right part inside, text is UTF-8 without markup that a browser would
run); anything else is refused with a message. Images are decoded by Wagtail already; here
they must also carry alt text (the image's description).
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

_ZIP_PART = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
    "odt": "content.xml",
}
_MARKUP = (b"<html", b"<script", b"<svg", b"<!doctype", b"<iframe", b"<body")


def check_document(name: str, handle: IO[bytes], size: int) -> None:
    """Raise ValidationError unless the file's content is what its extension says."""
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if size > limit:
        raise ValidationError(
            _("The file is %(size)d MB; the limit is %(limit)d MB.")
            % {"size": size // 2**20, "limit": limit // 2**20}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    handle.seek(0)
    head = handle.read(4096)
    handle.seek(0)
    # filetype reads the magic numbers; an office file it may call a plain ZIP or by its own
    # type, and the part it must hold is then looked up in the package.
    kind = filetype.guess(head)
    if extension == "pdf":
        ok = kind is not None and kind.extension == "pdf"
    elif extension in _ZIP_PART:
        ok = (
            kind is not None
            and kind.extension in ("zip", extension)
            and _zip_has(handle, _ZIP_PART[extension])
        )
    elif extension in ("txt", "csv"):
        ok = _is_plain_text(head)
    else:
        ok = False
    handle.seek(0)
    if not ok:
        raise ValidationError(
            _("The content of this file is not a valid .%(ext)s document.") % {"ext": extension}
        )


def _zip_has(handle: IO[bytes], part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(handle.read())) as package:
            return part in package.namelist()
    except zipfile.BadZipFile:
        return False


def _is_plain_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # The 4 KiB cut may split a character: accept a truncated last sequence only.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    lowered = head.lower()
    return b"\x00" not in head and not any(marker in lowered for marker in _MARKUP)


class DocumentForm(BaseDocumentForm):
    """Base of Wagtail's document forms (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is not None and hasattr(upload, "size") and hasattr(upload, "read"):
            check_document(upload.name, upload, upload.size)
        return upload


class ImageForm(BaseImageForm):
    """Base of Wagtail's image forms (WAGTAILIMAGES_IMAGE_FORM_BASE): alt text is required."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        description = self.fields.get("description")
        if isinstance(description, forms.CharField):
            description.required = True
            description.label = _("Alt text")
            description.help_text = _(
                "What the image shows, for people who cannot see it. Required."
            )
