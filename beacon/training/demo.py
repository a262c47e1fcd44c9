"""The demo city's 2025 training programme, loaded through the same actions the admin uses.

Running it twice changes nothing: competencies, courses and officers are matched by code or
name, and a session that exists is left as it is (with its nominations and results). Agencies
missing from the database are skipped, so the loader works on any subset of the demo city.

Past sessions are loaded the way they happened: scheduled ahead, nominated, then held on their
2025 dates, with attendance, scores and certificates recorded afterwards.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from unicodedata import normalize

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from beacon.core.models import Agency
from beacon.training import actions
from beacon.training.models import Competency, Course, Enrolment, Officer, Session

COMPETENCIES = [
    ("press", "Quan hệ báo chí nước ngoài"),
    ("crisis", "Xử lý khủng hoảng truyền thông"),
    ("social", "Thông tin đối ngoại trên mạng xã hội"),
    ("rebuttal", "Phản bác thông tin sai lệch"),
    ("languages", "Giao tiếp đối ngoại bằng ngoại ngữ"),
]

COURSES: list[dict[str, Any]] = [
    {
        "code": "nghiep-vu-co-ban",
        "title": "Bồi dưỡng nghiệp vụ thông tin đối ngoại cơ bản",
        "summary": "Kiến thức nền tảng về công tác thông tin đối ngoại của thành phố.",
        "topics": "Chủ trương, chính sách về thông tin đối ngoại\nQuy chế phát ngôn\n"
        "Kế hoạch thông tin đối ngoại năm",
        "level": "basic",
        "duration_days": 3,
        "hours": 24,
        "validity_months": 36,
        "competencies": ["press", "languages"],
    },
    {
        "code": "bao-chi-nuoc-ngoai",
        "title": "Kỹ năng làm việc với báo chí nước ngoài",
        "summary": "Trả lời phỏng vấn, họp báo, chuẩn bị thông cáo cho phóng viên nước ngoài.",
        "topics": "Họp báo quốc tế\nTrả lời phỏng vấn\nThông cáo báo chí song ngữ",
        "level": "intermediate",
        "duration_days": 2,
        "hours": 16,
        "validity_months": 24,
        "competencies": ["press"],
    },
    {
        "code": "khung-hoang",
        "title": "Xử lý khủng hoảng truyền thông và phản bác thông tin sai lệch",
        "summary": "Phát hiện, đánh giá và phản hồi thông tin sai lệch về thành phố.",
        "topics": "Nhận diện thông tin sai lệch\nKiểm chứng\nSoạn thảo đính chính",
        "level": "advanced",
        "duration_days": 2,
        "hours": 16,
        "validity_months": 24,
        "competencies": ["crisis", "rebuttal"],
    },
    {
        "code": "mang-xa-hoi",
        "title": "Thông tin đối ngoại trên mạng xã hội",
        "summary": "Quảng bá hình ảnh thành phố trên các nền tảng số bằng nhiều ngôn ngữ.",
        "topics": "Nội dung đa ngôn ngữ\nLịch đăng bài\nĐo lường hiệu quả",
        "level": "basic",
        "duration_days": 1,
        "hours": 8,
        "validity_months": 12,
        "competencies": ["social"],
    },
]

# Agency code → officers (full name, function, languages).
OFFICERS: dict[str, list[tuple[str, str, list[str]]]] = {
    "SO-TTTT": [
        ("Nguyễn Thu Hà", "Trưởng phòng Thông tin đối ngoại", ["vi", "en", "fr"]),
        ("Đặng Quang Huy", "Chuyên viên", ["vi", "en"]),
        ("Lý Minh Châu", "Chuyên viên", ["vi", "zh"]),
    ],
    "SO-NGOAIVU": [
        ("Phan Thị Lan Anh", "Người phát ngôn", ["vi", "en", "fr"]),
        ("Trịnh Văn Khôi", "Chuyên viên báo chí", ["vi", "en", "ko"]),
        ("Hà Thị Ngọc", "Chuyên viên", ["vi", "ja"]),
    ],
    "SO-NOIVU": [("Bùi Văn Tâm", "Chuyên viên", ["vi"])],
    "SO-VHTT": [
        ("Ngô Thị Hằng", "Chuyên viên truyền thông", ["vi", "en"]),
        ("Vương Đức Thành", "Chuyên viên", ["vi"]),
    ],
    "SO-DULICH": [
        ("Đoàn Thị Mai", "Chuyên viên xúc tiến", ["vi", "en", "ko"]),
        ("Tạ Quốc Việt", "Chuyên viên", ["vi", "zh"]),
    ],
    "Q-HOANKIEM": [
        ("Trần Văn Minh", "Cán bộ thông tin đối ngoại", ["vi", "en"]),
        ("Lê Thị Thu", "Cán bộ văn hóa", ["vi", "fr"]),
        ("Phạm Đức Long", "Cán bộ", ["vi"]),
    ],
    "P-HK-HANGBAC": [("Nguyễn Thị Bích", "Cán bộ văn hóa phường", ["vi", "en"])],
    "Q-TAYHO": [
        ("Lê Quốc Hùng", "Cán bộ thông tin đối ngoại", ["vi", "en"]),
        ("Đỗ Thị Yến", "Cán bộ", ["vi"]),
    ],
    "Q-BADINH": [("Hoàng Văn Sơn", "Cán bộ", ["vi", "ru"])],
    "H-BAVI": [
        ("Kiều Văn Bình", "Cán bộ văn hóa huyện", ["vi"]),
        ("Đinh Thị Hoa", "Cán bộ", ["vi", "en"]),
    ],
    "CK-NOIBAI": [
        ("Mai Anh Tuấn", "Cán bộ thông tin cửa khẩu", ["vi", "en", "zh"]),
        ("Lưu Thị Thanh", "Cán bộ", ["vi", "en", "ko"]),
    ],
}


@dataclass
class Held:
    """What happened at a past session: who was there on how many days, and their score."""

    starts_on: datetime.date
    ends_on: datetime.date
    # Officer name → (days present, score); absent names were nominated but did not come.
    results: dict[str, tuple[int, str]] = field(default_factory=dict)
    revoked: dict[str, str] = field(default_factory=dict)


@dataclass
class PlannedSession:
    code: str
    course: str
    place: str
    capacity: int
    nominees: list[tuple[str, str]]
    targets: list[str] = field(default_factory=list)
    held: Held | None = None
    # For sessions still to come: days from the day the demo is loaded.
    days_ahead: int = 0


SESSIONS = [
    PlannedSession(
        "nvcb-1",
        "nghiep-vu-co-ban",
        "Hội trường Sở TT&TT, 185 Giảng Võ",
        12,
        [
            ("SO-TTTT", "Đặng Quang Huy"),
            ("SO-TTTT", "Lý Minh Châu"),
            ("SO-NOIVU", "Bùi Văn Tâm"),
            ("Q-HOANKIEM", "Trần Văn Minh"),
            ("Q-HOANKIEM", "Phạm Đức Long"),
            ("Q-TAYHO", "Lê Quốc Hùng"),
            ("H-BAVI", "Kiều Văn Bình"),
            ("CK-NOIBAI", "Mai Anh Tuấn"),
        ],
        held=Held(
            datetime.date(2025, 3, 11),
            datetime.date(2025, 3, 13),
            {
                "Đặng Quang Huy": (3, "86"),
                "Lý Minh Châu": (3, "78"),
                "Bùi Văn Tâm": (3, "91"),
                "Trần Văn Minh": (3, "82"),
                "Phạm Đức Long": (2, "64"),
                "Lê Quốc Hùng": (3, "73"),
                "Kiều Văn Bình": (1, "55"),
                "Mai Anh Tuấn": (3, "88"),
            },
        ),
    ),
    PlannedSession(
        "bcnn-1",
        "bao-chi-nuoc-ngoai",
        "Sở Ngoại vụ, 10 Lê Lai",
        8,
        [
            ("SO-NGOAIVU", "Phan Thị Lan Anh"),
            ("SO-NGOAIVU", "Trịnh Văn Khôi"),
            ("SO-DULICH", "Đoàn Thị Mai"),
            ("SO-VHTT", "Ngô Thị Hằng"),
            ("Q-HOANKIEM", "Lê Thị Thu"),
            ("CK-NOIBAI", "Lưu Thị Thanh"),
        ],
        held=Held(
            datetime.date(2025, 5, 20),
            datetime.date(2025, 5, 21),
            {
                "Phan Thị Lan Anh": (2, "93"),
                "Trịnh Văn Khôi": (2, "81"),
                "Đoàn Thị Mai": (2, "76"),
                "Ngô Thị Hằng": (2, "45"),
                "Lê Thị Thu": (2, "88"),
                "Lưu Thị Thanh": (2, "70"),
            },
            revoked={
                "Trịnh Văn Khôi": "Cấp nhầm: học viên chưa hoàn thành bài kiểm tra cuối khóa."
            },
        ),
    ),
    PlannedSession(
        "mxh-1",
        "mang-xa-hoi",
        "Trung tâm Báo chí Hà Nội",
        10,
        [
            ("Q-HOANKIEM", "Trần Văn Minh"),
            ("P-HK-HANGBAC", "Nguyễn Thị Bích"),
            ("Q-TAYHO", "Đỗ Thị Yến"),
            ("SO-DULICH", "Tạ Quốc Việt"),
        ],
        targets=["Q-HOANKIEM", "Q-TAYHO", "Q-BADINH", "SO-DULICH"],
        held=Held(
            datetime.date(2025, 8, 14),
            datetime.date(2025, 8, 14),
            {
                "Trần Văn Minh": (1, "90"),
                "Nguyễn Thị Bích": (1, "84"),
                "Đỗ Thị Yến": (1, "67"),
                "Tạ Quốc Việt": (1, "72"),
            },
        ),
    ),
    PlannedSession(
        "kh-1",
        "khung-hoang",
        "Hội trường Sở TT&TT, 185 Giảng Võ",
        4,
        [
            ("SO-TTTT", "Nguyễn Thu Hà"),
            ("SO-NGOAIVU", "Hà Thị Ngọc"),
            ("SO-VHTT", "Vương Đức Thành"),
            ("CK-NOIBAI", "Mai Anh Tuấn"),
            ("Q-BADINH", "Hoàng Văn Sơn"),
        ],
        held=Held(
            datetime.date(2025, 10, 22),
            datetime.date(2025, 10, 23),
            {
                "Nguyễn Thu Hà": (2, "95"),
                "Hà Thị Ngọc": (2, "79"),
                "Vương Đức Thành": (2, "58"),
                "Mai Anh Tuấn": (2, "83"),
            },
        ),
    ),
    PlannedSession(
        "mxh-2",
        "mang-xa-hoi",
        "Trực tuyến",
        10,
        [
            ("SO-TTTT", "Đặng Quang Huy"),
            ("SO-NGOAIVU", "Phan Thị Lan Anh"),
            ("CK-NOIBAI", "Lưu Thị Thanh"),
        ],
        held=Held(
            datetime.date(2025, 12, 4),
            datetime.date(2025, 12, 4),
            {
                "Đặng Quang Huy": (1, "77"),
                "Phan Thị Lan Anh": (1, "92"),
                "Lưu Thị Thanh": (1, "69"),
            },
        ),
    ),
    PlannedSession(
        "next-bcnn",
        "bao-chi-nuoc-ngoai",
        "Sở Ngoại vụ, 10 Lê Lai",
        3,
        [
            ("Q-HOANKIEM", "Phạm Đức Long"),
            ("Q-TAYHO", "Lê Quốc Hùng"),
            ("H-BAVI", "Đinh Thị Hoa"),
            ("SO-VHTT", "Ngô Thị Hằng"),
        ],
        days_ahead=12,
    ),
    PlannedSession(
        "next-kh",
        "khung-hoang",
        "Hội trường Sở TT&TT, 185 Giảng Võ",
        20,
        [("SO-DULICH", "Đoàn Thị Mai"), ("Q-HOANKIEM", "Lê Thị Thu")],
        days_ahead=45,
    ),
]


def _email(name: str, code: str) -> str:
    plain = normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    local = ".".join(part.lower() for part in plain.encode("ascii", "ignore").decode().split())
    return f"{local}@{code.lower()}.demo.beacon.invalid"


def _catalogue() -> dict[str, Course]:
    competencies = {}
    for code, name in COMPETENCIES:
        competency = Competency.objects.filter(code=code).first()
        if competency is None:
            competency = actions.do_save_competency(
                Competency(code=code, name=name), acting_user=None
            )
        competencies[code] = competency
    courses = {}
    for row in COURSES:
        course = Course.objects.filter(code=row["code"]).first()
        if course is None:
            fields = {key: value for key, value in row.items() if key != "competencies"}
            course = actions.do_save_course(
                Course(**fields, languages=["vi", "en"]),
                competencies=[competencies[code] for code in row["competencies"]],
                acting_user=None,
            )
        courses[row["code"]] = course
    return courses


def _officers(agencies: dict[str, Agency]) -> dict[tuple[str, str], Officer]:
    officers = {}
    for code, people in OFFICERS.items():
        agency = agencies.get(code)
        if agency is None:
            continue
        for name, function, languages in people:
            officer = Officer.objects.filter(agency=agency, full_name=name).first()
            if officer is None:
                officer = actions.do_save_officer(
                    Officer(
                        agency=agency,
                        full_name=name,
                        email=_email(name, code),
                        function=function,
                        languages=languages,
                    ),
                    competencies=[],
                    acting_user=None,
                )
            officers[(code, name)] = officer
    return officers


def _in_the_last_year(held: Held, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The held dates moved to the most recent year in which they lie in the past.

    The programme is written with 2025 dates; loaded in a later year it keeps its months and
    days but happens in the year the plan's demo covers (the current one) when it can, so that
    the plan's training activity counts these sessions.
    """
    year = today.year if held.ends_on.replace(year=today.year) < today else today.year - 1
    shift = year - held.ends_on.year
    return held.starts_on.replace(year=held.starts_on.year + shift), held.ends_on.replace(year=year)


