"""Build cost against the size of the digest, on synthetic digests of N articles, or on
the first N real articles of the SaudiNewsNet corpus.

Run by hand:  .venv/bin/python bench/build.py [--sizes 100 1000 10000] [--plot FILE]
              .venv/bin/python bench/build.py --corpus ../shared/corpus/saudinewsnet
                                              [--sizes 1000 10000 31000]
(`--plot` needs matplotlib: `.venv/bin/pip install matplotlib`.)

With `--corpus`, the seeds are the corpus's own JSON files (one per crawl day, its first
N articles with a text, in day order; the corpus is CC BY-NC-SA 4.0 and stays where it
is, outside this repository), with no English: a first build of real news, as a new
site without a model makes it. An edit there changes one article of a day's file.

Each synthetic digest recombines the Arabic paragraphs of the fixtures and the seed
(actors, quotations and all) into N articles dated over one year, with English already in
the translation memory, so no model is needed. For each N:
- cold: a new process runs `mkdocs build` with no cache (`.digest-cache/` deleted): digest's
  part of the build (its plugin's event handlers), of which its `on_files` (reading,
  annotating, rendering, exports, index, feeds); the whole build; the peak memory of the
  build's process and of the largest of its worker processes (each counted alone);
- warm: a new process builds again, nothing changed: digest's part and the whole build;
- serve: one process regenerates as `mkdocs serve` does (the plugin kept from one build
  to the next) after each of three seeds changes and after each of three new articles
  arrive (the newest): digest's `on_files` (regen), the medians, and each regeneration on
  the line below;
- the largest page and the search index.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import fill_memory, write_digest, write_site  # noqa: E402

REBUILDS = 3
"""Seeds changed one after another, and new articles added, for the rebuilds' figures."""
ADDED = "وأضاف المتحدث أن الاجتماع المقبل سيعقد في تونس."


def write_corpus(folder: Path, size: int, corpus: Path) -> None:
    """A site project with the corpus's first `size` articles that have a text, as the
    corpus holds them: one JSON file per crawl day."""
    import zipfile

    seeds = write_site(folder)
    left = size
    for day in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(day) as archive:
            records = json.load(archive.open(archive.namelist()[0]))
        kept = [record for record in records if record.get("content")][:left]
        (seeds / f"{day.stem}.json").write_text(json.dumps(kept, ensure_ascii=False), "utf-8")
        left -= len(kept)
        if not left:
            return
    raise SystemExit(f"the corpus at {corpus} has fewer than {size} articles with a text")


def edit(seed: Path, n: int) -> None:
    """Add a sentence to a seed: at the end of a Markdown seed, else to the first article
    of a JSON corpus file."""
    if seed.suffix == ".json":
        records = json.loads(seed.read_text("utf-8"))
        records[0]["content"] += f"\n{ADDED} ({n})"
        seed.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    else:
        seed.write_text(seed.read_text("utf-8") + f"\n{ADDED} ({n})\n")


class Stopwatch:
    """Adds up the time spent in digest's plugin's event handlers."""

    def __init__(self) -> None:
        self.total = 0.0

    def wrap(self, function: Any) -> Any:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.total += time.perf_counter() - start

        return timed

    def install(self, config: Any, generating: Stopwatch) -> None:
        """Time digest in the builds of `config`; its `on_files` also with `generating`."""
        from digest.adapters.plugin import DigestPlugin

        for event, handlers in config.plugins.events.items():
            for n, handler in enumerate(handlers):
                if isinstance(getattr(handler, "__self__", None), DigestPlugin):
                    timed = generating.wrap(handler) if event == "files" else handler
                    handlers[n] = self.wrap(timed)


