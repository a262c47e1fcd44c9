"""The pre-translation pipeline on plain data: memory, glossary, engine, checks."""

from __future__ import annotations

from beacon.translation import pipeline
from beacon.translation.pipeline import glossary
from beacon.translation.pipeline.glossary import Term
from beacon.translation.pipeline.machine import EngineError
from beacon.translation.pipeline.memory import MemoryEntry, best_match, length_window

CITY = Term("Hà Nội", "Hanoï")
DEPARTMENT = Term("Sở Văn hóa và Thể thao Hà Nội", "Service de la culture et des sports de Hanoï")


class Echo:
    """An engine that marks what it translated and keeps protected terms, like the real ones."""

    label = "Echo"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        self.calls.append(texts)
        return [f"<{target}>{text}" if "<" not in text else f"({target}) {text}" for text in texts]


class Broken:
    label = "Broken"

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise EngineError("no answer within 10 s")


class Forgetful:
    """Drops the markup it was given, as a careless engine would."""

    label = "Forgetful"

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [glossary.unprotect(text).replace("<b>", "").replace("</b>", "") for text in texts]


def _run(texts: list[str], engine: object = None, memory: list[MemoryEntry] | None = None):
    return pipeline.pretranslate(
        texts,
        memory_for=lambda _text: memory or [],
        terms=[CITY, DEPARTMENT],
        options=pipeline.Options("vi", "fr", engine=engine),  # type: ignore[arg-type]
    )


def test_it_prefers_an_exact_memory_match_and_scores_it_one() -> None:
    [suggestion] = _run(
        ["Hà Nội  chào đón bạn."], memory=[MemoryEntry("Hà Nội chào đón bạn.", "X")]
    )
    assert (suggestion.text, suggestion.origin, suggestion.score) == ("X", "memory", 1.0)


def test_it_offers_a_fuzzy_match_with_its_score_and_ignores_distant_ones() -> None:
    memory = [
        MemoryEntry("Lễ hội mùa thu Hà Nội năm 2024 khai mạc tối nay.", "A"),
        MemoryEntry("Giao thông công cộng được mở rộng.", "B"),
    ]
    [close] = _run(["Lễ hội mùa thu Hà Nội năm 2025 khai mạc tối nay."], memory=memory)
    assert close.origin == "memory" and close.text == "A"
    assert 0.9 < close.score < 1.0
    [far] = _run(["Một câu hoàn toàn khác."], memory=memory)
    assert far.origin == "none"


def test_it_bounds_fuzzy_candidates_by_length() -> None:
    low, high = length_window("x" * 100, 0.75)
    assert (low, high) == (60, 167)
    assert best_match("x" * 100, [MemoryEntry("x" * 59, "short")], 0.75) is None


def test_it_fills_a_segment_that_is_one_official_name_from_the_glossary() -> None:
    [suggestion] = _run(["sở văn hóa và thể thao hà nội"])
    assert suggestion.origin == "glossary"
    assert suggestion.text == DEPARTMENT.target


def test_it_sends_the_rest_to_the_engine_with_terms_protected_longest_first() -> None:
    engine = Echo()
    [suggestion] = _run(["Sở Văn hóa và Thể thao Hà Nội mời khách tới Hà Nội."], engine=engine)
    sent = engine.calls[0][0]
    assert sent.count('translate="no"') == 2
    assert f">{DEPARTMENT.target}<" in sent and f">{CITY.target}<" in sent
    assert suggestion.origin == "machine" and suggestion.engine == "Echo"
    assert 'translate="no"' not in suggestion.text
    assert suggestion.missing_terms == []


def test_it_leaves_segments_for_a_human_with_the_engine_error_when_it_fails() -> None:
    suggestions = _run(["Một.", "Hai."], engine=Broken())
    assert [s.text for s in suggestions] == [None, None]
    assert {s.error for s in suggestions} == {"Broken: no answer within 10 s"}
    assert {s.origin for s in suggestions} == {"none"}


def test_it_refuses_a_machine_translation_that_lost_the_markup() -> None:
    [suggestion] = _run(["Xin chào <b>Hà Nội</b>."], engine=Forgetful())
    assert suggestion.text is None
    assert "formatting" in suggestion.error


def test_it_waits_for_a_human_when_no_engine_is_configured() -> None:
    [suggestion] = _run(["Một câu mới."])
    assert (suggestion.text, suggestion.origin, suggestion.error) == (None, "none", "")


def test_it_flags_a_translation_that_does_not_use_the_approved_term() -> None:
    flagged = glossary.missing("Du khách tới Hà Nội.", "Les visiteurs viennent à Hanoi.", [CITY])
    assert flagged == [CITY]
    assert glossary.missing("Du khách tới Hà Nội.", "Visiteurs à Hanoï.", [CITY]) == []


def test_it_reports_conflicting_glossary_entries() -> None:
    terms = [CITY, Term("hà nội", "Hanoi"), Term("Hà Nội", "hanoï")]
    assert glossary.conflicts(terms) == [(CITY, Term("hà nội", "Hanoi"))]


class Hostile:
    """Answers with markup that was not in the source, as a compromised server might."""

    label = "Hostile"

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [f'{text}<script>steal()</script><img src=x onerror="x()">' for text in texts]


def test_it_refuses_markup_that_the_source_did_not_have() -> None:
    [suggestion] = _run(["Một câu <b>đậm</b>."], engine=Hostile())
    assert suggestion.text is None
    assert suggestion.error == "Hostile: links or formatting differ from the source"