def _hold(session: Session, held: Held, officers: dict[str, Officer], today: datetime.date) -> None:
    """Move the session to its real dates, then record attendance, scores and certificates."""
    session.starts_on, session.ends_on = _in_the_last_year(held, today)
    actions.do_save_session(
        session,
        trainers=list(session.trainers.all()),
        target_agencies=list(session.target_agencies.all()),
        acting_user=None,
    )
    for index, day in enumerate(session.days()):
        present = [
            officers[name].pk
            for name, (days, _score) in held.results.items()
            if name in officers and index < days
        ]
        actions.do_record_attendance(session, day, present, acting_user=None)
    for name, (_days, score) in held.results.items():
        if name not in officers:
            continue
        enrolment = Enrolment.objects.get(session=session, officer=officers[name])
        if enrolment.status != "enrolled":
            continue
        actions.do_record_result(enrolment, Decimal(score), acting_user=None, today=today)
        if enrolment.passed:
            certificate = actions.do_issue_certificate(
                enrolment,
                acting_user=None,
                issued_on=min(session.ends_on + datetime.timedelta(days=7), today),
            )
            if name in held.revoked:
                actions.do_revoke_certificate(
                    certificate, held.revoked[name], acting_user=None, today=today
                )


@transaction.atomic
def load_training_demo(today: datetime.date | None = None) -> dict[str, int]:
    """Load the programme; returns how many sessions, officers and certificates now exist.

    ``today`` (default: the real date) places held sessions in the past year and the others
    ahead, as the plan's demo does, so the two tell the same year.
    """
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    courses = _catalogue()
    officers = _officers(agencies)
    trainers = list(
        get_user_model()._default_manager.filter(memberships__role="trainer").distinct()
    )
    today = today or timezone.localdate()
    for planned in SESSIONS:
        if Session.objects.filter(code=planned.code).exists():
            continue
        course = courses[planned.course]
        start = today + datetime.timedelta(days=planned.days_ahead or 1)
        session = actions.do_save_session(
            Session(
                course=course,
                code=planned.code,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=course.duration_days - 1),
                place=planned.place,
                online_url="https://meet.demo.beacon.invalid/" + planned.code
                if planned.place == "Trực tuyến"
                else "",
                capacity=planned.capacity,
            ),
            trainers=trainers,
            target_agencies=[agencies[code] for code in planned.targets if code in agencies],
            acting_user=None,
        )
        nominated = {}
        for code, name in planned.nominees:
            officer = officers.get((code, name))
            if officer is not None:
                actions.do_nominate_officer(session, officer, acting_user=None, today=today)
                nominated[name] = officer
        if planned.held is not None:
            _hold(session, planned.held, nominated, today)
    return {
        "sessions": Session.objects.count(),
        "officers": Officer.objects.count(),
        "certificates": Enrolment.objects.filter(certificate__isnull=False).count(),
    }
