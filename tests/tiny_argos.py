"""Build a tiny but genuine Argos Translate package at test time.

A SentencePiece model trained on text the tests carry, a two-layer CTranslate2
Transformer filled with seeded random weights, `metadata.json`, zipped as `.argosmodel`.
Its English is gibberish; every step that uses it (Argos's package discovery, the
tokenizer, CTranslate2 decoding) is the real one.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import TransformerSpec

SPECIALS = ["<unk>", "<blank>", "<s>", "</s>"]
D_MODEL, HEADS, LAYERS, FFN = 64, 4, 2, 128
FOLDER = "translate-ar_en-0_1"


def train_tokenizer(lines: list[str]) -> bytes:
    """A BPE SentencePiece model trained in memory on the lines."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="bpe",
        vocab_size=400,
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
    )
    return model.getvalue()


def vocabulary(model: bytes) -> list[str]:
    processor = spm.SentencePieceProcessor(model_proto=model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    return SPECIALS + [piece for piece in pieces if piece not in SPECIALS]


def _fill(spec: TransformerSpec, vocab_size: int, rng: np.random.Generator) -> None:
    def matrix(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * 0.1).astype(np.float32)

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(D_MODEL, np.float32)  # type: ignore[attr-defined]
        layer_norm.beta = np.zeros(D_MODEL, np.float32)  # type: ignore[attr-defined]

    def ffn(block: object) -> None:
        norm(block.layer_norm)  # type: ignore[attr-defined]
        block.linear_0.weight = matrix(FFN, D_MODEL)  # type: ignore[attr-defined]
        block.linear_1.weight = matrix(D_MODEL, FFN)  # type: ignore[attr-defined]

    spec.encoder.embeddings[0].weight = matrix(vocab_size, D_MODEL)
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = matrix(3 * D_MODEL, D_MODEL)
        layer.self_attention.linear[1].weight = matrix(D_MODEL, D_MODEL)
        ffn(layer.ffn)
    spec.decoder.embeddings.weight = matrix(vocab_size, D_MODEL)
    norm(spec.decoder.layer_norm)
    spec.decoder.projection.weight = matrix(vocab_size, D_MODEL)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = matrix(3 * D_MODEL, D_MODEL)
        layer.self_attention.linear[1].weight = matrix(D_MODEL, D_MODEL)
        norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = matrix(D_MODEL, D_MODEL)
        layer.attention.linear[1].weight = matrix(2 * D_MODEL, D_MODEL)
        layer.attention.linear[2].weight = matrix(D_MODEL, D_MODEL)
        ffn(layer.ffn)


class _SpecConverter(Converter):  # type: ignore[misc]
    def __init__(self, spec: TransformerSpec) -> None:
        self.spec = spec

    def _load(self) -> TransformerSpec:
        return self.spec


def build_model(folder: Path, vocab: list[str], seed: int = 7) -> None:
    spec = TransformerSpec.from_config(LAYERS, HEADS)
    _fill(spec, len(vocab), np.random.default_rng(seed))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    _SpecConverter(spec).convert(str(folder), quantization="int8", force=True)


def build_package(lines: list[str], out: Path) -> Path:
    """Write `<out>/translate-ar_en-0_1.argosmodel`; returns its path."""
    work = out / "tiny-package-build" / FOLDER
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = train_tokenizer(lines)
    (work / "sentencepiece.model").write_bytes(tokenizer)
    build_model(work / "model", vocabulary(tokenizer))
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.9.0",
        "from_code": "ar",
        "from_name": "Arabic",
        "to_code": "en",
        "to_name": "English",
        "type": "translate",
        "links": [],
    }
    (work / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    (work / "README.md").write_text("Tiny test package: random weights.\n", encoding="utf-8")
    archive = out / f"{FOLDER}.argosmodel"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(work.rglob("*")):
            zipped.write(path, f"{FOLDER}/{path.relative_to(work)}")
    return archive
