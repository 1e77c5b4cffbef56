"""Annotation accuracy on real news: actors, quotes and sources against hand annotations.

Run by hand:  .venv/bin/python bench/accuracy.py [--corpus DIR] [--half tuning|held-out]
                                                 [--sample-day 2015-07-21] [--errors]
              .venv/bin/python bench/accuracy.py --time 1000 [--workers N]   (time only)

The hand annotations (`bench/annotations/<half>.json`, made by the scheme of the shared
annotation guidelines) name each article by its url; the articles themselves are read from
the SaudiNewsNet corpus (CC BY-NC-SA 4.0, kept out of this repository), by default
`../shared/corpus/saudinewsnet` beside the project. The articles are annotated by digest as
a build does it (no translation model), with the project's `actors.yml`, turned into the
scorer's neutral form, and scored by the shared scorer (`../shared/eval/score.py`).

The tuning half is for looking at errors; the held-out half is only measured.

With `--sample-day`, the first 300 articles of that corpus day are annotated as well: the
number of actors a reader is shown, and a seeded random 50 of the discovered ones listed
for judging by hand (is each a real entity of the right type?).
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import random
import sys
import tempfile
import time
import zipfile
from collections import defaultdict
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "bench" / "annotations"
SHARED = ROOT.parent / "shared"
HALVES = ("tuning", "held-out")


def corpus_records(corpus: Path) -> dict[str, dict[str, Any]]:
    """Every record of the corpus by url (the first day a url appears in)."""
    records: dict[str, dict[str, Any]] = {}
    for day in sorted(corpus.glob("*.zip")):
        for record in day_records(day):
            if record.get("url"):
                records.setdefault(record["url"], record)
    return records


def day_records(day: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(day) as archive:
        data: list[dict[str, Any]] = json.load(archive.open(archive.namelist()[0]))
    return data


def annotate(records: list[dict[str, Any]], workers: int = 0) -> tuple[Any, float]:
    """digest's build of the records as one JSON corpus (no model), and its time in seconds:
    in `workers` processes, 0 for every core (as a build does by default)."""
    from digest.build import prepare
    from digest.project import Project

    with tempfile.TemporaryDirectory(prefix="digest-accuracy-") as folder:
        project_dir = Path(folder)
        (project_dir / "seeds").mkdir()
        (project_dir / "seeds" / "corpus.json").write_text(
            json.dumps(records, ensure_ascii=False), encoding="utf-8"
        )
        (project_dir / "actors.yml").write_bytes((ROOT / "actors.yml").read_bytes())
        project = Project.from_section(project_dir, {"workers": workers})
        started = time.perf_counter()
        prepared = prepare(project, None, save=False)
        return prepared, time.perf_counter() - started


def predictions(prepared: Any) -> dict[str, Any]:
    """The build's annotations in the scorer's neutral form, one entry per article url."""
    actors = prepared.state.actors
    out = []
    for article in prepared.articles:
        sentences = [article.title_sentence, *article.sentences]
        forms: dict[str, list[str]] = defaultdict(list)
        quotes, sources = [], []
        for sentence in sentences:
            for mention in sentence.mentions:
                forms[mention.actor].append(sentence.text[mention.start : mention.end])
            for quote in sentence.quotes:
                speaker = actors.get(quote.speaker or "")
                quotes.append(
                    {
                        "text_ar": sentence.text[quote.start : quote.end],
                        "speaker_en": speaker.en if speaker else quote.speaker_en,
                        "speaker_ar": [speaker.ar, *speaker.variants_ar]
                        if speaker
                        else [quote.speaker_ar] * bool(quote.speaker_ar),
                    }
                )
            for attribution in sentence.attributions:
                source = actors.get(attribution.source or "")
                sources.append(
                    {
                        "phrase_ar": sentence.text[attribution.start : attribution.end],
                        "source_en": source.en if source else "",
                    }
                )
        out.append(
            {
                "id": article.url,
                "actors": [
                    {"type": actors[i].type, "name_en": actors[i].en, "surface_ar": sorted(set(f))}
                    for i, f in forms.items()
                    if i in actors
                ],
                "quotes": quotes,
                "sources": sources,
            }
        )
    return {"articles": out}


def scorer() -> Any:
    path = SHARED / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"The scorer is not at {path}.")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(gold: dict[str, Any], predicted: dict[str, Any]) -> str:
    """The shared scorer's report of the predictions against the gold annotations."""
    with tempfile.TemporaryDirectory() as folder:
        gold_path, predicted_path = Path(folder, "gold.json"), Path(folder, "pred.json")
        gold_path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
        predicted_path.write_text(json.dumps(predicted, ensure_ascii=False), encoding="utf-8")
        report = io.StringIO()
        with redirect_stdout(report):
            scorer().main(str(predicted_path), str(gold_path))
    return report.getvalue()


