"""The translation engine: settings made concrete per device, chunks cut by length and
tokens, and chunks in flight that still bring every sentence back to its own place."""

from __future__ import annotations

import random

import ctranslate2
import pytest
from support import SEED

from digest.model import Translation
from digest.reading import read_seed
from digest.text.segment import split_sentences
from digest.translation import argos
from digest.translation.argos import LENGTH_SPREAD, ArgosTranslator, length_chunks, resolve
from digest.translation.settings import EngineSettings


def test_auto_settings_suit_a_cpu_and_a_gpu() -> None:
    cpu = EngineSettings().for_device(gpu=False)
    assert (cpu.device, cpu.compute_type, cpu.max_batch_tokens, cpu.chunk_tokens) == (
        "cpu",
        "int8",
        1024,
        2048,
    )
    gpu = EngineSettings().for_device(gpu=True)
    assert (gpu.device, gpu.compute_type, gpu.max_batch_tokens, gpu.chunk_tokens) == (
        "cuda",
        "int8_float16",
        4096,
        8192,
    )
    given = EngineSettings(compute_type="float16", max_batch_tokens=8000, chunk_tokens=9000)
    kept = given.for_device(gpu=True)
    assert (kept.compute_type, kept.max_batch_tokens, kept.chunk_tokens) == ("float16", 8000, 9000)


def test_auto_device_is_the_gpu_when_ctranslate2_sees_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert resolve(EngineSettings()).device == "cuda"
    assert resolve(EngineSettings(device="cpu")).device == "cpu"
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)
    assert resolve(EngineSettings()).device == "cpu"


def test_chunks_hold_similar_lengths_within_the_token_budget() -> None:
    rng = random.Random(7)
    tokenized = [["x"] * rng.randint(1, 120) for _ in range(500)]
    chunks = length_chunks(tokenized, 400)
    assert sorted(i for chunk in chunks for i in chunk) == list(range(500))
    for chunk in chunks:
        lengths = [len(tokenized[i]) for i in chunk]
        assert lengths == sorted(lengths)
        assert len(chunk) == 1 or sum(lengths) <= 400
        assert lengths[-1] <= LENGTH_SPREAD * lengths[0] + 4
    assert length_chunks([["x"] * 900], 400) == [[0]]  # (longer than a chunk: alone)


def sentences() -> list[str]:
    [article] = read_seed(SEED)
    return [s for paragraph in article.body for s in split_sentences(paragraph)]


@pytest.mark.usefixtures("argos_installed")
def test_chunks_in_flight_bring_every_sentence_back_to_its_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = sentences()
    texts = texts + [f"{a} {b}" for a, b in zip(texts, reversed(texts), strict=True)]
    alone = ArgosTranslator.installed(EngineSettings(beam_size=1))
    expected = [
        alone.finish([t], alone.submit([alone.package.tokenizer.encode(t)]))[0] for t in texts
    ]
    monkeypatch.setattr(argos, "IN_FLIGHT", 3)
    engine = ArgosTranslator.installed(EngineSettings(beam_size=1, chunk_tokens=60))
    landed: list[tuple[list[int], list[Translation]]] = []
    got = engine.translate(texts, on_chunk=lambda i, t: landed.append((i, t)))
    assert [t.text for t in got] == [t.text for t in expected]
    assert len(landed) > 3  # (several chunks, so several were in flight)
    seen = [i for indices, _ in landed for i in indices]
    assert sorted(seen) == list(range(len(texts)))
    for indices, chunk in landed:
        assert [t.text for t in chunk] == [expected[i].text for i in indices]


@pytest.mark.skipif(ctranslate2.get_cuda_device_count() == 0, reason="no CUDA device here")
@pytest.mark.usefixtures("argos_installed")
def test_the_gpu_translates_with_its_own_settings() -> None:
    engine = ArgosTranslator.installed(EngineSettings(device="auto", beam_size=1))
    assert engine.settings.device == "cuda" and engine.settings.compute_type == "int8_float16"
    texts = sentences()
    got = engine.translate(texts)
    assert len(got) == len(texts) and all(t.text for t in got)
