"""Story grouping on real news: pairwise precision and recall on hand-labelled pairs, and
the time and memory of grouping the whole corpus.

Run by hand:  .venv/bin/python bench/stories.py ../shared/corpus/saudinewsnet
                  [--pairs bench/annotations/story-pairs.json] [--threshold 0.3] [--all]

The articles are read from the corpus where it is (CC BY-NC-SA 4.0; nothing of it is in
this repository) by digest's own reader, one file a crawl day, in day order. Labelled
pairs name their articles by URL: the days they come from, and the WINDOW_DAYS before,
are grouped, and each pair counts as grouped together or apart. `story-pairs.json` holds
320 pairs of 10–11 August 2015 (never tuned on); `story-pairs-tuning.json` 160 pairs of
3–4 August and `story-pairs-validation.json` 240 of 7–8 August (the design and threshold
were chosen on them). With `--all`, every article is grouped: seconds, peak memory, and
the largest and least cohesive stories. With `--agree FIRST SECOND`, two readings of the
same pairs (`*-second-reading.json`) are compared: how often readers agree, Cohen's kappa,
and the second reading's precision and recall against the first (what a reader scores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.reading import read_seed  # noqa: E402
from digest.reading.partial import PartialReadError  # noqa: E402
from digest.stories.group import (  # noqa: E402
    MAX_SPAN_DAYS,
    WINDOW_DAYS,
    Grouping,
    StoryItem,
    bag,
)


def read_days(corpus: Path, days: list[str] | None) -> list[StoryItem]:
    """The articles of the corpus's days (all when None), in day and record order."""
    items = []
    folder = Path(tempfile.mkdtemp(prefix="digest-bench-stories-"))
    for path in sorted(corpus.glob("*.zip")):
        if days is not None and path.stem not in days:
            continue
        with zipfile.ZipFile(path) as archive:
            seed = folder / f"{path.stem}.json"
            seed.write_bytes(archive.read(archive.namelist()[0]))
        try:
            articles = read_seed(seed)
        except PartialReadError as error:  # (records without a title or a text are left out)
            articles = error.articles
        for article in articles:
            text = "\n".join(article.body)
            items.append(StoryItem(article.url, article.date, article.title, text))
        seed.unlink()
    items.sort(key=lambda item: item.date or dt.date.max)  # (stable: record order kept)
    return items


def evaluate(corpus: Path, pairs_file: Path, threshold: float, span: int) -> None:
    pairs = json.loads(pairs_file.read_text("utf-8"))["pairs"]
    labelled = {p[side]["day"] for p in pairs for side in "ab"}
    first = min(dt.date.fromisoformat(d) for d in labelled)
    days = {str(first - dt.timedelta(days=n)) for n in range(1, WINDOW_DAYS + 1)} | labelled
    items = read_days(corpus, sorted(days))
    grouping = Grouping(threshold=threshold, span=span)
    grouping.add(items)
    story = dict(zip(grouping.keys, grouping.stories, strict=True))
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    missing = 0
    for pair in pairs:
        a, b = pair["a"]["url"], pair["b"]["url"]
        if a not in story or b not in story:
            missing += 1
            continue
        together = story[a] == story[b]
        counts[("t" if together == pair["same"] else "f") + ("p" if together else "n")] += 1
    precision = counts["tp"] / max(1, counts["tp"] + counts["fp"])
    recall = counts["tp"] / max(1, counts["tp"] + counts["fn"])
    print(
        f"{pairs_file.name}: {len(pairs) - missing} pairs ({sum(p['same'] for p in pairs)} same),"
        f" {len(items)} articles of {', '.join(sorted(days))} grouped, threshold {threshold}"
    )
    print(f"  {counts}  precision {precision:.3f}  recall {recall:.3f}", end="")
    print(f"  F1 {2 * precision * recall / max(1e-9, precision + recall):.3f}")
    if missing:
        print(f"  {missing} pairs name articles the reader does not give (no text)")


def whole_corpus(corpus: Path, threshold: float, span: int) -> None:
    start = time.perf_counter()
    items = read_days(corpus, None)
    read = time.perf_counter() - start
    start = time.perf_counter()
    grouping = Grouping(threshold=threshold, span=span)
    grouping.add(items)
    grouped = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    members: dict[int, list[int]] = defaultdict(list)
    for n, story in enumerate(grouping.stories):
        members[story].append(n)
    sizes = sorted((len(m) for m in members.values()), reverse=True)
    print(
        f"{len(items)} articles: read {read:.1f} s, grouped {grouped:.1f} s, peak {peak:.0f} MB;"
        f" {len(members)} stories, {sum(s > 1 for s in sizes)} of two articles or more,"
        f" largest {sizes[:10]}"
    )
    by_key = {item.key: item for item in items}

    def show(story: int, label: str) -> None:
        rows = members[story]
        outlets = {by_key[grouping.keys[n]].key.split("/")[2] for n in rows}
        print(f"\n{label}: {len(rows)} articles, {len(outlets)} outlets")
        for n in rows[:8]:
            item = by_key[grouping.keys[n]]
            print(f"  {item.date}  {item.title[:90]}")

    for story in sorted(members, key=lambda s: -len(members[s]))[:3]:
        show(story, "largest")
    # Least cohesive: the lowest mean similarity of a story's articles to its first one.
    cohesion = {}
    for story, rows in members.items():
        if len(rows) >= 4:
            head = bag(by_key[grouping.keys[rows[0]]])
            sims = []
            for n in rows[1:]:
                other = bag(by_key[grouping.keys[n]])
                sims.append(sum(w * other.get(k, 0.0) for k, w in head.items()))
            cohesion[story] = sum(sims) / len(sims)
    for story in sorted(cohesion, key=cohesion.get)[:3]:  # type: ignore[arg-type]
        show(story, f"least cohesive (mean similarity to its first {cohesion[story]:.2f})")


def agreement(first_file: Path, second_file: Path) -> None:
    first = {p["pair"]: p["same"] for p in json.loads(first_file.read_text("utf-8"))["pairs"]}
    second = {p["pair"]: p["same"] for p in json.loads(second_file.read_text("utf-8"))["pairs"]}
    both = sorted(first.keys() & second.keys())
    agree = sum(first[p] == second[p] for p in both) / len(both)
    a, b = (sum(reading[p] for p in both) / len(both) for reading in (first, second))
    chance = a * b + (1 - a) * (1 - b)
    tp = sum(first[p] and second[p] for p in both)
    same = [sum(reading[p] for p in both) for reading in (first, second)]
    print(
        f"{first_file.name} / {second_file.name}: {len(both)} pairs, same {same[0]}"
        f" / {same[1]}; agreement {agree:.3f}, kappa"
        f" {(agree - chance) / (1 - chance):.3f}; the second against the first: precision"
        f" {tp / max(1, same[1]):.3f} recall {tp / max(1, same[0]):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--pairs", type=Path, action="append")
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.3])
    parser.add_argument("--all", action="store_true", help="group the whole corpus")
    parser.add_argument("--span", type=int, default=MAX_SPAN_DAYS)
    parser.add_argument("--agree", type=Path, nargs=2, metavar=("FIRST", "SECOND"))
    args = parser.parse_args()
    if args.agree:
        agreement(*args.agree)
        return
    for threshold in args.threshold:
        default = [] if args.all else [ROOT / "bench" / "annotations" / "story-pairs.json"]
        for pairs in args.pairs or default:
            evaluate(args.corpus, pairs, threshold, args.span)
        if args.all:
            whole_corpus(args.corpus, threshold, args.span)


if __name__ == "__main__":
    main()
