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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2.converters import Converter
from ctranslate2.specs import TransformerSpec

SPECIALS = ["<unk>", "<blank>", "<s>", "</s>"]
FOLDER = "translate-ar_en-0_1"


@dataclass(frozen=True)
class Shape:
    """Size of the Transformer; the default is tiny, `BASE` is the size of Argos's models."""

    layers: int = 2
    d_model: int = 64
    heads: int = 4
    ffn: int = 128
    vocabulary: int = 0
    """Pad the vocabulary with unused pieces up to this size (0: the tokenizer's own)."""
    pieces: int = 400
    """SentencePiece vocabulary to train (fewer when the text runs out of merges)."""


TINY = Shape()
BASE = Shape(layers=6, d_model=512, heads=8, ffn=2048, vocabulary=50_000, pieces=8000)


def train_tokenizer(lines: list[str], pieces: int = 400) -> bytes:
    """A BPE SentencePiece model trained in memory on the lines."""
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="bpe",
        vocab_size=pieces,
        hard_vocab_limit=False,
        character_coverage=1.0,
        minloglevel=2,
    )
    return model.getvalue()


def vocabulary(model: bytes, size: int = 0) -> list[str]:
    processor = spm.SentencePieceProcessor(model_proto=model)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = SPECIALS + [piece for piece in pieces if piece not in SPECIALS]
    return vocab + [f"<unused{i}>" for i in range(size - len(vocab))]


def _fill(spec: TransformerSpec, shape: Shape, vocab_size: int, rng: np.random.Generator) -> None:
    d, ffn_width = shape.d_model, shape.ffn

    def matrix(rows: int, cols: int) -> np.ndarray:
        return (rng.standard_normal((rows, cols)) * 0.1).astype(np.float32)

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(d, np.float32)  # type: ignore[attr-defined]
        layer_norm.beta = np.zeros(d, np.float32)  # type: ignore[attr-defined]

    def ffn(block: object) -> None:
        norm(block.layer_norm)  # type: ignore[attr-defined]
        block.linear_0.weight = matrix(ffn_width, d)  # type: ignore[attr-defined]
        block.linear_1.weight = matrix(d, ffn_width)  # type: ignore[attr-defined]

    spec.encoder.embeddings[0].weight = matrix(vocab_size, d)
    norm(spec.encoder.layer_norm)
    for layer in spec.encoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = matrix(3 * d, d)
        layer.self_attention.linear[1].weight = matrix(d, d)
        ffn(layer.ffn)
    spec.decoder.embeddings.weight = matrix(vocab_size, d)
    norm(spec.decoder.layer_norm)
    spec.decoder.projection.weight = matrix(vocab_size, d)
    for layer in spec.decoder.layer:
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = matrix(3 * d, d)
        layer.self_attention.linear[1].weight = matrix(d, d)
        norm(layer.attention.layer_norm)
        layer.attention.linear[0].weight = matrix(d, d)
        layer.attention.linear[1].weight = matrix(2 * d, d)
        layer.attention.linear[2].weight = matrix(d, d)
        ffn(layer.ffn)


class _SpecConverter(Converter):  # type: ignore[misc]
    def __init__(self, spec: TransformerSpec) -> None:
        self.spec = spec

    def _load(self) -> TransformerSpec:
        return self.spec


def build_model(folder: Path, vocab: list[str], shape: Shape = TINY, seed: int = 7) -> None:
    spec = TransformerSpec.from_config(shape.layers, shape.heads)
    _fill(spec, shape, len(vocab), np.random.default_rng(seed))
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    _SpecConverter(spec).convert(str(folder), quantization="int8", force=True)


def build_package(lines: list[str], out: Path, shape: Shape = TINY) -> Path:
    """Write `<out>/translate-ar_en-0_1.argosmodel`; returns its path."""
    work = out / "tiny-package-build" / FOLDER
    work.mkdir(parents=True, exist_ok=True)
    tokenizer = train_tokenizer(lines, shape.pieces)
    (work / "sentencepiece.model").write_bytes(tokenizer)
    build_model(work / "model", vocabulary(tokenizer, shape.vocabulary), shape)
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
