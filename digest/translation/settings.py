"""Settings of the translation engine, shared by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass, field

from digest.options import option


@dataclass(frozen=True, slots=True)
class EngineSettings:
    """How the CTranslate2 model runs; the defaults suit a 2-core CPU."""

    beam_size: int = field(
        default=2, metadata=option("beam width; 1 is greedy and fastest", "--beam-size")
    )
    """Beam width; 1 is greedy search, fastest."""

    inter_threads: int = field(
        default=2, metadata=option("batches translated in parallel", "--inter-threads")
    )
    """Batches translated in parallel (one per core)."""

    intra_threads: int = field(
        default=1, metadata=option("threads inside one batch", "--intra-threads")
    )
    """Threads inside one batch."""

    max_batch_tokens: int = field(
        default=512, metadata=option("batch size in source tokens", "--batch-tokens")
    )
    """Size of a batch in source tokens (chosen with `bench/translate.py --sweep`)."""

    compute_type: str = field(
        default="int8",
        metadata=option("CTranslate2 compute type (int8, float32…)", "--compute-type"),
    )
    """CTranslate2 compute type (int8: the fastest on CPU, `bench/translate.py`)."""

    device: str = field(
        default="auto",
        metadata=option("cpu, cuda or auto", "--device", choices=("cpu", "cuda", "auto")),
    )
    """`auto` (the GPU when CTranslate2 sees one, else the CPU), `cpu` or `cuda`."""

    chunk_sentences: int = field(
        default=64,
        metadata=option("sentences per model call, the unit of memory writes", "--chunk"),
    )
    """Sentences per call to the model: the unit of progress and of memory writes."""