def errors(gold: dict[str, Any], predicted: dict[str, Any]) -> list[str]:
    """Actors, quotes and sources of the gold missed or added, per article (for tuning)."""
    module = scorer()
    found = {a["id"]: a for a in predicted["articles"]}
    lines = []
    for article in gold["articles"]:
        mine = found.get(article["id"], {"actors": [], "quotes": [], "sources": []})
        lines.append(f"== {article['id']}")
        for g in article["actors"]:
            if not any(module.actor_match(p, g) for p in mine["actors"]):
                lines.append(f"  missed {g['type']}: {g['name_en']} {g['surface_ar']}")
        for p in mine["actors"]:
            if not any(module.actor_match(p, g) for g in article["actors"]):
                lines.append(f"  extra  {p['type']}: {p['name_en']} {p['surface_ar']}")
        for g in article["quotes"]:
            lines.append(f"  gold quote [{g['speaker_en']}] {g['text_ar'][:70]}")
        for p in mine["quotes"]:
            lines.append(f"  mine quote [{p['speaker_en']}] {p['text_ar'][:70]}")
        for g in article.get("sources", []):
            lines.append(f"  gold source {g['phrase_ar']}")
        for p in mine["sources"]:
            lines.append(f"  mine source {p['phrase_ar']}")
    return lines


def measure_half(half: str, records: dict[str, dict[str, Any]], show_errors: bool) -> None:
    gold = json.loads((ANNOTATIONS / f"{half}.json").read_text(encoding="utf-8"))
    wanted = [records[a["id"]] for a in gold["articles"] if a["id"] in records]
    missing = len(gold["articles"]) - len(wanted)
    prepared, seconds = annotate(wanted)
    predicted = predictions(prepared)
    outlets = len({records[a["id"]]["source"] for a in gold["articles"] if a["id"] in records})
    print(f"## {half}: {len(wanted)} articles from {outlets} outlets ({seconds:.1f} s)")
    if missing:
        print(f"   ({missing} annotated articles are not in the corpus given)")
    print(score(gold, predicted))
    if show_errors:
        print("\n".join(errors(gold, predicted)))


def sample_day(corpus: Path, day: str, seed: int = 7) -> None:
    """Actors shown on the first 300 articles of a corpus day, and 50 discovered ones to judge."""
    records = [r for r in day_records(corpus / f"{day}.zip") if r.get("content")][:300]
    prepared, seconds = annotate(records)
    shown: dict[str, int] = defaultdict(int)
    for article in prepared.articles:
        for sentence in [article.title_sentence, *article.sentences]:
            for mention in sentence.mentions:
                shown[mention.actor] += 1
    actors = prepared.state.actors
    discovered = sorted(i for i in shown if i in actors and not actors[i].reviewed)
    print(f"## {day}: first {len(records)} articles ({seconds:.1f} s)")
    print(f"actors shown: {len(shown)}, of which discovered: {len(discovered)}")
    for actor_id in random.Random(seed).sample(discovered, min(50, len(discovered))):
        actor = actors[actor_id]
        print(f"  {actor.type:<13}{actor.ar:<30}{actor.en:<32}{shown[actor_id]:>4}")


def time_day(corpus: Path, day: str, count: int, workers: int) -> None:
    """How long annotating the first `count` articles of a corpus day takes (one process).
    Run it in two checkouts, one after the other, for the ratio of two versions."""
    records = [r for r in day_records(corpus / f"{day}.zip") if r.get("content")][:count]
    prepared, seconds = annotate(records, workers)
    print(f"## {day}: {len(prepared.articles)} articles annotated in {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "saudinewsnet")
    parser.add_argument("--half", choices=HALVES, action="append", help="default: both")
    parser.add_argument("--sample-day", help="a corpus day, e.g. 2015-07-21")
    parser.add_argument("--errors", action="store_true", help="list misses and extras")
    parser.add_argument("--time", type=int, metavar="N", help="time N articles of --time-day")
    parser.add_argument("--time-day", default="2015-07-22")
    parser.add_argument(
        "--workers", type=int, default=0, help="processes for --time (default: every core)"
    )
    args = parser.parse_args()
    if not args.corpus.is_dir() or not any(args.corpus.glob("*.zip")):
        sys.exit(
            f"The SaudiNewsNet corpus is not at {args.corpus}: this benchmark reads the "
            "annotated articles from it (see bench/annotations/README.md). Give --corpus DIR."
        )
    if not (SHARED / "eval" / "score.py").is_file():
        sys.exit(f"The shared scorer is not at {SHARED / 'eval' / 'score.py'}.")
    if args.time:
        time_day(args.corpus, args.time_day, args.time, args.workers)
        return
    records = corpus_records(args.corpus)
    for half in args.half or HALVES:
        measure_half(half, records, args.errors and half == "tuning")
    if args.sample_day:
        sample_day(args.corpus, args.sample_day)


if __name__ == "__main__":
    main()
