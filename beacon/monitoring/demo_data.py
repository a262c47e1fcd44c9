"""The demo monitor: sources (served from the package, see ``fetching``), groups, places, rules.

All outlets are invented; their feeds and pages are in ``demo/site/<host>/``.
"""

from __future__ import annotations

GROUPS = {
    "French press": "Newspapers and agencies in French.",
    "Asia-Pacific media": "Outlets in Asia and Oceania.",
    "English-language press": "Outlets writing in English.",
}

# (name, kind, url, country, languages, media kind, groups)
SOURCES: list[tuple[str, str, str, str, list[str], str, list[str]]] = [
    (
        "Asia Wire",
        "feed",
        "demo://asiawire.example/rss.xml",
        "SG",
        ["en"],
        "news_agency",
        ["Asia-Pacific media", "English-language press"],
    ),
    (
        "Global Post",
        "feed",
        "demo://globalpost.example/rss.xml",
        "US",
        ["en"],
        "newspaper",
        ["English-language press"],
    ),
    (
        "Daily Australian",
        "feed",
        "demo://dailyaus.example/rss.xml",
        "AU",
        ["en"],
        "newspaper",
        ["Asia-Pacific media", "English-language press"],
    ),
    (
        "UK Herald",
        "feed",
        "demo://ukherald.example/rss.xml",
        "GB",
        ["en"],
        "newspaper",
        ["English-language press"],
    ),
    (
        "Canada Times",
        "feed",
        "demo://canadatimes.example/rss.xml",
        "CA",
        ["en"],
        "newspaper",
        ["English-language press"],
    ),
    (
        "India Desk",
        "feed",
        "demo://indiadesk.example/rss.xml",
        "IN",
        ["en"],
        "broadcaster",
        ["Asia-Pacific media", "English-language press"],
    ),
    (
        "Manila Now",
        "feed",
        "demo://manilanow.example/rss.xml",
        "PH",
        ["en"],
        "broadcaster",
        ["Asia-Pacific media", "English-language press"],
    ),
    (
        "Le Quotidien de Lyon",
        "feed",
        "demo://lequotidien.example/rss.xml",
        "FR",
        ["fr"],
        "newspaper",
        ["French press"],
    ),
    (
        "Seoul Ilbo",
        "feed",
        "demo://seoulilbo.example/rss.xml",
        "KR",
        ["ko"],
        "newspaper",
        ["Asia-Pacific media"],
    ),
    (
        "Huanqiu Demo",
        "feed",
        "demo://huanqiu-demo.example/feed.json",
        "CN",
        ["zh"],
        "newspaper",
        ["Asia-Pacific media"],
    ),
    (
        "Tokyo Demo Shimbun",
        "sitemap",
        "demo://tokyoshimbun.example/news-sitemap.xml",
        "JP",
        ["ja"],
        "newspaper",
        ["Asia-Pacific media"],
    ),
    (
        "Travel Notes",
        "feed",
        "demo://travelnotes.example/rss.xml",
        "GB",
        ["en"],
        "blog",
        ["English-language press"],
    ),
    (
        "Broken Feed Daily",
        "feed",
        "demo://brokenfeed.example/rss.xml",
        "US",
        ["en"],
        "newspaper",
        [],
    ),
]

# Landmarks and programmes the gazetteer knows besides the city and its agencies.
PLACES: list[tuple[str, str, list[str]]] = [
    (
        "Hồ Hoàn Kiếm",
        "landmark",
        [
            "Hoan Kiem Lake",
            "lac Hoàn Kiếm",
            "lac de l'Épée restituée",
            "호안끼엠 호수",
            "还剑湖",
            "ホアンキエム湖",
        ],
    ),
    (
        "Phố cổ Hà Nội",
        "landmark",
        ["Old Quarter", "Vieux Quartier", "구시가지", "老城区", "旧市街"],
    ),
    (
        "Văn Miếu – Quốc Tử Giám",
        "landmark",
        ["Văn Miếu", "Temple of Literature", "Temple de la Littérature", "문묘", "文庙"],
    ),
    ("Hồ Tây", "landmark", ["West Lake", "lac de l'Ouest", "서호", "西湖"]),
    ("Cầu Long Biên", "landmark", ["Long Bien Bridge", "pont Long Biên", "롱비엔 다리", "龙编桥"]),
    ("Chùa Trấn Quốc", "landmark", ["Tran Quoc pagoda", "pagode Trấn Quốc"]),
    (
        "Sân bay quốc tế Nội Bài",
        "landmark",
        [
            "Noi Bai International Airport",
            "aéroport de Nội Bài",
            "노이바이 국제공항",
            "内排国际机场",
            "ノイバイ国際空港",
        ],
    ),
    (
        "Tuyến metro số 3",
        "programme",
        [
            "metro line 3",
            "ligne 3 du métro",
            "métro ligne 3",
            "지하철 3호선",
            "地铁3号线",
            "都市鉄道3号線",
        ],
    ),
]

# (name, kind, extra fields)
RULES: list[tuple[str, str, dict]] = [
    ("Story spreading: 5 sources in 6 hours", "spread", {"min_sources": 5, "hours": 6}),
    ("Transport coverage", "topic", {"topic": "transport", "agency_code": "SO-GTVT"}),
    ("Metro line 3", "keyword", {"keyword": "métro"}),
    ("Volume spike", "spike", {"spike_factor": 3.0}),
    (
        "Negative environment coverage in France",
        "tone",
        {"topic": "environment", "country": "FR", "hours": 24, "spike_factor": 3.0},
    ),
]
