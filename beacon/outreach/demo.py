"""Demo outreach: partners in a dozen countries with consented contacts and agreements, a past
and two upcoming events with registrations and attendance, two foreign press requests in
different states, and three community stories published on the portal.

Safe to run again: partners are found by name, events by their page's slug, press requests by
outlet, stories by title. Everything goes through the app's actions; people are fictitious,
at example.org.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from anyascii import anyascii
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.models import Locale

from beacon.core.models import Agency
from beacon.outreach import actions
from beacon.outreach.models import (
    Agreement,
    CommunityStory,
    Contact,
    EventKind,
    Exchange,
    OutreachEvent,
    Partner,
    PartnerList,
    PressRequest,
    Registration,
    RegistrationStatus,
)
from beacon.portal.models import EventIndexPage, EventPage

LEAD = "SO-TTTT"
# name, kind, country, languages, agency
PARTNERS: list[tuple[str, str, str, list[str], str]] = [
    ("Ville de Toulouse", "sister_city", "FR", ["fr"], "SO-NGOAIVU"),
    ("Fukuoka City", "sister_city", "JP", ["ja", "en"], "SO-NGOAIVU"),
    ("Seoul Metropolitan Government", "sister_city", "KR", ["ko", "en"], "SO-NGOAIVU"),
    ("City of Bangkok", "sister_city", "TH", ["th", "en"], "SO-NGOAIVU"),
    ("Embassy of Australia in Hanoi", "embassy", "AU", ["en"], "SO-NGOAIVU"),
    ("Embassy of Germany in Hanoi", "embassy", "DE", ["de", "en"], "SO-NGOAIVU"),
    ("UNESCO Office in Hanoi", "international_org", "UN", ["en", "fr"], LEAD),
    ("Kyodo News, Hanoi bureau", "foreign_media", "JP", ["ja", "en"], LEAD),
    ("Agence France-Presse, Hanoi", "foreign_media", "FR", ["fr", "en"], LEAD),
    ("Xinhua, Hanoi bureau", "foreign_media", "CN", ["zh"], LEAD),
    ("Vietnam–Russia Friendship Association", "friendship", "RU", ["ru", "vi"], "SO-NGOAIVU"),
    ("Association of Vietnamese in Czechia", "overseas_vietnamese", "CZ", ["cs", "vi"], LEAD),
    ("EuroCham Vietnam", "chamber", "BE", ["en"], "SO-KHDT"),
    ("AmCham Hanoi", "chamber", "US", ["en"], "SO-KHDT"),
    ("Hanoi International Women's Club", "community", "GB", ["en"], "Q-HOANKIEM"),
    ("Korean Community in Hanoi", "community", "KR", ["ko"], "Q-TAYHO"),
    ("Université Paris Cité", "university", "FR", ["fr"], "SO-GDDT"),
]
# partner, name, role, language, press contact
CONTACTS = [
    ("Ville de Toulouse", "Claire Martin", "Chargée des relations internationales", "fr", False),
    ("Fukuoka City", "Sato Yuki", "International Affairs Division", "ja", False),
    ("Kyodo News, Hanoi bureau", "Tanaka Ken", "Bureau chief", "ja", True),
    ("Agence France-Presse, Hanoi", "Julien Moreau", "Correspondant", "fr", True),
    ("Xinhua, Hanoi bureau", "Li Wei", "Correspondent", "zh", True),
    ("Embassy of Australia in Hanoi", "Emma Clarke", "Public diplomacy officer", "en", False),
    ("Hanoi International Women's Club", "Sarah Jones", "President", "en", False),
]
EVENTS = [
    # slug, title, kind, in_days, hours, venue, capacity, organiser, attendees (checked in)
    ("gap-mat-cong-dong-quoc-te-2025", "Gặp mặt cộng đồng quốc tế cuối năm",
     EventKind.FRIENDSHIP, -21, 3, "Cung Văn hóa Hữu nghị Việt Xô", 80, "SO-NGOAIVU", 9),
    ("hop-bao-quoc-te-le-hoi-ao-dai", "Họp báo quốc tế Lễ hội Áo dài Hà Nội",
     EventKind.PRESS_CONFERENCE, 9, 2, "Trung tâm Báo chí Hà Nội", 40, LEAD, 0),
    ("chuyen-di-bao-chi-lang-nghe", "Chuyến đi cho phóng viên nước ngoài: làng nghề ven đô",
     EventKind.PRESS_TRIP, 16, 8, "Làng gốm Bát Tràng", 6, LEAD, 0),
]  # fmt: skip
SUMMARIES = {
    "gap-mat-cong-dong-quoc-te-2025": "Thành phố gặp gỡ đại diện cộng đồng người nước ngoài, "
    "các cơ quan đại diện và tổ chức quốc tế tại Hà Nội.",
    "hop-bao-quoc-te-le-hoi-ao-dai": "Giới thiệu chương trình Lễ hội Áo dài với phóng viên "
    "nước ngoài; có phiên dịch tiếng Anh và tiếng Pháp.",
    "chuyen-di-bao-chi-lang-nghe": "Một ngày tại làng gốm Bát Tràng cùng nghệ nhân, dành cho "
    "phóng viên nước ngoài thường trú.",
}
REGISTRANTS = [
    ("Anna Schmidt", "DE"), ("Tom Baker", "GB"), ("Marie Dubois", "FR"), ("Kenji Ito", "JP"),
    ("Olga Ivanova", "RU"), ("Lee Min-ji", "KR"), ("Carlos Ruiz", "ES"), ("Ana Souza", "BR"),
    ("Priya Nair", "IN"), ("John Smith", "US"), ("Sofia Rossi", "IT"), ("Jan Novák", "CZ"),
]  # fmt: skip
STORIES = [
    ("Buổi sáng bên Hồ Gươm", "vi", "Q-HOANKIEM", "Hồ Hoàn Kiếm", "Nguyễn Thu Hà",
     "Sáu giờ sáng, quanh hồ đã đông người tập thể dục. Tôi sống ở đây mười năm và vẫn thấy "
     "mỗi buổi sáng là một điều mới.\n\nNhững người bán hàng rong chào tôi bằng tên."),
    ("A bicycle tour of the Old Quarter", "en", "Q-HOANKIEM", "Old Quarter", "Tom Baker",
     "I came for three days and stayed three weeks. Every street in the Old Quarter is named "
     "after what it used to sell.\n\nOn Hang Ma, the paper lanterns glow at night."),
    ("Le marché de Long Biên à l'aube", "fr", "Q-LONGBIEN", "Chợ Long Biên", "Marie Dubois",
     "À quatre heures du matin, le marché s'éveille sous le vieux pont.\n\nLes porteurs "
     "traversent le pont Long Biên chargés de fruits."),
]  # fmt: skip


def _email(name: str) -> str:
    """A fictitious address for a demo person, in plain letters."""
    return f"{slugify(anyascii(name)).replace('-', '.')}@example.org"


def _agency(code: str) -> Agency:
    return Agency.objects.filter(code=code).first() or Agency.objects.get(code=LEAD)


def _photo(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (640, 420), colour).save(out, format="JPEG")
    return out.getvalue()


def _partners() -> dict[str, Partner]:
    found = {}
    for name, kind, country, languages, code in PARTNERS:
        partner = Partner.objects.filter(name=name).first()
        if partner is None:
            partner = Partner(
                name=name, kind=kind, country=country, languages=languages, agency=_agency(code)
            )
            actions.do_save_partner(partner, acting_user=None)
        found[name] = partner
    today = timezone.localdate()
    for partner_name, name, role, language, press in CONTACTS:
        partner = found[partner_name]
        if not partner.contacts.filter(name=name).exists():
            contact = Contact(
                partner=partner, name=name, role=role, email=_email(name),
                language=language, is_press=press, consent_on=today - datetime.timedelta(days=90),
                consent_source="Business card and written consent at a city event",
                keep_until=today + datetime.timedelta(days=730),
            )  # fmt: skip
            actions.do_save_contact(contact, acting_user=None)
    toulouse = found["Ville de Toulouse"]
    if not toulouse.agreements.exists():
        Agreement.objects.create(
            partner=toulouse, title="Accord de coopération décentralisée Hanoï–Toulouse",
            signed_on=datetime.date(2013, 11, 6), document=_document(),
        )  # fmt: skip
        Exchange.objects.create(
            partner=toulouse, on=today - datetime.timedelta(days=200),
            summary="Visite d'une délégation de Toulouse: patrimoine et transports urbains",
        )  # fmt: skip
    media = PartnerList.objects.filter(name="Báo chí nước ngoài tại Hà Nội").first()
    if media is None:
        media = PartnerList.objects.create(
            name="Báo chí nước ngoài tại Hà Nội", agency=_agency(LEAD)
        )
        media.partners.set([p for p in found.values() if p.kind == "foreign_media"])
    return found


def _document() -> Any:
    from beacon.portal.demo_files import pdf

    Document = get_document_model()
    document = Document.objects.filter(title="demo-hanoi-toulouse-mou").first()
    if document is None:
        data = pdf(["Hanoi - Toulouse", "Memorandum of understanding", "Demo document - Beacon"])
        document = Document(title="demo-hanoi-toulouse-mou")
        document.file.save("demo-hanoi-toulouse-mou.pdf", ContentFile(data), save=False)
        document.save()
    return document


def _events() -> list[OutreachEvent]:
    index = EventIndexPage.objects.filter(locale=Locale.get_default()).first()
    if index is None:
        return []
    zone = timezone.get_current_timezone()
    events = []
    for slug, title, kind, in_days, hours, venue, capacity, code, present in EVENTS:
        page = EventPage.objects.filter(slug=slug, locale=index.locale).first()
        if page is None:
            day = timezone.localdate() + datetime.timedelta(days=in_days)
            start = datetime.datetime.combine(day, datetime.time(9), tzinfo=zone)
            page = EventPage(
                title=title, slug=slug, start=start, end=start + datetime.timedelta(hours=hours),
                venue=venue, summary=SUMMARIES[slug], agency=_agency(code),
            )  # fmt: skip
            index.add_child(instance=page)
            page.save_revision().publish()
        event = OutreachEvent.objects.filter(page=page).first()
        if event is None:
            event = OutreachEvent(
                page=page, kind=kind, capacity=capacity, organiser=_agency(code),
                languages=["vi", "en", "fr"],
                map_url="https://www.openstreetmap.org/search?query=" + venue.replace(" ", "+"),
                registration_open=in_days > 0,
            )  # fmt: skip
            actions.do_save_event(event, acting_user=None)
            event.cooperating.add(_agency("SO-VHTT"))
            _registrations(event, in_days, present)
        events.append(event)
    return events


def _registrations(event: OutreachEvent, in_days: int, present: int) -> None:
    """Registrations as people make them; past events have their attendance recorded."""
    count = 12 if in_days < 0 else min(event.capacity + 2, 8)
    for number, (name, _country) in enumerate(REGISTRANTS[:count]):
        email = _email(f"{name} {event.pk}")
        registration = Registration.objects.create(
            event=event, name=name, email=email, language="en",
            status=RegistrationStatus.PENDING,
        )  # fmt: skip
        actions.do_confirm_registration(registration)
        if number < present:
            Registration.objects.filter(pk=registration.pk).update(
                checked_in_at=event.page.start + datetime.timedelta(minutes=5 + number)
            )


def _press() -> None:
    User = get_user_model()
    officer = User._default_manager.filter(username="lan").first()
    specs = [
        ("NHK World", "Yamada Hanako", "JP", "Hanoi's metro lines and daily commuting", False),
        ("Le Monde", "Paul Girard", "FR", "La restauration du quartier français de Hanoï", True),
    ]
    for outlet, name, country, topic, answered in specs:
        if PressRequest.objects.filter(outlet=outlet).exists():
            continue
        start = timezone.localdate() + datetime.timedelta(days=20)
        email = _email(name)
        request = actions.do_submit_press_request(
            PressRequest(
                agency=_agency(LEAD), name=name, email=email,
                outlet=outlet, country=country, topic=topic, starts_on=start,
                ends_on=start + datetime.timedelta(days=4), places="Hoàn Kiếm, Ba Đình",
                interviews="A city official in charge of the subject", language="en",
            )
        )  # fmt: skip
        if answered and officer is not None:
            actions.do_draft_press_answer(
                request, answer="Welcome. Our press centre arranges the visits and one interview.",
                approved=True, acting_user=officer,
            )  # fmt: skip
            actions.do_review_press_answer(request, accept=True, acting_user=officer)


def _stories() -> None:
    colours = [(38, 110, 160), (190, 120, 40), (60, 140, 90)]
    for (title, language, code, place, author, body), colour in zip(STORIES, colours, strict=True):
        if CommunityStory.objects.filter(title=title).exists():
            continue
        story = CommunityStory(
            agency=_agency(code), title=title, body=body, place=place, language=language,
            author_name=author, email=_email(author),
            licence="cc-by-4.0",
        )  # fmt: skip
        actions.do_submit_story(story, [(_photo(colour), f"{place}: {title}")])
        actions.do_confirm_story(story)
        actions.do_moderate_story(story, publish=True, acting_user=None)


@transaction.atomic
def load_outreach_demo() -> None:
    _partners()
    _events()
    _press()
    _stories()
