"""Uploads are checked by content and size; documents are never shown inline as HTML."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from beacon.portal.demo_files import illustration, pdf
from beacon.portal.uploads import check_document


def _docx(part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(part, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("plan.pdf", pdf(["Kế hoạch 2025"]), True),
        ("plan.pdf", b"<html><script>alert(1)</script></html>", False),
        ("plan.docx", _docx(), True),
        ("plan.docx", _docx("evil.sh"), False),
        ("plan.xlsx", _docx(), False),
        ("notes.txt", "Ghi chú tiếng Việt".encode(), True),
        ("notes.txt", b"<!DOCTYPE html><body onload=x()>", False),
        ("table.csv", b"\x00\x01binary", False),
        ("page.html", b"<p>hello</p>", False),
    ],
)
def test_it_checks_a_document_by_its_content(name: str, content: bytes, accepted: bool) -> None:
    handle = io.BytesIO(content)
    if accepted:
        check_document(name, handle, len(content))
    else:
        with pytest.raises(ValidationError):
            check_document(name, handle, len(content))


def test_it_refuses_a_document_over_the_size_limit(settings: Any) -> None:
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    with pytest.raises(ValidationError, match="limit"):
        check_document("big.pdf", io.BytesIO(b"%PDF-1.4"), 2 * 2**20)


def test_it_refuses_html_disguised_as_pdf_in_the_admin(newsroom: Any) -> None:
    client = Client()
    client.force_login(newsroom.editor)
    disguised = SimpleUploadedFile(
        "report.pdf", b"<html><script>steal()</script>", "application/pdf"
    )
    response = client.post(
        reverse("wagtaildocs:add"), {"title": "Report", "file": disguised, "collection": 1}
    )
    assert response.status_code == 200
    assert "not a valid .pdf document" in response.content.decode()
    assert not get_document_model().objects.exists()


def test_it_requires_alt_text_for_images(newsroom: Any) -> None:
    client = Client()
    client.force_login(newsroom.editor)
    picture = illustration(("#a9d3ee", "#b4432f", "#47734b"), "lake", size=(80, 45))

    def upload(description: str) -> Any:
        return client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Hồ Gươm",
                "file": SimpleUploadedFile("lake.png", picture, "image/png"),
                "collection": 1,
                "description": description,
            },
        )

    assert upload("").status_code == 200
    assert not get_image_model().objects.exists()
    assert upload("A small tower on an island in a lake").status_code == 302
    assert get_image_model().objects.get().description.startswith("A small tower")


def test_it_serves_text_documents_as_downloads_and_pdfs_inline(newsroom: Any) -> None:
    from django.core.files.base import ContentFile

    Document = get_document_model()
    text = Document(title="notes")
    text.file.save("notes.txt", ContentFile(b"<b>not html</b>"), save=True)
    paper = Document(title="plan")
    paper.file.save("plan.pdf", ContentFile(pdf(["Plan"])), save=True)
    client = Client()
    response = client.get(text.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(paper.url)["Content-Disposition"].startswith("inline")
