"""A local CTranslate2 model, e.g. an OPUS-MT Marian model converted by ct2-transformers-converter.

``BEACON_MT_MODEL_DIR`` holds one directory per language pair, named ``<source>-<target>``
(``vi-en``), each with the converted model and the SentencePiece models ``source.spm`` and
``target.spm``. Nothing is downloaded: without the directory, the engine says so.

Markup and glossary terms are not shown to the model: the text between tags is translated piece
by piece and the tags and protected terms are put back around the translations, so links and
official names come out exactly as they went in.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beacon.translation.pipeline.machine import EngineError

if TYPE_CHECKING:
    from beacon.translation.engines import EngineConfig

LABEL = "CTranslate2"
_KEEP = re.compile(r'(<span translate="no" class="notranslate">.*?</span>|<[^>]+>)', re.DOTALL)
_lock = threading.Lock()


@cache
def _load(model_dir: str) -> tuple[Any, Any, Any]:
    try:
        import ctranslate2
        import sentencepiece
    except ImportError:
        raise EngineError("install beacon[mt-local] for local models") from None
    path = Path(model_dir)
    try:
        translator = ctranslate2.Translator(str(path), device="cpu", inter_threads=1)
        source = sentencepiece.SentencePieceProcessor(model_file=str(path / "source.spm"))
        target = sentencepiece.SentencePieceProcessor(model_file=str(path / "target.spm"))
    except (RuntimeError, OSError, ValueError) as exc:
        raise EngineError(f"cannot load the model in {path}: {exc}") from None
    return translator, source, target


def _pair_dir(config: EngineConfig, source: str, target: str) -> str:
    if not config.model_dir:
        raise EngineError("BEACON_MT_MODEL_DIR is not set")
    path = Path(config.model_dir) / f"{source}-{target}"
    if not (path / "model.bin").is_file():
        raise EngineError(f"no model for {source}→{target} in {config.model_dir}")
    return str(path)


def translate(texts: list[str], source: str, target: str, config: EngineConfig) -> list[str]:
    translator, source_spm, target_spm = _load(_pair_dir(config, source, target))
    pieces = [_KEEP.split(text) for text in texts]
    plain = [
        piece for parts in pieces for piece in parts if piece.strip() and not _KEEP.fullmatch(piece)
    ]
    tokens = [[*source_spm.encode(piece, out_type=str), "</s>"] for piece in plain]
    try:
        with _lock:
            results = translator.translate_batch(tokens, max_decoding_length=256) if tokens else []
    except RuntimeError as exc:
        raise EngineError(f"the model failed: {exc}") from None
    translated = iter(
        target_spm.decode([t for t in result.hypotheses[0] if t not in ("</s>", "<pad>")])
        for result in results
    )
    outputs = []
    for parts in pieces:
        out = []
        for piece in parts:
            if piece.strip() and not _KEEP.fullmatch(piece):
                lead, trail = (
                    piece[: len(piece) - len(piece.lstrip())],
                    piece[len(piece.rstrip()) :],
                )
                out.append(lead + next(translated) + trail)
            else:
                out.append(piece)
        outputs.append("".join(out))
    return outputs
