"""The demo fact base of Hanoi: verified facts (vi, with en and fr) and two fact checks.

Figures are invented for the demo, like the demo press; their sources are named as the real
offices that would publish them.
"""

from __future__ import annotations

from typing import Any

FACTS: list[dict[str, Any]] = [
    {
        "agency": "SO-GTVT",
        "topic": "transport",
        "vi": "Tuyến metro số 3 Nhổn – ga Hà Nội chở trung bình 32.000 lượt hành khách mỗi ngày "
        "trong tháng 10 năm 2025.",
        "en": "Hanoi metro line 3 (Nhon – Hanoi station) carried an average of 32,000 passengers "
        "a day in October 2025.",
        "fr": "La ligne 3 du métro de Hanoï (Nhổn – gare de Hanoï) a transporté en moyenne 32 000 "
        "passagers par jour en octobre 2025.",
        "statistic": ("Lượt khách bình quân ngày, tuyến số 3", "32000", "lượt/ngày",
                      "Sở Giao thông vận tải Hà Nội", "2025-10-31"),
        "link": ("Báo cáo vận hành đường sắt đô thị tháng 10/2025",
                 "https://sogtvt.hanoi.demo.beacon.invalid/bao-cao/metro-2025-10"),
    },
    {
        "agency": "SO-GTVT",
        "topic": "transport",
        "vi": "Tuyến metro số 3 chạy với tần suất 6 phút một chuyến vào giờ cao điểm.",
        "en": "Metro line 3 runs a train every 6 minutes at peak hours.",
        "fr": "La ligne 3 du métro circule toutes les 6 minutes aux heures de pointe.",
        "statistic": ("Giãn cách chạy tàu giờ cao điểm", "6", "phút",
                      "Công ty Đường sắt Hà Nội", "2025-10-31"),
        "link": None,
    },
    {
        "agency": "SO-DULICH",
        "topic": "tourism",
        "vi": "Hà Nội đón 6,3 triệu lượt khách quốc tế trong năm 2024, tăng 39% so với năm 2023.",
        "en": "Hanoi welcomed 6.3 million international visitors in 2024, up 39% on 2023.",
        "fr": "Hanoï a accueilli 6,3 millions de visiteurs internationaux en 2024, soit 39 % de "
        "plus qu'en 2023.",
        "statistic": ("Khách quốc tế đến Hà Nội năm 2024", "6.3", "triệu lượt",
                      "Sở Du lịch Hà Nội", "2024-12-31"),
        "link": ("Báo cáo tổng kết ngành du lịch 2024",
                 "https://sodulich.hanoi.demo.beacon.invalid/tong-ket-2024"),
    },
    {
        "agency": "SO-TNMT",
        "topic": "environment",
        "vi": "Trận mưa lớn ngày 30 tháng 9 năm 2025 gây ngập 42 điểm trong nội thành Hà Nội; "
        "nước rút hết sau 36 giờ.",
        "en": "The heavy rain of 30 September 2025 flooded 42 places in inner Hanoi; the water "
        "had drained away after 36 hours.",
        "fr": "Les fortes pluies du 30 septembre 2025 ont inondé 42 points du centre de Hanoï ; "
        "l'eau s'était retirée au bout de 36 heures.",
        "statistic": ("Điểm ngập úng nội thành", "42", "điểm",
                      "Sở Tài nguyên và Môi trường Hà Nội", "2025-10-02"),
        "link": None,
    },
]  # fmt: skip

FACT_CHECKS: list[dict[str, Any]] = [
    {
        "slug": "metro-so-3-5000-khach",
        "facts": [0, 1],
        "verdict": "false",
        "outlet": "Le Quotidien (démo)",
        "url": "https://lequotidien.example/monde/asie/hanoi-metro-ligne-3.html",
        "date": "2025-11-02",
        "vi": {
            "title": "Metro số 3 chở chưa đến 5.000 khách mỗi ngày? Sai.",
            "summary": "Số liệu của Sở Giao thông vận tải: trung bình 32.000 lượt khách mỗi ngày.",
            "claim": "La ligne 3 du métro de Hanoï transporterait moins de 5 000 "
                "passagers par jour.",
            "explanation": ["Tuyến metro số 3 chở trung bình 32.000 lượt hành khách mỗi ngày "
                            "trong tháng 10 năm 2025, theo Sở Giao thông vận tải Hà Nội."],
        },
        "en": {
            "title": "Metro line 3 carries fewer than 5,000 passengers a day? False.",
            "summary": "Transport department figures: 32,000 passengers a day on average.",
            "claim": "Hanoi metro line 3 reportedly carries fewer than 5,000 passengers a day.",
            "explanation": ["Metro line 3 carried an average of 32,000 passengers a day in "
                            "October 2025, according to the Hanoi Department of Transport."],
        },
        "fr": {
            "title": "La ligne 3 transporte moins de 5 000 passagers par jour ? Faux.",
            "summary": "Chiffres du service des transports : 32 000 passagers par jour en moyenne.",
            "claim": "La ligne 3 du métro de Hanoï transporterait moins de 5 000 "
                "passagers par jour.",
            "explanation": ["La ligne 3 a transporté en moyenne 32 000 passagers par jour en "
                            "octobre 2025, selon le service des transports de Hanoï."],
        },
    },
    {
        "slug": "ngap-keo-dai-mot-tuan",
        "facts": [3],
        "verdict": "misleading",
        "outlet": "Asia Wire (demo)",
        "url": "https://asiawire.example/2025/09/hanoi-floods-record-rain.html",
        "date": "2025-09-30",
        "vi": {
            "title": "Nội thành Hà Nội ngập cả tuần? Gây hiểu lầm.",
            "summary": "Mưa lớn gây ngập 42 điểm, nước rút sau 36 giờ.",
            "claim": "Central Hanoi has been under water for a week after record rain.",
            "explanation": ["Trận mưa ngày 30 tháng 9 năm 2025 gây ngập 42 điểm; nước rút hết "
                            "sau 36 giờ, theo Sở Tài nguyên và Môi trường."],
        },
        "en": {
            "title": "Central Hanoi under water for a week? Misleading.",
            "summary": "The rain flooded 42 places; the water drained away within 36 hours.",
            "claim": "Central Hanoi has been under water for a week after record rain.",
            "explanation": ["The rain of 30 September 2025 flooded 42 places; the water had "
                            "drained away after 36 hours, according to the environment "
                            "department."],
        },
        "fr": {
            "title": "Le centre de Hanoï sous l'eau pendant une semaine ? Trompeur.",
            "summary": "Les pluies ont inondé 42 points ; l'eau s'est retirée en 36 heures.",
            "claim": "Le centre de Hanoï est sous l'eau depuis une semaine après "
                "des pluies record.",
            "explanation": ["Les pluies du 30 septembre 2025 ont inondé 42 points ; l'eau s'était "
                            "retirée au bout de 36 heures, selon le service de l'environnement."],
        },
    },
]  # fmt: skip
