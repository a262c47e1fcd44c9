from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from beacon.monitoring.gazetteer import build_options
from beacon.monitoring.models import Article
from beacon.monitoring.store import classify_stored
from beacon.monitoring.tone import city_text


class Command(BaseCommand):
    help = (
        "Tone of coverage: 'classify' gives stored articles a tone (corrected ones are kept); "
        "'export_corrections' writes analysts' corrections as JSON lines for bench/train_tone.py."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["classify", "export_corrections"])
        parser.add_argument(
            "--all", action="store_true", help="classify: every article, not only those without."
        )
        parser.add_argument("--output", help="export_corrections: this file, not standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "classify":
            articles = Article.objects.about_city()
            if not options["all"]:
                articles = articles.filter(tone="")
            count = classify_stored(articles, build_options())
            self.stdout.write(f"{count} articles classified")
            return
        pipeline = build_options(embed=False)
        lines = []
        corrected = Article.objects.filter(tone_corrected=True).order_by("tone_corrected_at", "pk")
        for article in corrected:
            text = city_text(article.title, article.text, pipeline.gazetteer)
            row = {"text": text, "label": article.tone, "language": article.language}
            lines.append(json.dumps(row, ensure_ascii=False))
        body = "".join(f"{line}\n" for line in lines)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(body)
            self.stderr.write(f"{len(lines)} corrections written to {options['output']}")
        else:
            self.stdout.write(body, ending="")
