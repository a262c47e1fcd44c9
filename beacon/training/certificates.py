"""Certificates as PDF: an HTML template laid out by WeasyPrint, with a QR code to the public
verification page, so that a printed copy can be checked by anyone with a phone."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from beacon.core.city import get_city_profile
from beacon.core.models import Agency
from beacon.core.roles import AgencyKind
from beacon.training.models import Certificate


def verification_url(certificate: Certificate) -> str:
    return settings.BASE_URL + reverse("training_verify", args=[certificate.code])


def qr_data_uri(data: str) -> str:
    """A QR code as an SVG data URI, so the PDF needs no file and no network to embed it."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_certificate_pdf(certificate: Certificate, language: str | None = None) -> bytes:
    """The certificate as PDF bytes, in the given language (the city's source language by
    default, since the certificate is an official document of the city)."""
    from weasyprint import HTML

    profile = get_city_profile()
    language = language or (profile.source_language if profile else settings.LANGUAGE_CODE)
    lead = Agency.objects.filter(kind=AgencyKind.LEAD).first()
    session = certificate.enrolment.session
    url = verification_url(certificate)
    with translation.override(language):
        html = render_to_string(
            "training/certificate.html",
            {
                "certificate": certificate,
                "session": session,
                "course": session.course,
                "agency": certificate.enrolment.officer.agency.display_name(language),
                "issuer": lead.display_name(language) if lead else "",
                "city": profile.name if profile else "",
                "verify_url": url,
                "qr": qr_data_uri(url),
                "language": language,
            },
        )
    return HTML(string=html, base_url=settings.BASE_URL).write_pdf(
        metadata={"title": f"{certificate.course_title} — {certificate.holder_name}"}
    )
