"""Compile gettext catalogues (.po → .mo) with polib, so no system gettext is needed.

python -m beacon.lib.catalogues beacon/locale
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib


def compile_all(root: Path) -> list[Path]:
    written = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for root in sys.argv[1:]:
        for path in compile_all(Path(root)):
            print(path)
