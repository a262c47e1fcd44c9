"""Where Beacon keeps its state, known before Django's settings are loaded."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def var_dir() -> Path:
    path = Path(os.environ.get("BEACON_VAR_DIR") or BASE_DIR / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
