"""Settings of the translation engine, shared by the CLI and the MkDocs plugin."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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
        default=0,
        metadata=option(
            "batch size in source tokens (0: 1024 on a CPU, 4096 on a GPU)", "--batch-tokens"
        ),
    )
    """Size of a batch in source tokens; 0 chooses by device: 1,024 on a CPU (chosen with
    `bench/translate.py --sweep` on real news), 4,096 on a GPU."""

    compute_type: str = field(
        default="auto",
        metadata=option(
            "CTranslate2 compute type (auto, int8, int8_float16, float16…)", "--compute-type"
        ),
    )
    """CTranslate2 compute type; `auto`: int8 on a CPU (the fastest here, `bench/translate.py`),
    int8_float16 on a GPU."""

    device: str = field(
        default="auto",
        metadata=option("cpu, cuda or auto", "--device", choices=("cpu", "cuda", "auto")),
    )
    """`auto` (the GPU when CTranslate2 sees one, else the CPU), `cpu` or `cuda`."""

    chunk_tokens: int = field(
        default=0,
        metadata=option(
            "source tokens per chunk, the unit of progress and memory writes (0: 2 batches)",
            "--chunk-tokens",
        ),
    )
    """Source tokens per chunk of sentences sent to the model, the unit of progress and of
    memory writes; 0: two batches' worth (`bench/translate.py --sweep`)."""

    def for_device(self, gpu: bool) -> EngineSettings:
        """These settings with every `auto` and 0 made concrete for a CPU or a GPU."""
        batch = self.max_batch_tokens or (GPU_BATCH_TOKENS if gpu else CPU_BATCH_TOKENS)
        return replace(
            self,
            device="cuda" if gpu else "cpu",
            compute_type=self.compute_type
            if self.compute_type != "auto"
            else ("int8_float16" if gpu else "int8"),
            max_batch_tokens=batch,
            chunk_tokens=self.chunk_tokens or 2 * batch,
        )


CPU_BATCH_TOKENS = 1024
GPU_BATCH_TOKENS = 4096
