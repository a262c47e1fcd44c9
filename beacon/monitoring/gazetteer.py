"""The gazetteer and the taxonomy, built from what the database knows about the city.

- The city: every name form of the city profile, in every language and script.
- Districts and communes: the agencies' names without the administrative prefix
  ("UBND quận Hoàn Kiếm" gives "Hoàn Kiếm" and "quận Hoàn Kiếm"), in every language.
- Institutions: departments and the lead agency by their full names in every language.
- Landmarks, programmes and other places that analysts add (``Place``).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from beacon.core.city import get_city_profile
from beacon.core.models import Agency
from beacon.core.roles import AgencyKind
from beacon.monitoring.models import Place, Topic
from beacon.monitoring.pipeline import mentions
from beacon.monitoring.pipeline.options import Options
from beacon.monitoring.pipeline.topics import Taxonomy

_VI_PREFIX = re.compile(
    r"^(UBND|Ủy ban nhân dân)\s+(quận|huyện|thị xã|phường|xã|thị trấn)\s+", re.I
)
_EN_SUFFIX = re.compile(r"\s+(District|Ward|Commune|Town)?\s*People's Committee$", re.I)
_FR_PREFIX = re.compile(
    r"^Comité populaire (de l'arrondissement|du district|du quartier|de la commune|du bourg"
    r"|de la ville) de\s+",
    re.I,
)

# The default taxonomy: its names are translated when shown, unless the city renamed the topic.
DEFAULT_TOPICS: dict[str, tuple[Promise, list[str]]] = {
    "economy": (
        pgettext_lazy("monitoring topic", "Economy"),
        [
            "economy",
            "GDP",
            "growth",
            "économie",
            "croissance",
            "kinh tế",
            "tăng trưởng",
            "경제",
            "经济",
            "経済",
            "экономика",
        ],
    ),
    "investment": (
        pgettext_lazy("monitoring topic", "Investment"),
        [
            "investment",
            "investor",
            "FDI",
            "investissement",
            "investisseur",
            "đầu tư",
            "투자",
            "投资",
            "投資",
            "инвестиции",
        ],
    ),
    "tourism": (
        pgettext_lazy("monitoring topic", "Tourism"),
        [
            "tourism",
            "tourist",
            "visitors",
            "tourisme",
            "touriste",
            "du lịch",
            "du khách",
            "관광",
            "旅游",
            "游客",
            "観光",
            "туризм",
        ],
    ),
    "culture": (
        pgettext_lazy("monitoring topic", "Culture"),
        [
            "culture",
            "festival",
            "fête",
            "tradition",
            "art",
            "music",
            "văn hóa",
            "lễ hội",
            "문화",
            "축제",
            "文化",
            "节",
            "культура",
        ],
    ),
    "heritage": (
        pgettext_lazy("monitoring topic", "Heritage"),
        [
            "heritage",
            "UNESCO",
            "landmark",
            "landmarks",
            "temple",
            "pagoda",
            "patrimoine",
            "pagode",
            "di sản",
            "chùa",
            "đền",
            "유산",
            "遗产",
            "寺",
            "遺産",
            "наследие",
        ],
    ),
    "environment": (
        pgettext_lazy("monitoring topic", "Environment"),
        [
            "pollution",
            "air quality",
            "flood",
            "floods",
            "flooded",
            "flooding",
            "downpour",
            "rainfall",
            "smog",
            "inondation",
            "inondations",
            "pollution de l'air",
            "ô nhiễm",
            "ngập",
            "lũ",
            "미세먼지",
            "홍수",
            "폭우",
            "침수",
            "오염",
            "暴雨",
            "污染",
            "洪水",
            "雾霾",
            "大気汚染",
            "наводнение",
            "загрязнение",
        ],
    ),
    "transport": (
        pgettext_lazy("monitoring topic", "Transport"),
        [
            "metro",
            "railway",
            "airport",
            "traffic",
            "bus",
            "métro",
            "aéroport",
            "tàu điện",
            "đường sắt",
            "sân bay",
            "giao thông",
            "지하철",
            "공항",
            "地铁",
            "机场",
            "地下鉄",
            "都市鉄道",
            "鉄道",
            "метро",
        ],
    ),
    "governance": (
        pgettext_lazy("monitoring topic", "Governance"),
        [
            "governance",
            "city hall",
            "municipal government",
            "city authorities",
            "administrative reform",
            "corruption",
            "gouvernance",
            "municipalité",
            "autorités municipales",
            "chính quyền",
            "cải cách hành chính",
            "tham nhũng",
            "시 당국",
            "市政府",
            "市当局",
            "мэрия",
        ],
    ),
    "health": (
        pgettext_lazy("monitoring topic", "Health"),
        [
            "health",
            "hospital",
            "dengue",
            "epidemic",
            "santé",
            "hôpital",
            "y tế",
            "bệnh viện",
            "sốt xuất huyết",
            "병원",
            "医院",
            "疫情",
            "病院",
            "больница",
        ],
    ),
    "security": (
        pgettext_lazy("monitoring topic", "Security"),
        [
            "police",
            "crime",
            "security",
            "sécurité",
            "công an",
            "an ninh",
            "경찰",
            "警方",
            "安全",
            "警察",
            "полиция",
        ],
    ),
    "diplomacy": (
        pgettext_lazy("monitoring topic", "Diplomacy"),
        [
            "diplomacy",
            "ambassador",
            "summit",
            "state visit",
            "diplomatie",
            "ambassadeur",
            "sommet",
            "ngoại giao",
            "đại sứ",
            "외교",
            "대사",
            "外交",
            "大使",
            "峰会",
            "дипломатия",
        ],
    ),
}


def _agency_forms(agency: Agency) -> tuple[str, tuple[str, ...]]:
    """The kind of gazetteer entry an agency gives, and the forms it is written in."""
    names = [agency.name, *agency.names.values()]
    if agency.kind in (AgencyKind.DISTRICT, AgencyKind.COMMUNE):
        forms: list[str] = []
        for name in names:
            core = _FR_PREFIX.sub("", _EN_SUFFIX.sub("", _VI_PREFIX.sub("", name))).strip()
            forms.append(core)
            match = _VI_PREFIX.match(name)
            if match:
                forms.append(f"{match.group(2)} {core}")
        return "district", tuple(dict.fromkeys(f for f in forms if f))
    forms = [*names, agency.abbreviation] if agency.abbreviation else names
    return "institution", tuple(dict.fromkeys(forms))


def build_gazetteer() -> mentions.Gazetteer:
    places: list[mentions.Place] = []
    profile = get_city_profile()
    if profile is not None:
        city_forms = [profile.name, profile.short_name, *(f.form for f in profile.name_forms.all())]
        places.append(mentions.Place(profile.short_name, mentions.CITY, tuple(city_forms)))
    for agency in Agency.objects.active().exclude(kind=AgencyKind.PARTNER):
        kind, forms = _agency_forms(agency)
        # A district is named as a place ("Hoàn Kiếm"), an institution by its English name.
        label = forms[0] if kind == "district" else agency.display_name("en")
        places.append(mentions.Place(label, kind, forms))
    for place in Place.objects.all():
        places.append(mentions.Place(place.name, place.kind, place.forms()))
    return mentions.Gazetteer(places)


def english_topic_name(slug: str) -> str:
    """The name a default topic is stored under (stored text is not tied to a reader)."""
    with translation.override("en"):
        return str(DEFAULT_TOPICS[slug][0])


def topic_labels() -> dict[str, str]:
    """Topic code to its name for the reader: a default topic the city kept, translated; a
    topic it renamed or added, as the city wrote it."""
    labels = {slug: str(name) for slug, (name, _words) in DEFAULT_TOPICS.items()}
    for slug, name in Topic.objects.values_list("slug", "name"):
        if slug not in DEFAULT_TOPICS or name != english_topic_name(slug):
            labels[slug] = name
    return labels


def build_taxonomy() -> Taxonomy:
    stored = {topic.slug: topic.keyword_list() for topic in Topic.objects.all()}
    return Taxonomy(stored or {slug: words for slug, (_n, words) in DEFAULT_TOPICS.items()})


def build_options(*, embed: bool = True) -> Options:
    from beacon.monitoring.embeddings import get_embedder
    from beacon.monitoring.tone import load_model

    return Options(
        gazetteer=build_gazetteer(),
        taxonomy=build_taxonomy(),
        embedder=get_embedder(settings.BEACON_EMBEDDINGS) if embed else None,
        tone_model=load_model() if embed else None,
    )
