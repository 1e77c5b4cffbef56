"""Translation speed: Argos's own `translate()` against digest's batched engine, and
digest's engine against the limit of one model on this machine.

Run by hand:  .venv/bin/python bench/translate.py [--sentences 160]
                  [--corpus ../shared/corpus/saudinewsnet] [--sweep]

Builds an Argos package the size of Argos's own models (Transformer-base: 6+6 layers,
d_model 512, 8 heads, FFN 2048, 50,000-piece vocabulary, int8) with random weights, so
no download is needed, installs it into a temporary Argos home, and translates the same
Arabic sentences (from the test fixtures) through each path. Random weights never emit
`</s>`, so every path decodes up to the same bound: digest's, tied to the source length
(Argos's own translator is wrapped to apply it). Prints sentences per second and the
ratios of one run.

The sentences are whole articles' (the test fixtures', or with `--corpus` the first
articles of SaudiNewsNet's first day, read where the corpus is), split by digest's splitter;
Argos is given the same splitter, so that every path translates the same sentences. Argos
is called as its users call it: once per sentence, once per paragraph, once per article.
The limit: each length bucket sent whole to one asynchronous `translate_batch` call (the
best of three thread and batch settings), against which digest's engine is `b/c`.
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
from digest.translation.argos import (  # noqa: E402
    ArgosTranslator,
    decoding_bound,
    length_chunks,
)
from digest.translation.settings import EngineSettings  # noqa: E402


def articles(count: int, corpus: Path | None) -> list[list[list[str]]]:
    """Whole articles, each a list of paragraphs, each a list of sentences, until `count`
    sentences: the fixtures' (repeated when needed), or the corpus's first day's."""
    if corpus is not None:
        import json
        import zipfile

        day = sorted(corpus.glob("*.zip"))[0]
        with zipfile.ZipFile(day) as archive:
            records = json.load(archive.open(archive.namelist()[0]))
        path = HOME / f"{day.stem}.json"
        path.write_text(json.dumps(records[:200], ensure_ascii=False), encoding="utf-8")
        paths = [path]
    else:
        paths = [SEED, *sorted((FIXTURES / "articles").glob("*.md"))]
    found: list[list[list[str]]] = []
    total = 0
    while total < count:
        for article in (a for path in paths for a in read_seed(path)):
            paragraphs = [split_sentences(p) for p in [article.title, *article.body]]
            found.append(paragraphs)
            total += sum(map(len, paragraphs))
            if total >= count:
                break
    return found


class SameSplitter:
    """Argos's sentence splitter replaced by digest's: both paths translate the same
    sentences."""

    def split_sentences(self, text: str) -> list[str]:
        return split_sentences(text)


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
    """Argos's `translate()`, called once per text (a sentence, a paragraph or an article
    whose paragraphs are lines)."""
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
    underlying.sentencizer = SameSplitter()
    translation.cache = {}  # type: ignore[attr-defined]  # (the previous call's paragraphs)
    start = time.perf_counter()
    for text in texts:
        translation.translate(text)
    return time.perf_counter() - start


def digest_translate(texts: list[str], settings: EngineSettings) -> float:
    translator = ArgosTranslator.installed(settings)
    translator.translate(texts[:4])  # load the model outside the timing
    start = time.perf_counter()
    translator.translate(texts)
    return time.perf_counter() - start


def limit_translate(texts: list[str], settings: EngineSettings) -> float:
    """Each length bucket (digest's buckets, with no size cap) sent whole to one
    asynchronous call, every call submitted before the first result is read: the model
    never waits for Python."""
    translator = ArgosTranslator.installed(settings)
    translator.translate(texts[:4])
    start = time.perf_counter()
    tokenized = [translator.package.tokenizer.encode(text) for text in texts]
    pending = [
        translator.submit([tokenized[i] for i in bucket])
        for bucket in length_chunks(tokenized, 1 << 30)
    ]
    for results in pending:
        for result in results:
            result.result()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sentences", type=int, default=160)
    parser.add_argument("--corpus", type=Path, help="the SaudiNewsNet folder (one .zip a day)")
    parser.add_argument(
        "--sweep", action="store_true", help="compare digest's chunk sizes and threads instead"
    )
    parser.add_argument(
        "--no-argos", action="store_true", help="only digest's engine against the limit (b/c)"
    )
    args = parser.parse_args()
    found = articles(args.sentences, args.corpus)
    print(f"building a Transformer-base-sized package in {HOME} …", flush=True)
    package = tiny_argos.build_package(training_lines(), HOME / "build", tiny_argos.BASE)
    from digest.translation.packages import install_file

    prepare_spacy_cache()
    install_file(package)
    texts = [s for article in found for paragraph in article for s in paragraph]
    source = f"the first articles of {args.corpus}" if args.corpus else "the test fixtures"
    print(f"{len(texts)} sentences, {len(found)} articles from {source}, {os.cpu_count()} cores\n")
    runs = sweep(texts) if args.sweep else compare(found, argos=not args.no_argos)
    baseline = next(iter(runs.values()))
    for name, seconds in runs.items():
        rate = len(texts) / seconds
        print(f"{name:<66} {seconds:7.1f} s  {rate:6.2f} sentences/s  {baseline / seconds:5.2f}×")
    if not args.sweep:
        digest = runs[DEFAULT]
        limit = min(seconds for name, seconds in runs.items() if name.startswith("limit"))
        print(f"\nb/c (digest's default engine against the best limit run): {limit / digest:.2f}")
        for name in ARGOS if not args.no_argos else []:
            for beam, run in ((4, BEAM4), (2, DEFAULT)):
                print(f"digest beam {beam} against {name}: {runs[name] / runs[run]:.2f}×")


ARGOS = [
    "argos translate(), one call per sentence (beam 4)",
    "argos translate(), one call per paragraph (beam 4)",
    "argos translate(), one call per article (beam 4)",
]
DEFAULT = "digest, defaults (beam 2, 1024-token batches)"
BEAM4 = "digest, beam 4 (Argos's beam)"


def compare(found: list[list[list[str]]], argos: bool = True) -> dict[str, float]:
    texts = [s for article in found for paragraph in article for s in paragraph]
    paragraphs = [" ".join(paragraph) for article in found for paragraph in article]
    whole = ["\n".join(" ".join(paragraph) for paragraph in article) for article in found]
    runs = {}
    if argos:
        runs[ARGOS[0]] = argos_translate(texts)
        runs[ARGOS[1]] = argos_translate(paragraphs)
        runs[ARGOS[2]] = argos_translate(whole)
    runs[BEAM4] = digest_translate(texts, EngineSettings(beam_size=4))
    runs[DEFAULT] = digest_translate(texts, EngineSettings())
    runs["digest, greedy (beam 1)"] = digest_translate(texts, EngineSettings(beam_size=1))
    for tokens, inter, intra in ((512, 2, 1), (1024, 2, 1), (512, 1, 2)):
        name = f"limit: buckets whole, beam 2, {tokens} tokens, inter {inter} intra {intra}"
        settings = EngineSettings(max_batch_tokens=tokens, inter_threads=inter, intra_threads=intra)
        runs[name] = limit_translate(texts, settings)
    return runs


def sweep(texts: list[str]) -> dict[str, float]:
    runs = {}
    for chunk in (512, 2048, 8192):
        for tokens in (512, 1024):
            settings = EngineSettings(max_batch_tokens=tokens, chunk_tokens=chunk)
            runs[f"digest beam 2, chunks of {chunk} tokens, batches of {tokens}"] = (
                digest_translate(texts, settings)
            )
    return runs


if __name__ == "__main__":
    main()
