"""Length as each platform counts it, and the suggested text trimmed to fit."""

from __future__ import annotations

import unicodedata

from beacon.social.drafting import hashtag, suggest
from beacon.social.platforms import PLATFORMS, compose

LONG_URL = "https://hanoi.example.gov.vn/en/news/bat-trang-pottery-village-welcomes-visitors/"


def test_it_counts_every_url_as_23_on_mastodon_and_x() -> None:
    text = f"Bat Trang {LONG_URL}"
    assert PLATFORMS["mastodon"].length(text) == len("Bat Trang ") + 23
    assert PLATFORMS["x"].length(text) == len("Bat Trang ") + 23
    assert PLATFORMS["bluesky"].length(text) == len(text)


def test_it_counts_decomposed_vietnamese_as_the_reader_sees_it() -> None:
    composed = "Hà Nội mùa thu"
    decomposed = unicodedata.normalize("NFD", composed)
    assert len(decomposed) > len(composed)
    for code in ("mastodon", "bluesky", "facebook"):
        assert PLATFORMS[code].length(decomposed) == len(composed), code
    # X normalises too, but "ộ" (U+1ED9, Latin Extended Additional) is outside its light ranges.
    assert PLATFORMS["x"].length(decomposed) == len(composed) + 1


def test_it_weighs_cjk_and_emoji_double_on_x_only() -> None:
    assert PLATFORMS["x"].length("河内") == 4
    assert PLATFORMS["mastodon"].length("河内") == 2
    family = "👨‍👩‍👧"  # one grapheme, five code points, one emoji
    assert PLATFORMS["bluesky"].length(family) == 1
    assert PLATFORMS["x"].length(family) == 2


def test_it_counts_a_remote_mention_as_its_local_part_on_mastodon() -> None:
    assert PLATFORMS["mastodon"].length("@hanoi@social.example.vn") == len("@hanoi")


def test_it_makes_hashtags_from_words_in_any_script() -> None:
    assert hashtag("Di sản văn hoá") == "#DiSảnVănHoá"
    assert hashtag("Làng nghề, gốm!") == "#LàngNghềGốm"
    assert hashtag("  ") == ""


def test_it_keeps_a_short_suggestion_whole() -> None:
    text, tags = suggest(
        PLATFORMS["mastodon"],
        title="Bat Trang welcomes visitors",
        summary="A pottery village on the Red River.",
        url=LONG_URL,
        tags=["Heritage", "Hanoi"],
    )
    summary = "A pottery village on the Red River."
    assert text == f"Bat Trang welcomes visitors\n\n{summary}\n\n{LONG_URL}"
    assert tags == "#Heritage #Hanoi"


def test_it_trims_the_summary_then_the_hashtags_to_fit() -> None:
    summary = " ".join(["Gốm"] * 200)
    text, tags = suggest(
        PLATFORMS["x"], title="Làng gốm", summary=summary, url=LONG_URL, tags=["Di sản", "Hà Nội"]
    )
    assert PLATFORMS["x"].fits(compose(text, tags))
    assert text.startswith("Làng gốm\n\nGốm") and "…" in text and text.endswith(LONG_URL)
    assert tags == "#DiSản #HàNội"
    title = "Hội chợ " * 60
    text, tags = suggest(PLATFORMS["x"], title=title, summary="", url=LONG_URL, tags=["Di sản"])
    assert PLATFORMS["x"].fits(compose(text, tags))
    assert tags == "" and text.endswith(LONG_URL) and "…" in text
