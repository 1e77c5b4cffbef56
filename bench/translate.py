"""Translation speed: Argos's own `translate()` against digest's batched engine.

Run by hand:  .venv/bin/python bench/translate.py [--sentences 200]

Builds an Argos package the size of Argos's own models (Transformer-base: 6+6 layers,
d_model 512, 8 heads, FFN 2048, 50,000-piece vocabulary, int8) with random weights, so
no download is needed, installs it into a temporary Argos home, and translates the same
Arabic sentences (from the test fixtures) through each path. Random weights never emit
`</s>`, so every path decodes up to the same bound: digest's, tied to the source length
(Argos's own translator is wrapped to apply it). Prints sentences per second and the
ratios of one run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import tiny_argos  # noqa: E402
from support import FIXTURES, SEED, training_lines  # noqa: E402

# After `support`, which points Argos at the tests' home: this run uses its own.
HOME = Path(tempfile.mkdtemp(prefix="digest-bench-argos-"))
os.environ.update(
    ARGOS_PACKAGES_DIR=str(HOME / "packages"),
    XDG_DATA_HOME=str(HOME / "data"),
    XDG_CONFIG_HOME=str(HOME / "config"),
    XDG_CACHE_HOME=str(HOME / "cache"),
    ARGOS_CHUNK_TYPE="SPACY",  # Argos's splitter that works offline with a prepared cache
)

from digest.reading import read_seed  # noqa: E402
from digest.text.segment import split_sentences  # noqa: E402
from digest.translation.argos import ArgosTranslator, decoding_bound  # noqa: E402
from digest.translation.settings import EngineSettings  # noqa: E402


def sentences(count: int) -> list[str]:
    """Distinct Arabic news sentences: the fixtures' sentences, then pairs of them."""
    paths = [
        SEED,
        *sorted((FIXTURES / "articles").glob("*.md")),
        FIXTURES / "articles" / "plain-paragraphs.txt",
    ]
    base = [
        s for path in paths for a in read_seed(path) for p in a.body for s in split_sentences(p)
    ]
    pairs = [f"{a} {b}" for a in base for b in base if a != b]
    return (base + pairs)[:count]


def prepare_spacy_cache() -> None:
    """What Argos's spaCy splitter loads, made locally instead of downloaded."""
    import spacy

    cache = HOME / "cache" / "argos-translate" / "spacy"
    cache.parent.mkdir(parents=True, exist_ok=True)
    spacy.blank("xx").to_disk(cache)
    (cache / "senter" / "model").mkdir(parents=True, exist_ok=True)


class BoundedTranslator:
    """Argos's CTranslate2 translator with digest's decoding bound added to each call."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def translate_batch(self, tokens: list[list[str]], **options: object) -> object:
        bound = decoding_bound(max(map(len, tokens), default=1))
        return self.inner.translate_batch(tokens, max_decoding_length=bound, **options)  # type: ignore[attr-defined]


def argos_translate(texts: list[str]) -> float:
    import ctranslate2
    from argostranslate import settings
    from argostranslate import translate as argos

    translation = argos.get_translation_from_codes("ar", "en")
    underlying = translation.underlying  # type: ignore[attr-defined]
    model = ctranslate2.Translator(
        str(underlying.pkg.package_path / "model"),
        device=settings.device,
        inter_threads=settings.inter_threads,
        intra_threads=settings.intra_threads,
        compute_type=settings.compute_type,
    )
    underlying.translator = BoundedTranslator(model)
    start = time.perf_counter()
    for text in texts:  # one call per paragraph, as a caller of Argos translates articles
        translation.translate(text)
    return time.perf_counter() - start


def digest_translate(texts: list[str], settings: EngineSettings) -> float:
    translator = ArgosTranslator.installed(settings)
    translator.translate(texts[:4])  # load the model outside the timing
    start = time.perf_counter()
    translator.translate(texts)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument(
        "--sweep", action="store_true", help="compare digest's batch sizes and threads instead"
    )
    args = parser.parse_args()
    texts = sentences(args.sentences)
    print(f"building a Transformer-base-sized package in {HOME} …", flush=True)
    package = tiny_argos.build_package(training_lines(), HOME / "build", tiny_argos.BASE)
    from digest.translation.packages import install_file

    prepare_spacy_cache()
    install_file(package)
    print(f"{len(texts)} sentences, {os.cpu_count()} cores\n")
    runs = sweep(texts) if args.sweep else compare(texts)
    baseline = next(iter(runs.values()))
    for name, seconds in runs.items():
        rate = len(texts) / seconds
        print(f"{name:<62} {seconds:7.1f} s  {rate:6.1f} sentences/s  {baseline / seconds:5.1f}×")


def compare(texts: list[str]) -> dict[str, float]:
    return {
        "argos translate(), one call per sentence (Argos defaults)": argos_translate(texts),
        "digest, defaults (beam 2, 512-token batches, inter 2)": digest_translate(
            texts, EngineSettings()
        ),
        "digest, beam 4 (Argos's beam)": digest_translate(texts, EngineSettings(beam_size=4)),
        "digest, greedy (beam 1)": digest_translate(texts, EngineSettings(beam_size=1)),
    }


def sweep(texts: list[str]) -> dict[str, float]:
    runs = {}
    for tokens in (256, 512, 1024):
        for inter, intra in ((2, 1), (1, 2)):
            settings = EngineSettings(
                max_batch_tokens=tokens, inter_threads=inter, intra_threads=intra
            )
            runs[f"digest beam 2, {tokens} tokens, inter {inter} intra {intra}"] = digest_translate(
                texts, settings
            )
    return runs


if __name__ == "__main__":
    main()
