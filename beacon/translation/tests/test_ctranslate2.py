"""The CTranslate2 engine on a real, tiny Marian model that the test builds and converts itself.

No model can be downloaded here, so the test trains two SentencePiece models on a few
sentences, builds a randomly initialised Marian model with transformers, converts it with
CTranslate2's converter into ``<dir>/vi-fr`` and runs the engine's real loading code on it.
The translations are nonsense; what is tested is loading, batching, and that markup and
glossary terms come out as they went in.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

from beacon.translation.engines import EngineConfig, get_engine
from beacon.translation.pipeline import glossary
from beacon.translation.pipeline.glossary import Term
from beacon.translation.pipeline.machine import EngineError

pytest.importorskip("ctranslate2", reason="the mt-local extra is not installed")
pytest.importorskip("transformers", reason="the mt-build extra (transformers, torch) is missing")
pytest.importorskip("torch", reason="the mt-build extra (transformers, torch) is missing")

VI = [
    "Hà Nội chào đón du khách quốc tế.",
    "Lễ hội mùa thu khai mạc tại phố cổ.",
    "Thành phố mở rộng giao thông công cộng.",
    "Sở Du lịch giới thiệu làng nghề truyền thống.",
]
FR = [
    "Hanoï accueille les visiteurs internationaux.",
    "Le festival d'automne s'ouvre dans la vieille ville.",
    "La ville développe les transports publics.",
    "Le service du tourisme présente les villages de métiers.",
]


def _spm(tmp: Path, name: str, lines: list[str]) -> Path:
    import sentencepiece

    corpus = tmp / f"{name}.txt"
    corpus.write_text("\n".join(lines * 5), encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(tmp / name),
        vocab_size=60,
        hard_vocab_limit=False,
        character_coverage=1.0,
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
    )
    return tmp / f"{name}.model"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import ctranslate2
    import sentencepiece
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    tmp = tmp_path_factory.mktemp("marian")
    source, target = _spm(tmp, "source", VI), _spm(tmp, "target", FR)
    # As in OPUS-MT models: </s> and <unk> first, the pieces of both languages, <pad> last
    # (the converter drops the final <pad> row, as it does for the real ones).
    vocab = {"</s>": 0, "<unk>": 1}
    for model in (source, target):
        processor = sentencepiece.SentencePieceProcessor(model_file=str(model))
        for index in range(processor.get_piece_size()):
            vocab.setdefault(processor.id_to_piece(index), len(vocab))
    pad = vocab.setdefault("<pad>", len(vocab))
    hf = tmp / "hf"
    hf.mkdir()
    shutil.copy(source, hf / "source.spm")
    shutil.copy(target, hf / "target.spm")
    (hf / "vocab.json").write_text(json.dumps(vocab), encoding="utf-8")
    # sacremoses only normalises punctuation for real OPUS models; this one does not need it.
    warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
    tokenizer = MarianTokenizer(
        source_spm=str(hf / "source.spm"),
        target_spm=str(hf / "target.spm"),
        vocab=str(hf / "vocab.json"),
    )
    tokenizer.save_pretrained(hf)
    size = len(tokenizer)  # the tokenizer may add tokens of its own; the model must match it
    config = MarianConfig(
        vocab_size=size, decoder_vocab_size=size, d_model=16,
        encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32,
        max_position_embeddings=512, pad_token_id=pad, eos_token_id=0,
        decoder_start_token_id=pad, forced_eos_token_id=0,
    )  # fmt: skip
    torch.manual_seed(0)
    MarianMTModel(config).save_pretrained(hf)
    models = tmp / "models"
    pair = models / "vi-fr"
    ctranslate2.converters.TransformersConverter(str(hf)).convert(str(pair), force=True)
    shutil.copy(hf / "source.spm", pair / "source.spm")
    shutil.copy(hf / "target.spm", pair / "target.spm")
    return models


def test_it_translates_with_a_local_model_keeping_markup_and_terms(model_dir: Path) -> None:
    engine = get_engine("ctranslate2", EngineConfig(model_dir=str(model_dir)))
    term = Term("Hà Nội", "Hanoï")
    texts = [
        glossary.protect("Hà Nội chào đón <b>du khách</b> quốc tế.", [term]),
        "Thành phố mở rộng giao thông.",
    ]
    outputs = engine.translate(texts, "vi", "fr")
    assert len(outputs) == 2
    assert glossary.PROTECT_OPEN + "Hanoï" + glossary.PROTECT_CLOSE in outputs[0]
    assert "<b>" in outputs[0] and "</b>" in outputs[0]
    assert outputs[1].strip()


def test_it_says_which_language_pair_has_no_model(model_dir: Path) -> None:
    engine = get_engine("ctranslate2", EngineConfig(model_dir=str(model_dir)))
    with pytest.raises(EngineError, match="no model for vi→ja"):
        engine.translate(["Xin chào"], "vi", "ja")
