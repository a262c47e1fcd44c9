"""What a registrant carries: the ticket's QR code and the event in iCalendar."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from django.utils import timezone
from icalendar import Calendar, Event

from beacon.outreach.models import Registration


def qr_svg(code: str) -> str:
    """The check-in code as an SVG QR code (scanned at the door, or the code read aloud)."""
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue().decode()


def ics(registration: Registration, url: str) -> bytes:
    page = registration.event.page
    calendar = Calendar()
    calendar.add("prodid", "-//Beacon//outreach//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"outreach-registration-{registration.pk}@beacon")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", page.start)
    event.add("dtend", page.end or page.start)
    event.add("summary", page.title)
    event.add("location", ", ".join(part for part in (page.venue, page.address) if part))
    event.add("description", f"{registration.code}\n{url}")
    event.add("url", url)
    calendar.add_component(event)
    return calendar.to_ical()
