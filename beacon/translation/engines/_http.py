"""The one HTTP call the web-service engines make, with errors a translator can read.

The engine's address is configured by the administrator (a self-hosted server is usually on a
private network), so it is not subject to the outbound filter that applies to fetched URLs.
"""

from __future__ import annotations

from typing import Any

import requests

from beacon.translation.pipeline.machine import EngineError


def post_json(
    url: str,
    payload: dict[str, Any],
    *,
    timeout: float,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> Any:
    try:
        response = requests.post(url, json=payload, headers=headers, params=params, timeout=timeout)
    except requests.Timeout:
        raise EngineError(f"no answer within {timeout:g} s") from None
    except requests.RequestException as exc:
        raise EngineError(f"cannot reach {url}: {exc.__class__.__name__}") from None
    if response.status_code != 200:
        raise EngineError(f"HTTP {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError:
        raise EngineError("the answer is not JSON") from None


def expect_list(value: Any, what: str, key: str | None = None) -> list[Any]:
    """The value as a list (of objects having ``key``), or an EngineError naming what is wrong."""
    if not isinstance(value, list):
        raise EngineError(f"unexpected answer: {what}")
    if key is not None and not all(isinstance(item, dict) and key in item for item in value):
        raise EngineError(f"unexpected answer: an item without {key}")
    return value
