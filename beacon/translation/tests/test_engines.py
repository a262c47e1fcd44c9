"""The web-service engines against servers on loopback that speak each service's API."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from beacon.portal.tests.fixtures import libretranslate_like
from beacon.translation.engines import EngineConfig, configured_engine, get_engine
from beacon.translation.pipeline.machine import EngineError

TEXTS = ["Xin chào <b>Hà Nội</b>", "Tạm biệt"]


def _fake(text: str, target: str) -> str:
    return f"{target}:{text}"


def libretranslate(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    request = json.loads(body)
    if path != "/translate" or request.get("api_key") != "k1" or request["format"] != "html":
        return 400, b'{"error": "Invalid request"}'
    texts = [_fake(text, request["target"]) for text in request["q"]]
    return 200, json.dumps({"translatedText": texts}).encode()


def deepl(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    request = json.loads(body)
    if path != "/v2/translate" or headers.get("Authorization") != "DeepL-Auth-Key k2":
        return 403, b'{"message": "Wrong endpoint"}'
    assert request["tag_handling"] == "html"
    items = [
        {"detected_source_language": "VI", "text": _fake(text, request["target_lang"])}
        for text in request["text"]
    ]
    return 200, json.dumps({"translations": items}).encode()


def google(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
    request = json.loads(body)
    if path != "/language/translate/v2?key=k3":
        return 403, b'{"error": {"code": 403, "message": "API key not valid"}}'
    items = [{"translatedText": _fake(text, request["target"])} for text in request["q"]]
    return 200, json.dumps({"data": {"translations": items}}).encode()


@pytest.mark.parametrize(
    ("name", "handler", "key", "expected_target"),
    [
        ("libretranslate", libretranslate, "k1", "fr"),
        ("deepl", deepl, "k2", "FR"),
        ("google", google, "k3", "fr"),
    ],
)
def test_it_translates_through_each_web_service(
    loopback_server: Any, name: str, handler: Any, key: str, expected_target: str
) -> None:
    engine = get_engine(name, EngineConfig(url=loopback_server(handler), api_key=key))
    assert engine.translate(TEXTS, "vi", "fr") == [f"{expected_target}:{t}" for t in TEXTS]


@pytest.mark.parametrize("name", ["libretranslate", "deepl", "google"])
def test_it_reports_a_refused_request_with_the_status(loopback_server: Any, name: str) -> None:
    url = loopback_server(lambda path, headers, body: (401, b'{"error": "bad key"}'))
    engine = get_engine(name, EngineConfig(url=url, api_key="wrong"))
    with pytest.raises(EngineError, match="HTTP 401"):
        engine.translate(TEXTS, "vi", "fr")


def test_it_gives_up_on_a_slow_engine_after_its_time_limit(loopback_server: Any) -> None:
    def slow(path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        time.sleep(1.0)
        return 200, b'{"translatedText": []}'

    engine = get_engine("libretranslate", EngineConfig(url=loopback_server(slow), timeout=0.2))
    with pytest.raises(EngineError, match=r"no answer within 0\.2 s"):
        engine.translate(TEXTS, "vi", "fr")


def test_it_reports_an_unreachable_engine_and_a_malformed_answer(loopback_server: Any) -> None:
    closed = get_engine("libretranslate", EngineConfig(url="http://127.0.0.1:9", timeout=1))
    with pytest.raises(EngineError, match="cannot reach"):
        closed.translate(TEXTS, "vi", "fr")
    odd = loopback_server(lambda path, headers, body: (200, b'{"translated": "?"}'))
    with pytest.raises(EngineError, match="unexpected answer"):
        get_engine("libretranslate", EngineConfig(url=odd)).translate(TEXTS, "vi", "fr")


def test_it_reads_the_engine_from_settings(settings: Any) -> None:
    settings.BEACON_MT_ENGINE = ""
    assert configured_engine() is None
    settings.BEACON_MT_ENGINE = "deepl"
    settings.BEACON_MT_API_KEY = "abc:fx"
    engine = configured_engine()
    assert engine is not None and engine.label == "DeepL"
    assert engine.config.api_key == "abc:fx"


def test_it_serves_wagtail_localizes_machine_translate_button(
    db: Any, settings: Any, loopback_server: Any
) -> None:
    from wagtail.models import Locale
    from wagtail_localize.machine_translators import get_machine_translator
    from wagtail_localize.strings import StringValue

    from beacon.translation.models import GlossaryTerm

    GlossaryTerm.objects.create(
        source_language="vi",
        source_term="Hà Nội",
        target_language="fr",
        target_term="Hanoï",
        kind="place",
    )
    settings.BEACON_MT_ENGINE = "libretranslate"
    settings.BEACON_MT_URL = loopback_server(libretranslate_like)
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    fr, _ = Locale.objects.get_or_create(language_code="fr")
    translator = get_machine_translator()
    assert translator.can_translate(vi, fr)
    string = StringValue.from_plaintext("Chào mừng đến Hà Nội")
    [result] = translator.translate(vi, fr, [string]).values()
    assert result.data == "[fr] «Chào mừng đến »Hanoï"
    assert translator.display_name == "LibreTranslate"
    settings.BEACON_MT_ENGINE = ""
    assert not translator.can_translate(vi, fr)
