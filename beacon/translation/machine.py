"""Beacon's engines behind wagtail-localize's machine-translator interface.

The "Machine translate" button of wagtail-localize's editor then uses the engine configured by
BEACON_MT_* with the glossary's terms protected, exactly like Beacon's own pre-translation.
Segments the engine could not translate are left out of the answer, so wagtail-localize leaves
them for a human.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.strings import StringValue

from beacon.translation.engines import configured_engine
from beacon.translation.pipeline import machine


class BeaconMachineTranslator(BaseMachineTranslator):
    display_name = "Beacon"

    def can_translate(self, source_locale: Any, target_locale: Any) -> bool:
        engine = configured_engine()
        return engine is not None and source_locale.language_code != target_locale.language_code

    def translate(
        self, source_locale: Any, target_locale: Any, strings: Iterable[StringValue]
    ) -> dict[StringValue, StringValue]:
        from beacon.translation.actions import terms_for

        engine = configured_engine()
        if engine is None:
            return {}
        self.display_name = engine.label
        strings = list(strings)
        source, target = source_locale.language_code, target_locale.language_code
        results = machine.translate(
            engine, [string.data for string in strings], terms_for(source, target), source, target
        )
        return {
            string: StringValue(result.text)
            for string, result in zip(strings, results, strict=True)
            if result.text is not None
        }