def timed_build(folder: Path, site: Path, command: str = "build") -> tuple[float, float, float]:
    """One `mkdocs build` as `command` starts it (the plugin of an earlier build kept when
    serving): the whole build, digest's part and its `on_files`, in seconds."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(site))
    generating, everything = Stopwatch(), Stopwatch()
    everything.install(config, generating)
    config.plugins.on_startup(command=command, dirty=False)
    start = time.perf_counter()
    build(config)
    return time.perf_counter() - start, everything.total, generating.total


def measure_cold(folder: Path) -> dict[str, Any]:
    """A build from nothing (no cache), as a new process makes it."""
    shutil.rmtree(folder / ".digest-cache", ignore_errors=True)
    site = folder / "site"
    whole, digest_time, generating = timed_build(folder, site)
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    index = [p for p in (site / "search-index").rglob("*") if p.is_file()]
    return {
        "digest_s": round(digest_time, 2),
        "generate_s": round(generating, 2),
        "build_s": round(whole, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "pages": len(pages),
        "largest_page_kb": round(pages[-1].stat().st_size / 1024),
        "largest_page": pages[-1].relative_to(site).as_posix(),
        "index_mb": round(sum(p.stat().st_size for p in index) / 2**20, 1),
        "index_largest_kb": round(max(p.stat().st_size for p in index) / 1024),
        "index_files": len(index),
    }


def measure_warm(folder: Path) -> dict[str, Any]:
    """A build with nothing changed since the last, as a new process makes it."""
    whole, digest_time, generating = timed_build(folder, folder / "site")
    return {
        "warm_digest_s": round(digest_time, 2),
        "warm_generate_s": round(generating, 2),
        "warm_build_s": round(whole, 2),
    }


def measure_serve(folder: Path) -> dict[str, Any]:
    """Regenerations as `mkdocs serve` makes them (the plugin kept from one build to the
    next): digest's `on_files` after a first build, after each of three seeds changes and
    after each of three new articles arrive (MkDocs' own part of a rebuild, converting
    every page, is the whole build's less digest's: see the cold and warm figures)."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(folder / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)

    def regenerate() -> float:
        start = time.perf_counter()
        config.plugins.on_files(get_files(config), config=config)
        return time.perf_counter() - start

    regenerate()
    seeds = sorted(path for path in (folder / "seeds").iterdir() if path.suffix in (".md", ".json"))
    edits, arrivals = [], []
    for n in range(REBUILDS):
        edit(seeds[(1 + 3 * n) % len(seeds)], n)
        edits.append(regenerate())
    body = f"{ADDED}\n\n{ADDED} {ADDED}\n"
    for n in range(REBUILDS):
        fresh = folder / "seeds" / f"article-new-{n}.md"
        fresh.write_text(
            f'---\ntitle: "مقال جديد {n}"\ndate: 2026-01-0{n + 1}\n---\n{body}', "utf-8"
        )
        arrivals.append(regenerate())
    return {
        "regenerate_s": round(median(edits), 3),
        "new_regenerate_s": round(median(arrivals), 3),
        "regenerate_each_s": [round(e, 3) for e in edits],
        "new_regenerate_each_s": [round(a, 3) for a in arrivals],
    }


def _in_new_process(flag: str, folder: Path) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, __file__, flag, str(folder)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def run(size: int, keep: Path | None, corpus: Path | None) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"digest-bench-{size}-", dir=keep))
    start = time.perf_counter()
    if corpus is None:
        write_digest(folder, size)
        fill_memory(folder)
    else:
        write_corpus(folder, size, corpus)
    prepared = time.perf_counter() - start
    figures = _in_new_process("--cold", folder)
    figures.update(_in_new_process("--warm", folder))
    figures.update(_in_new_process("--serve", folder))
    figures["articles"] = size
    figures["prepare_s"] = round(prepared, 1)
    if keep is None:
        shutil.rmtree(folder)
    return figures


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["articles"] for row in rows]
    figure, axis = plt.subplots(figsize=(6.4, 4))
    for key, label in (
        ("build_s", "whole mkdocs build (s)"),
        ("digest_s", "digest's part of it (s)"),
        ("regenerate_s", "digest's regeneration after one change (s)"),
        ("new_regenerate_s", "digest's regeneration after a new article (s)"),
        ("peak_gb", "peak memory (GB)"),
    ):
        axis.plot(sizes, [row[key] for row in rows], marker="o", label=label)
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("articles")
    axis.set_title("Build cost against the size of the digest (2 cores)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument("--plot", type=Path, help="save a plot of cost against N (PNG)")
    parser.add_argument("--corpus", type=Path, help="real articles: the SaudiNewsNet folder")
    for flag in ("--cold", "--warm", "--serve"):
        parser.add_argument(flag, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    for flag, measure in (("cold", measure_cold), ("warm", measure_warm), ("serve", measure_serve)):
        if getattr(args, flag):
            print(json.dumps(measure(getattr(args, flag))))
            return
    if args.corpus and not any(args.corpus.glob("*.zip")):
        sys.exit(f"The SaudiNewsNet corpus is not at {args.corpus} (one .zip per day).")
    rows = []
    header = (
        f"{'articles':>9}{'digest s':>10}{'(on_files)':>11}{'build s':>9}{'peak MB':>9}"
        f"{'worker MB':>11}{'warm s':>8}{'(build)':>9}{'regen s':>9}"
        f"{'new s':>7}{'pages':>8}{'max page KB':>13}{'index MB':>10}"
    )
    print(header)
    for size in args.sizes:
        row = run(size, args.keep, args.corpus)
        row["peak_gb"] = row["peak_mb"] / 1024
        rows.append(row)
        print(
            f"{size:>9}{row['digest_s']:>10}{row['generate_s']:>11}{row['build_s']:>9}"
            f"{row['peak_mb']:>9}{row['worker_peak_mb']:>11}{row['warm_digest_s']:>8}"
            f"{row['warm_build_s']:>9}{row['regenerate_s']:>9}"
            f"{row['new_regenerate_s']:>7}{row['pages']:>8}"
            f"{row['largest_page_kb']:>13}{row['index_mb']:>10}   largest: {row['largest_page']}",
            f"\n{'':>9}regen s of each change: {row['regenerate_each_s']},"
            f" of each new article: {row['new_regenerate_each_s']}",
            flush=True,
        )
    if args.plot:
        plot(rows, args.plot)


if __name__ == "__main__":
    main()
