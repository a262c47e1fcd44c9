"""LibreTranslate, usually self-hosted: POST /translate with a list of HTML strings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from beacon.translation.engines._http import expect_list, post_json
from beacon.translation.pipeline.machine import EngineError

if TYPE_CHECKING:
    from beacon.translation.engines import EngineConfig

LABEL = "LibreTranslate"


def translate(texts: list[str], source: str, target: str, config: EngineConfig) -> list[str]:
    if not config.url:
        raise EngineError("BEACON_MT_URL is not set")
    payload = {"q": texts, "source": source, "target": target, "format": "html"}
    if config.api_key:
        payload["api_key"] = config.api_key
    data = post_json(config.url.rstrip("/") + "/translate", payload, timeout=config.timeout)
    translated = data.get("translatedText") if isinstance(data, dict) else None
    return [str(text) for text in expect_list(translated, "no translatedText list")]
