"""DeepL API v2: POST /v2/translate with the key in the Authorization header."""

from __future__ import annotations

from typing import TYPE_CHECKING

from beacon.translation.engines._http import expect_list, post_json
from beacon.translation.pipeline.machine import EngineError

if TYPE_CHECKING:
    from beacon.translation.engines import EngineConfig

LABEL = "DeepL"


def _endpoint(config: EngineConfig) -> str:
    if config.url:
        return config.url.rstrip("/")
    # Keys of the free plan end in ":fx" and are only valid on the free host.
    if config.api_key.endswith(":fx"):
        return "https://api-free.deepl.com"
    return "https://api.deepl.com"


def _target_code(target: str) -> str:
    # DeepL asks for a variant of English and Portuguese as a target; Chinese is ZH-HANS.
    return {"en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS"}.get(target, target.upper())


def translate(texts: list[str], source: str, target: str, config: EngineConfig) -> list[str]:
    if not config.api_key:
        raise EngineError("BEACON_MT_API_KEY is not set")
    data = post_json(
        _endpoint(config) + "/v2/translate",
        {
            "text": texts,
            "source_lang": source.upper(),
            "target_lang": _target_code(target),
            # HTML handling keeps inline markup and honours translate="no".
            "tag_handling": "html",
        },
        headers={"Authorization": f"DeepL-Auth-Key {config.api_key}"},
        timeout=config.timeout,
    )
    items = data.get("translations") if isinstance(data, dict) else None
    return [str(item["text"]) for item in expect_list(items, "no translations list", "text")]
