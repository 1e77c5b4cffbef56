"""Translate with an installed Argos Translate package, bypassing Argos's own pipeline.

Argos splits text into sentences with Stanza or MiniSBD, which download models on first
use; digest splits sentences itself and calls the package's CTranslate2 model with the
package's tokenizer. Only `argostranslate.package` is imported (the light module).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from digest.errors import ARGOS_MISSING, ARGOS_MISSING_HINT, ModelMissingError
from digest.model import Translation
from digest.text.ids import text_hash
from digest.translation.settings import EngineSettings

ENGINE = "argos-ctranslate2"
SOURCE, TARGET = "ar", "en"


def installed_packages() -> list[Any]:
    """Installed Argos translation packages (any language pair)."""
    try:
        import argostranslate.package as argos_package
    except ImportError:
        raise ModelMissingError(ARGOS_MISSING, ARGOS_MISSING_HINT) from None

    return [
        p
        for p in argos_package.get_installed_packages()
        if getattr(p, "type", "translate") == "translate"
    ]


def find_package(source: str = SOURCE, target: str = TARGET) -> Any | None:
    """The installed package translating source to target, newest version first."""
    matches = [p for p in installed_packages() if (p.from_code, p.to_code) == (source, target)]
    matches.sort(key=lambda p: str(p.package_version), reverse=True)
    return matches[0] if matches else None


def package_label(package: Any) -> str:
    """`<folder name> <version>`, as recorded in the translation memory."""
    return f"{Path(package.package_path).name} {package.package_version}"


def decoding_bound(source_tokens: int) -> int:
    """The longest English, in pieces, allowed for a source of this many pieces."""
    return min(512, math.ceil(source_tokens * 2.0) + 10)


def resolve(settings: EngineSettings) -> EngineSettings:
    """The settings for the device they name; `auto`: the GPU when CTranslate2 sees one."""
    import ctranslate2

    if settings.device == "auto":
        return settings.for_device(gpu=ctranslate2.get_cuda_device_count() > 0)
    return settings.for_device(gpu=settings.device == "cuda")


class ArgosTranslator:
    """Translates Arabic sentences with one Argos package; the model loads on first use."""

    def __init__(self, package: Any, settings: EngineSettings | None = None) -> None:
        self.package = package
        self.settings = resolve(settings or EngineSettings())
        """The settings made concrete for the device the model runs on (`resolve`)."""
        self.label = package_label(package)
        self._model: Any = None

    @classmethod
    def installed(cls, settings: EngineSettings | None = None) -> ArgosTranslator:
        """The translator of the installed ar→en package; ModelMissingError when none is."""
        package = find_package()
        if package is None:
            raise ModelMissingError()
        return cls(package, settings)

    def _translator(self) -> Any:
        if self._model is None:
            import ctranslate2

            self._model = ctranslate2.Translator(
                str(Path(self.package.package_path) / "model"),
                device=self.settings.device,
                compute_type=self.settings.compute_type,
                inter_threads=self.settings.inter_threads,
                intra_threads=self.settings.intra_threads,
            )
        return self._model

    def _decode(self, pieces: list[str]) -> str:
        text: str = self.package.tokenizer.decode(pieces)
        prefix = self.package.target_prefix
        if prefix and text.startswith(prefix):
            text = text[len(prefix) :]
        return text.strip()

    def submit(self, tokenized: list[list[str]]) -> list[Any]:
        """Start translating a chunk of tokenized sources (similar lengths: one decoding
        bound holds for the call) and return at once: CTranslate2's asynchronous results,
        one per source, in order."""
        prefix = self.package.target_prefix
        results: list[Any] = self._translator().translate_batch(
            tokenized,
            target_prefix=[[prefix]] * len(tokenized) if prefix else None,
            max_batch_size=self.settings.max_batch_tokens,
            batch_type="tokens",
            beam_size=self.settings.beam_size,
            max_decoding_length=decoding_bound(max(map(len, tokenized), default=1)),
            return_scores=True,
            replace_unknowns=True,
            asynchronous=True,
        )
        return results

    def finish(self, texts: Sequence[str], pending: list[Any]) -> list[Translation]:
        """The translations of a submitted chunk (waiting for each as needed)."""
        translations = []
        for text, waiting in zip(texts, pending, strict=True):
            result = waiting.result()
            translations.append(
                Translation(
                    text=self._decode(result.hypotheses[0]),
                    by="machine",
                    source_hash=text_hash(text),
                    engine=ENGINE,
                    package=self.label,
                    score=round(float(result.scores[0]), 4),
                )
            )
        return translations

    def translate(
        self,
        texts: Sequence[str],
        on_chunk: Callable[[list[int], list[Translation]], None] | None = None,
    ) -> list[Translation]:
        """Translate sentences, shortest first, in chunks of similar length (one length
        bound holds for a whole model call, so a chunk never makes a short sentence decode as
        long as a long one may) of about `chunk_tokens` source pieces. IN_FLIGHT chunks are
        submitted ahead, so that the model's threads keep working while a finished chunk is
        handed to `on_chunk` (its indices and translations: the caller writes the memory)."""
        tokenized = [self.package.tokenizer.encode(text) for text in texts]
        results: list[Translation | None] = [None] * len(texts)
        flight: deque[tuple[list[int], list[Any]]] = deque()

        def land() -> None:
            indices, pending = flight.popleft()
            chunk = self.finish([texts[i] for i in indices], pending)
            for index, translation in zip(indices, chunk, strict=True):
                results[index] = translation
            if on_chunk:
                on_chunk(indices, chunk)

        for indices in length_chunks(tokenized, self.settings.chunk_tokens):
            flight.append((indices, self.submit([tokenized[i] for i in indices])))
            if len(flight) > IN_FLIGHT:
                land()
        while flight:
            land()
        return [r for r in results if r is not None]


IN_FLIGHT = 2
"""Chunks submitted beyond the one being finished (`bench/translate.py` measures it)."""

LENGTH_SPREAD = 1.25
"""Longest source in a chunk, relative to its shortest (plus a few pieces of slack)."""


def length_chunks(tokenized: list[list[str]], tokens: int) -> list[list[int]]:
    """Indices of the sources, sorted by length, cut into chunks of at most `tokens` source
    pieces (a longer source is a chunk alone) whose lengths stay within LENGTH_SPREAD of
    each other."""
    order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
    chunks: list[list[int]] = []
    size = 0
    for index in order:
        length = len(tokenized[index])
        current = chunks[-1] if chunks else None
        if (
            current is None
            or size + length > tokens
            or length > LENGTH_SPREAD * len(tokenized[current[0]]) + 4
        ):
            chunks.append([index])
            size = length
        else:
            current.append(index)
            size += length
    return chunks
