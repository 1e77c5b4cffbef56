"""Synthetic digests of real Arabic: the fixtures' and the seed's paragraphs recombined
into N articles over one year, each paragraph made unique, with deterministic
English-looking text for the translation memory when wanted (no model needed). Used by the
tests of a large site and by bench/build.py."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = (
    "the talks on Libya ended on Monday without a ceasefire as the foreign ministers of "
    "Russia and Turkey met the rival leaders in Moscow while the United Nations called "
    "for calm and the army said its forces would hold their positions near the capital"
)
WORDS = ENGLISH.split()
CITIES = ["طرابلس", "بنغازي", "تونس", "القاهرة", "الجزائر", "الرباط", "عمّان", "بيروت", "دمشق"]


def paragraph_pool() -> tuple[list[str], list[str]]:
    """Arabic paragraphs and titles from the fixtures and the seed."""
    import yaml

    from digest.reading import read_seed

    paragraphs: list[str] = []
    titles: list[str] = []
    for path in (ROOT / "seeds").glob("*.txt"):
        [article] = read_seed(path)
        paragraphs += article.body
        titles.append(article.title)
    fixtures = ROOT / "tests" / "fixtures"
    extra = [fixtures / "articles" / "tunisia-election.md", *(fixtures / "search").glob("*.md")]
    for path in extra:
        [article] = read_seed(path)
        paragraphs += article.body
        titles.append(article.title)
    for name in ("actors", "quotes"):
        for case in yaml.safe_load((fixtures / name / "annotated.yml").read_text("utf-8")):
            paragraphs.append(" ".join(case["text"].split()))
    return paragraphs, titles


def write_site(folder: Path) -> Path:
    """A site project with no seeds yet: the demo's settings, pages and templates."""
    for name in ("mkdocs.yml", "actors.yml", "glossary.yml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("docs", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    seeds = folder / "seeds"
    seeds.mkdir()
    return seeds


OUTLETS = ["okaz", "alriyadh", "aawsat", "sabq", "alyaum", "almadina"]

REPRINTS = 10
"""Every tenth article is another outlet's shorter rewrite of the one before, the same
day or the next: one story of two articles (or more, with other stories' paragraphs)."""


def write_digest(folder: Path, size: int) -> None:
    """A site project with `size` articles in `seeds/` (Markdown with front matter)."""
    seeds = write_site(folder)
    paragraphs, titles = paragraph_pool()
    rng = random.Random(size)
    first = dt.date(2025, 1, 1)
    unique = 0
    title, body, day = "", [], first
    for number in range(size):
        if number % REPRINTS == REPRINTS - 1:
            day += dt.timedelta(days=rng.randrange(2))
            title, body = f"{title.rsplit(' (', 1)[0]} ({number + 1})", body[:3]
        else:
            day = first + dt.timedelta(days=rng.randrange(365))
            title = f"{rng.choice(titles)} ({number + 1})"
            body = []
            # Every paragraph made unique, so that no cache keyed by text flatters the figures.
            for paragraph in rng.sample(paragraphs, rng.randint(5, 10)):
                unique += 1
                city = rng.choice(CITIES)
                body.append(f"{paragraph.rstrip('.')}، بحسب مصادر في {city} ({unique}).")
        text = (
            f'---\ntitle: "{title}"\ndate: {day}\nslug: article-{number + 1}\n'
            f"source: {rng.choice(OUTLETS)}\n---\n\n"
        )
        (seeds / f"article-{number + 1:05}.md").write_text(
            text + "\n\n".join(body) + "\n", encoding="utf-8"
        )


class FakeEnglish:
    """Deterministic English-looking text as long as the Arabic, so that the memory is
    full without a model."""

    label = "bench"

    def translate(self, texts, on_chunk=None):  # type: ignore[no-untyped-def]
        from digest.model import Translation

        out = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            rng = random.Random(seed)
            words = [rng.choice(WORDS) for _ in range(max(3, len(text.split())))]
            sentence = " ".join(words).capitalize() + "."
            out.append(Translation(sentence, "machine", "", engine="bench", score=-0.5))
        if on_chunk:
            on_chunk(list(range(len(texts))), out)
        return out


def fill_memory(folder: Path) -> None:
    """Give every sentence of the project's seeds English in the translation memory."""
    from digest.build import prepare
    from digest.project import Project

    prepare(Project.from_section(folder, {}), lambda: FakeEnglish())
