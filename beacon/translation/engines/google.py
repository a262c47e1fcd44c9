"""Google Cloud Translation, basic edition (v2) over plain HTTPS with an API key."""

from __future__ import annotations

from typing import TYPE_CHECKING

from beacon.translation.engines._http import expect_list, post_json
from beacon.translation.pipeline.machine import EngineError

if TYPE_CHECKING:
    from beacon.translation.engines import EngineConfig

LABEL = "Google Translate"
DEFAULT_URL = "https://translation.googleapis.com"


def translate(texts: list[str], source: str, target: str, config: EngineConfig) -> list[str]:
    if not config.api_key:
        raise EngineError("BEACON_MT_API_KEY is not set")
    data = post_json(
        (config.url or DEFAULT_URL).rstrip("/") + "/language/translate/v2",
        {"q": texts, "source": source, "target": target, "format": "html"},
        params={"key": config.api_key},
        timeout=config.timeout,
    )
    inner = data.get("data") if isinstance(data, dict) else None
    items = inner.get("translations") if isinstance(inner, dict) else None
    checked = expect_list(items, "no data.translations list", "translatedText")
    return [str(item["translatedText"]) for item in checked]
