"""Settings of the translation engine, shared by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How the CTranslate2 model runs; the defaults suit a 2-core CPU."""

    beam_size: int = 2
    """Beam width; 1 is greedy search, fastest."""

    inter_threads: int = 2
    """Batches translated in parallel (one per core)."""

    intra_threads: int = 1
    """Threads inside one batch."""

    max_batch_tokens: int = 512
    """Size of a batch in source tokens (bench/translate.py --sweep: 512 was fastest on 2
    cores for news sentences; 2,048 and more were slower and took over 1 GB)."""

    compute_type: str = "int8"
    """CTranslate2 compute type; int8 is about 2.7 times faster than float32 on CPU."""

    device: str = "auto"
    """`auto` (the GPU when CTranslate2 sees one, else the CPU), `cpu` or `cuda`."""

    chunk_sentences: int = 64
    """Sentences per call to the model: the unit of progress and of memory writes."""
