"""The demo plan: the lines of work of Hanoi's yearly external-information plan, as activities.

``load_plans_demo()`` builds the plan through the same actions as the admin and the import, then
files and reviews reports as of the days they would have been written, so the dashboard shows a
plan in motion: reports accepted, some sent back, some waiting, some missing (late activities).

It is idempotent: a plan, programme or activity that already exists is left as it is (with
whatever a demo user changed), and reports are only filed for activities created in this run.
Activities whose agencies are missing from the directory are skipped.

The texts are those of the 2025 plan; the dates are placed in ``year`` (by default the current
year in the city's time zone) so that deadlines, reminders and late reports are live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from beacon.core.models import Agency
from beacon.core.roles import Role
from beacon.plans import actions
from beacon.plans.models import ONCE, Activity, Plan, Programme, ProgressReport, Target
from beacon.plans.plan_io import parse_targets

TITLE = "Kế hoạch thông tin đối ngoại của Thành phố Hà Nội"
LEGAL_BASIS = """Nghị định số 72/2015/NĐ-CP về quản lý hoạt động thông tin đối ngoại
Quyết định số 1191/QĐ-TTg phê duyệt Chiến lược phát triển thông tin đối ngoại giai đoạn 2021-2030
Chương trình công tác năm của Thành ủy, UBND Thành phố Hà Nội"""


@dataclass(frozen=True)
class DemoActivity:
    code: str
    title: str
    lead: str
    cooperating: tuple[str, ...]
    start: tuple[int, int]
    deadline: tuple[int, int]
    recurrence: str
    targets: str
    deliverables: str = ""
    budget: int | None = None
    # Sessions and trainees counted from the training records (the training demo's programme).
    counted_from_training: bool = False


P1 = "Triển khai văn bản quy phạm pháp luật về thông tin đối ngoại"
P2 = "Tổ chức bộ máy, đào tạo, bồi dưỡng cán bộ làm công tác thông tin đối ngoại"
P3 = "Hoạt động thông tin đối ngoại trên địa bàn Thành phố"
P4 = "Thông tin đối ngoại trên không gian mạng; đấu tranh, phản bác thông tin sai lệch"

A = DemoActivity
PROGRAMMES: dict[str, list[DemoActivity]] = {
    P1: [
        A(
            "1.1",
            "Ban hành Kế hoạch thông tin đối ngoại năm của Thành phố",
            "SO-TTTT",
            ("SO-NGOAIVU", "SO-TUPHAP"),
            (1, 2),
            (2, 28),
            "once",
            "1 documents",
            "Kế hoạch được UBND Thành phố ban hành",
            20,
        ),
        A(
            "1.2",
            "Rà soát, cập nhật Quy chế quản lý nhà nước về thông tin đối ngoại",
            "SO-TTTT",
            ("SO-TUPHAP", "SO-NOIVU"),
            (2, 1),
            (6, 30),
            "quarterly",
            "1 documents",
            "Dự thảo quy chế sửa đổi, báo cáo rà soát",
            40,
        ),
        A(
            "1.3",
            "Phổ biến văn bản về thông tin đối ngoại tới các quận, huyện, thị xã",
            "SO-TTTT",
            ("Q-HOANKIEM", "Q-TAYHO", "H-BAVI"),
            (3, 1),
            (9, 30),
            "quarterly",
            "4 events; 300 people",
            "Hội nghị phổ biến, tài liệu hướng dẫn",
            60,
        ),
        A(
            "1.4",
            "Hướng dẫn phát ngôn và cung cấp thông tin cho báo chí nước ngoài",
            "SO-NGOAIVU",
            ("SO-TTTT",),
            (2, 15),
            (5, 31),
            "once",
            "1 documents; 1 events",
            "Sổ tay phát ngôn song ngữ",
        ),
        A(
            "1.5",
            "Xây dựng bộ tài liệu cơ bản giới thiệu về Hà Nội bằng 6 ngoại ngữ",
            "SO-TTTT",
            ("SO-NGOAIVU", "SO-DULICH", "SO-VHTT"),
            (3, 1),
            (11, 30),
            "quarterly",
            "6 languages; 6 publications",
            "Tài liệu in và bản điện tử",
            350,
        ),
        A(
            "1.6",
            "Kiểm tra việc thực hiện công tác thông tin đối ngoại tại các sở, ngành",
            "SO-TTTT",
            ("SO-NOIVU",),
            (8, 1),
            (11, 30),
            "once",
            "8 reports",
            "Biên bản kiểm tra, báo cáo tổng hợp",
        ),
    ],
    P2: [
        A(
            "2.1",
            "Tập huấn kỹ năng trả lời phỏng vấn báo chí nước ngoài",
            "SO-NOIVU",
            ("SO-TTTT", "SO-NGOAIVU"),
            (3, 1),
            (6, 30),
            "once",
            "2 sessions; 60 people",
            "Tài liệu tập huấn, danh sách học viên",
            120,
        ),
        A(
            "2.2",
            "Bồi dưỡng nghiệp vụ thông tin đối ngoại cho cán bộ cấp quận, huyện",
            "SO-TTTT",
            ("SO-NOIVU", "Q-HOANKIEM", "Q-TAYHO", "Q-LONGBIEN"),
            (3, 1),
            (10, 31),
            "quarterly",
            "4 sessions; 10 trainees",
            "Chương trình bồi dưỡng",
            180,
            counted_from_training=True,
        ),
        A(
            "2.3",
            "Kiện toàn đội ngũ người phát ngôn của các cơ quan Thành phố",
            "SO-NOIVU",
            ("SO-TTTT",),
            (1, 15),
            (4, 30),
            "once",
            "1 documents",
            "Danh sách người phát ngôn",
        ),
        A(
            "2.4",
            "Tập huấn thông tin đối ngoại cho lực lượng tại cửa khẩu Nội Bài",
            "CK-NOIBAI",
            ("CK-NOIBAI-BP", "SO-TTTT"),
            (5, 1),
            (8, 31),
            "once",
            "2 sessions; 80 people",
            "Tài liệu ứng xử với khách quốc tế",
            60,
        ),
        A(
            "2.5",
            "Bồi dưỡng ngoại ngữ cho cán bộ làm công tác đối ngoại",
            "SO-NGOAIVU",
            ("SO-NOIVU",),
            (2, 1),
            (12, 15),
            "quarterly",
            "3 sessions; 45 people",
            "",
            150,
        ),
        A(
            "2.6",
            "Đào tạo kỹ năng truyền thông số cho phóng viên, biên tập viên",
            "DAI-PTTH",
            ("SO-TTTT", "BAO-HANOIMOI"),
            (6, 1),
            (9, 30),
            "once",
            "2 sessions; 50 people",
            "",
            90,
        ),
    ],
    P3: [
        A(
            "3.1",
            "Quảng bá hình ảnh Hà Nội trên Cổng thông tin điện tử đối ngoại quốc gia",
            "SO-TTTT",
            ("CUC-TTDN", "SO-NGOAIVU", "SO-DULICH"),
            (1, 1),
            (12, 31),
            "monthly",
            "120 articles in 5 languages",
            "Tin bài, ảnh, video gửi Cổng TTĐN quốc gia",
            240,
        ),
        A(
            "3.2",
            "Vận hành hệ thống thông tin tại cửa khẩu quốc tế Nội Bài",
            "SO-TTTT",
            ("CK-NOIBAI", "CK-NOIBAI-T1", "CK-NOIBAI-T2"),
            (1, 1),
            (12, 31),
            "monthly",
            "12 screens; 4 languages",
            "Màn hình thông tin tại nhà ga T1, T2",
            500,
        ),
        A(
            "3.3",
            "Cập nhật nội dung màn hình thông tin tại nhà ga T2 theo sự kiện",
            "CK-NOIBAI-T2",
            ("SO-TTTT", "SO-DULICH"),
            (1, 1),
            (12, 31),
            "quarterly",
            "24 videos",
            "Video giới thiệu sự kiện, lễ hội",
            120,
        ),
        A(
            "3.4",
            "Tổ chức đón đoàn phóng viên nước ngoài tìm hiểu về Thủ đô",
            "SO-NGOAIVU",
            ("SO-TTTT", "SO-DULICH", "Q-HOANKIEM"),
            (3, 1),
            (11, 30),
            "quarterly",
            "4 visits",
            "Chương trình đón đoàn, tin bài của phóng viên",
            400,
        ),
        A(
            "3.5",
            "Quảng bá làng nghề truyền thống với du khách quốc tế",
            "Q-HOANKIEM",
            ("SO-DULICH", "SO-CONGTHUONG"),
            (1, 1),
            (12, 31),
            "monthly",
            "36 articles; 4 visits",
            "Tin bài, ảnh, đón đoàn báo chí",
            80,
        ),
        A(
            "3.6",
            "Giới thiệu không gian đi bộ hồ Hoàn Kiếm và phố cổ bằng nhiều thứ tiếng",
            "Q-HOANKIEM",
            ("SO-VHTT", "SO-DULICH"),
            (2, 1),
            (11, 30),
            "quarterly",
            "4 events; 8 videos",
            "",
            150,
        ),
        A(
            "3.7",
            "Quảng bá Hồ Tây và các di tích ven hồ tới cộng đồng người nước ngoài",
            "Q-TAYHO",
            ("SO-VHTT", "SO-DULICH"),
            (2, 1),
            (11, 30),
            "quarterly",
            "12 articles; 2 events",
            "",
            70,
        ),
        A(
            "3.8",
            "Giới thiệu Ba Vì, xứ Đoài với du khách quốc tế",
            "H-BAVI",
            ("SO-DULICH",),
            (3, 1),
            (10, 31),
            "quarterly",
            "8 articles; 1 visits",
            "",
            50,
        ),
        A(
            "3.9",
            "Thông tin về môi trường đầu tư của Thành phố bằng tiếng Anh, Nhật, Hàn",
            "HPA",
            ("SO-KHDT", "SO-TTTT"),
            (1, 15),
            (12, 15),
            "quarterly",
            "12 publications; 3 languages",
            "Ấn phẩm xúc tiến đầu tư",
            300,
        ),
        A(
            "3.10",
            "Tổ chức Lễ hội văn hóa Hà Nội cho cộng đồng người nước ngoài",
            "SO-VHTT",
            ("SO-NGOAIVU", "SO-DULICH", "Q-HOANKIEM"),
            (8, 1),
            (10, 31),
            "once",
            "1 events; 5000 people",
            "Lễ hội, tin bài, ảnh",
            900,
        ),
        A(
            "3.11",
            "Sản xuất chuyên mục 'Hà Nội - Điểm hẹn' trên kênh đối ngoại",
            "DAI-PTTH",
            ("SO-TTTT", "VTV4"),
            (1, 1),
            (12, 31),
            "monthly",
            "48 videos in 3 languages",
            "Chuyên mục truyền hình đối ngoại",
            600,
        ),
        A(
            "3.12",
            "Phối hợp với cơ quan thông tấn đưa tin về Hà Nội ra nước ngoài",
            "SO-TTTT",
            ("TTXVN", "VOV", "VTV4"),
            (1, 1),
            (12, 31),
            "quarterly",
            "80 articles",
            "",
            200,
        ),
    ],
    P4: [
        A(
            "4.1",
            "Theo dõi thông tin về Hà Nội trên báo chí và mạng xã hội nước ngoài",
            "SO-TTTT",
            ("CA-HANOI", "SO-NGOAIVU"),
            (1, 1),
            (12, 31),
            "monthly",
            "12 reports",
            "Bản tin tổng hợp hằng tháng",
            180,
        ),
        A(
            "4.2",
            "Đấu tranh, phản bác thông tin sai lệch về Thủ đô",
            "SO-TTTT",
            ("CA-HANOI", "SO-NGOAIVU", "BAO-HANOIMOI"),
            (1, 1),
            (12, 31),
            "quarterly",
            "40 articles",
            "Bài viết phản bác, đính chính có dẫn nguồn",
            150,
        ),
        A(
            "4.3",
            "Phát triển trang mạng xã hội đối ngoại của Thành phố",
            "SO-TTTT",
            ("SO-DULICH", "SO-VHTT"),
            (1, 1),
            (12, 31),
            "monthly",
            "360 posts in 3 languages",
            "Bài đăng, video ngắn",
            240,
        ),
        A(
            "4.4",
            "Cung cấp thông tin chính thống khi có sự cố, thiên tai",
            "SO-TTTT",
            ("SO-TNMT", "SO-YTE", "CA-HANOI"),
            (1, 1),
            (12, 31),
            "quarterly",
            "4 reports",
            "Quy trình cung cấp thông tin khẩn cấp",
            60,
        ),
        A(
            "4.5",
            "Xây dựng cơ sở dữ liệu thông tin đã kiểm chứng về Thủ đô",
            "SO-TTTT",
            ("SO-KHCN", "SO-KHDT", "SO-GTVT"),
            (3, 1),
            (12, 15),
            "quarterly",
            "200 documents",
            "Cơ sở dữ liệu dữ kiện có nguồn",
            450,
        ),
        A(
            "4.6",
            "Tuyên truyền về chuyển đổi số, đô thị thông minh bằng tiếng Anh",
            "SO-KHCN",
            ("SO-TTTT",),
            (4, 1),
            (12, 15),
            "quarterly",
            "16 articles; 4 videos",
            "",
            100,
        ),
        A(
            "4.7",
            "Giới thiệu thành tựu giao thông công cộng, đường sắt đô thị",
            "SO-GTVT",
            ("SO-TTTT", "BAO-HANOIMOI"),
            (3, 1),
            (11, 30),
            "quarterly",
            "12 articles",
            "",
            60,
        ),
        A(
            "4.8",
            "Hướng dẫn cán bộ nhận diện và xử lý tin giả về Thủ đô",
            "CA-HANOI",
            ("SO-TTTT", "Q-HOANKIEM", "Q-TAYHO"),
            (5, 1),
            (9, 30),
            "once",
            "3 sessions; 120 people",
            "Tài liệu nhận diện tin giả",
            75,
        ),
    ],
}
del A

RETURN_COMMENTS = [
    "Bổ sung ảnh minh chứng và đường dẫn bài đã đăng.",
    "Số liệu chưa khớp với mục tiêu; đề nghị rà soát lại.",
    "Nêu rõ khó khăn và đề xuất cụ thể.",
]
PROBLEMS = [
    "",
    "Thiếu hướng dẫn viên nói tiếng Anh.",
    "Kinh phí được cấp chậm.",
    "",
    "Khó liên hệ với phóng viên nước ngoài.",
]


def _people() -> tuple[dict[int, AbstractBaseUser], AbstractBaseUser | None]:
    """An officer per agency (to file its reports) and a coordinator (to review them)."""
    officers: dict[int, AbstractBaseUser] = {}
    coordinator = None
    users = get_user_model()._default_manager.filter(memberships__isnull=False).distinct()
    for user in users.prefetch_related("memberships"):
        for membership in user.memberships.all():  # type: ignore[attr-defined]
            if membership.role == Role.OFFICER:
                officers.setdefault(membership.agency_id, user)
            elif membership.role == Role.COORDINATOR and coordinator is None:
                coordinator = user
    return officers, coordinator


def _activity(
    programme: Programme, spec: DemoActivity, agencies: dict[str, Agency], year: int
) -> Activity:
    activity = Activity(
        programme=programme,
        code=spec.code,
        title=spec.title,
        lead_agency=agencies[spec.lead],
        start=date(year, *spec.start),
        deadline=date(year, *spec.deadline),
        recurrence=spec.recurrence,
        deliverables=spec.deliverables,
        budget=Decimal(spec.budget) if spec.budget is not None else None,
        budget_source="Ngân sách Thành phố" if spec.budget else "",
        counted_from_training=spec.counted_from_training,
    )
    activity.cooperating_agencies = [agencies[c] for c in spec.cooperating if c in agencies]  # type: ignore[assignment]
    activity.targets = [  # type: ignore[assignment]
        Target(quantity=quantity, unit=unit, description=details)
        for quantity, unit, details in parse_targets(spec.targets)
    ]
    return actions.do_save_activity(activity, acting_user=None)


def _slice(total: Decimal, number: int, count: int) -> Decimal:
    """The whole part of ``total`` that falls in period ``number`` of ``count``, spread evenly."""
    return Decimal(round(total * (number + 1) / count) - round(total * number / count))


def _file_history(
    activity: Activity,
    index: int,
    today: date,
    officers: dict[int, AbstractBaseUser],
    coordinator: AbstractBaseUser | None,
) -> int:
    """File the reports an office would have by now; the index picks each activity's story.

    Every fourth activity has its lead's latest report still waiting; every fifth had one sent
    back; every seventh lacks the lead's latest due report (so it is late).
    """
    every = list(activity.periods.all())
    periods = [p for p in every if p.end < today]
    if not periods:
        return 0
    # Targets counted from training records are not reported: the reports carry the others.
    targets = [t for t in activity.targets.all() if not activity.is_counted(t)]
    agencies = [activity.lead_agency, *activity.cooperating_agencies.all()]
    filed = 0
    for number, period in enumerate(periods):
        latest = number == len(periods) - 1
        for position, agency in enumerate(agencies[:3]):
            is_lead = position == 0
            if latest and is_lead and index % 7 == 3 and period.due < today:
                continue
            if not is_lead and (index + number + position) % 3 == 0:
                continue
            on = min(today, period.end + timedelta(days=1 + (index + position) % 4))
            share = Decimal("0.15") if not is_lead else Decimal(1 if len(every) == 1 else "0.8")
            figures = {
                t.pk: (_slice(t.quantity * share, number, len(every)), t.unit) for t in targets
            }
            when = f" trong kỳ {period.key}" if period.key != ONCE else ""
            report = actions.do_file_report(
                activity,
                period,
                agency,
                actions.ReportInput(
                    summary=f"{agency.display_name('vi')} đã triển khai "
                    f"{activity.title.lower()}{when} theo kế hoạch.",
                    problems=PROBLEMS[(index + number) % len(PROBLEMS)] if is_lead else "",
                    links="https://hanoi.gov.vn/" if is_lead and targets else "",
                    figures=figures,
                ),
                acting_user=officers.get(agency.pk) or coordinator,
                today=on,
            )
            filed += 1
            reviewed = min(today, on + timedelta(days=2))
            waiting = latest and is_lead and index % 4 == 2
            if waiting or reviewed >= today:
                continue
            send_back = latest and index % 5 == 1
            actions.do_review_report(
                report,
                accept=not send_back,
                comment=RETURN_COMMENTS[index % len(RETURN_COMMENTS)] if send_back else "",
                acting_user=coordinator,
                base_version=report.version,
                today=reviewed,
            )
    return filed


@transaction.atomic
def load_plans_demo(
    year: int | None = None,
    report: Callable[[str], None] = lambda _line: None,
    *,
    today: date | None = None,
) -> Plan:
    """Load the demo plan (idempotent); ``report`` receives a line saying what was done.

    ``today`` is the day the story is told as of (tests pin it; by default, today).
    """
    today = today or timezone.localdate()
    year = year or today.year
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    plan = Plan.objects.filter(year=year, title=TITLE).first()
    if plan is None:
        plan = actions.do_save_plan(
            Plan(year=year, title=TITLE, legal_basis=LEGAL_BASIS), acting_user=None
        )
    officers, coordinator = _people()
    created = skipped = filed = 0
    index = 0
    for position, (title, specs) in enumerate(PROGRAMMES.items(), start=1):
        programme = Programme.objects.filter(plan=plan, title=title).first()
        if programme is None:
            programme = actions.do_save_programme(
                Programme(plan=plan, title=title, position=position), acting_user=None
            )
        for spec in specs:
            index += 1
            if spec.lead not in agencies:
                skipped += 1
                continue
            if Activity.objects.filter(programme=programme, title=spec.title).exists():
                continue
            activity = _activity(programme, spec, agencies, year)
            created += 1
            filed += _file_history(activity, index, today, officers, coordinator)
    total = ProgressReport.objects.filter(activity__programme__plan=plan).count()
    report(
        f"Plan {year}: {created} activities created, {skipped} skipped (agency missing), "
        f"{filed} reports filed ({total} in the plan)"
    )
    return plan
